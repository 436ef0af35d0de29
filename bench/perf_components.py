"""Groups a `perf report --no-children --sort dso,sym --stdio` listing into components: the share of samples per
part of the stack (our code, the Azure SDK, HTTP, JSON, the runtime, the kernel...). Usage: perf_components.py FILE"""
import re
import sys
from collections import defaultdict

# First match wins: most specific first.
COMPONENTS = [
    ("Azure.Data.Tables (SDK: entity (de)serialisation, requests)", r"Azure\.Data\.Tables"),
    ("Azure.Core (pipeline, retry, logging, diagnostics)", r"Azure\.Core|Azure\.(?!Data)"),
    ("HTTP client (System.Net.Http, sockets)", r"System\.Net\.(Http|Sockets)"),
    ("Kestrel / ASP.NET Core", r"Microsoft\.AspNetCore|Microsoft\.Extensions"),
    ("JSON (System.Text.Json)", r"System\.Text\.Json"),
    ("Diagnostics (Activity, EventSource, logging)", r"System\.Diagnostics|Microsoft\.Extensions\.Logging"),
    ("Our code: storage adapter", r"BotService\.Storage"),
    ("Our code: the rest", r"BotService"),
    ("Crypto (HMAC, AES, hashing)", r"System\.Security\.Cryptography|libcrypto|libssl"),
    ("Other managed (BCL, async plumbing, collections, strings)", r"^System\.|^Microsoft\.|\[unknown\]|perf-\d+\.map"),
    ("Runtime (JIT, GC, type system)", r"libcoreclr|libclrjit|libSystem\.Native"),
    ("Kernel (network stack, scheduling)", r"\[kernel|\[k\]"),
    ("libc and other native", r".*"),
]

def main(path: str) -> None:
    shares = defaultdict(float)
    total = 0.0
    line_re = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)$")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = line_re.match(line)
            if not m:
                continue
            pct, dso, kind, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4)
            text = ("[k] " if kind == "k" else "") + sym + " " + dso
            for name, pattern in COMPONENTS:
                if re.search(pattern, sym) or (pattern.startswith(r"libcoreclr") and re.search(pattern, dso)) \
                        or (kind == "k" and name.startswith("Kernel")):
                    shares[name] += pct
                    break
            total += pct
    if total == 0:
        print("no samples parsed")
        return
    print(f"== CPU share by component ({total:.1f} % of samples parsed)")
    for name, pct in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"{pct:6.1f} %  {name}")

if __name__ == "__main__":
    main(sys.argv[1])
