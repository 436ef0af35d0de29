"""Groups a `perf report --no-children --sort dso,sym --stdio` listing into components: the share of CPU samples per
part of the stack (our code, the Azure SDK, HTTP, JSON, the runtime, the kernel...). Self time only: a component's
share is what its own frames cost, not what it calls. Usage: perf_components.py FILE"""
import re
import sys
from collections import defaultdict

# Managed frames (.NET's perf map names them "[Assembly] Namespace.Type::Method"), by the declaring type's assembly
# and namespace; first match wins, so the most specific comes first.
MANAGED = [
    ("Azure.Data.Tables (entity (de)serialisation, requests)", r"^Azure\.Data\.Tables"),
    ("Azure.Core (pipeline policies, transport adapter, diagnostics)", r"^Azure\.|^Microsoft\.Extensions\.Azure"),
    ("HTTP client, sockets, URIs (System.Net)", r"^System\.Net\.|^System\.Private\.Uri"),
    ("Logging, EventSource, Activity", r"^System\.Diagnostics\.|^Microsoft\.Extensions\.Logging"),
    ("ASP.NET Core and hosting", r"^Microsoft\.AspNetCore|^Microsoft\.Extensions"),
    ("JSON (System.Text.Json)", r"^System\.Text\.Json"),
    ("Our code: storage (adapter, mapper, SQLite)", r"BotService\.Storage"),
    ("Our code: the rest (pipeline, dialogs, privacy, Twilio)", r"^BotService"),
    ("Crypto (HMAC, AES, hashing)", r"^System\.Security\.Cryptography"),
    ("Thread pool, tasks, async state machines (CoreLib)", r"System\.Threading"),
    ("Other managed (CoreLib: collections, strings, casts, memory)", r".*"),
]
NATIVE = [
    ("Runtime native (GC, JIT, type system, thread-pool waits; libcoreclr has no symbols here)", r"libcoreclr|libclrjit|libSystem\.Native|libclrgc"),
    ("Crypto (HMAC, AES, hashing)", r"libcrypto|libssl|libSystem\.Security"),
    ("libc and other native", r".*"),
]
LINE = re.compile(r"^\s*([\d.]+)%\s+(.+?)\s+\[(.)\]\s+(.*)$")
DECLARING = re.compile(r"\[([\w.]+)\] ?([^\s\[:]*)$")


def component(dso: str, kind: str, sym: str) -> str:
    if kind == "k" or dso.startswith("[kernel"):
        return "Kernel (network stack, scheduling, memory)"
    # Precompiled (ReadyToRun) framework code has no symbols here, but its file names the assembly.
    precompiled = dso.endswith(".dll")
    if dso.startswith("[JIT]") or dso.startswith("perf-") or precompiled:
        if sym.startswith("stub "):
            return "Runtime stubs (write barriers, dispatch, casts)"
        head = sym.split("::", 1)[0]
        m = DECLARING.search(head)
        name = dso.rsplit("/", 1)[-1][:-4] if precompiled else (m.group(1) + " " + m.group(2)) if m else head
        for label, pattern in MANAGED:
            if re.search(pattern, name):
                return label
    for label, pattern in NATIVE:
        if re.search(pattern, dso):
            return label
    return "unclassified"


def main(path: str) -> None:
    shares = defaultdict(float)
    total = 0.0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                pct = float(m.group(1))
                shares[component(m.group(2), m.group(3), m.group(4))] += pct
                total += pct
    if total == 0:
        print("no samples parsed")
        return
    print(f"== CPU share by component, self time ({total:.1f} % of samples classified)")
    for name, pct in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"{pct:6.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
