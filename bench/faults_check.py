"""Reads the bot's SQLite outbox and the Twilio stand-in's record for bench/faults.sh.

python3 bench/faults_check.py outbox DB RECORD [--priority P]  -> one JSON line of counts
The outbox rows live in the generic `entities` table (tbl, pk, rk, data) with data = {"Column": [tag, value], ...}.
No number or text is printed: recipients are encrypted in the database and only counted from the record.
"""
import collections, json, sqlite3, sys


def rows(db):
    # Read-only URI: the bot may be running and writing; we must never take a write lock on its file.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        for rk, data in con.execute("SELECT rk, data FROM entities WHERE tbl = 'outbox'"):
            yield rk, {k: v[1] for k, v in json.loads(data).items()}
    finally:
        con.close()


def record(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def outbox(db, rec, priority=None):
    msgs, due = [], 0
    for rk, d in rows(db):
        if rk.startswith("msg-"):
            if priority is None or d.get("Priority") == priority:
                msgs.append(d)
        elif rk.startswith("due-"):
            due += 1
    status = collections.Counter(str(m.get("Status")) for m in msgs)
    final = {"Sent", "Delivered", "Failed", "Undelivered"}
    failed_no_reason = sum(1 for m in msgs if m.get("Status") in ("Failed", "Undelivered") and not m.get("FailureReason"))
    sent_no_sid = sum(1 for m in msgs if m.get("Status") == "Sent" and not m.get("ProviderSid"))
    accepted = record(rec)
    sids = {a["sid"] for a in accepted}
    pairs = collections.Counter((a["to"], a["bodyHash"]) for a in accepted)
    out = {
        "messages": len(msgs),
        "pending": sum(1 for m in msgs if m.get("Status") not in final),
        "due_pointers": due,
        "status": dict(status),
        "failed_without_reason": failed_no_reason,
        "sent_without_sid": sent_no_sid,
        # A Sent row whose sid the stand-in never issued would be a send we cannot account for.
        "sent_sid_unknown": sum(1 for m in msgs if m.get("Status") == "Sent" and m.get("ProviderSid") and m["ProviderSid"] not in sids),
        "accepted": len(accepted),
        "accepted_distinct": len(pairs),
        "accepted_recipients": len({a["to"] for a in accepted}),
        "duplicates": sum(c - 1 for c in pairs.values() if c > 1),
        "failure_reasons": dict(collections.Counter(m.get("FailureReason") for m in msgs if m.get("Status") == "Failed")),
    }
    print(json.dumps(out, sort_keys=True))


def count(db, priority=None):
    try:
        print(sum(1 for rk, d in rows(db) if rk.startswith("msg-") and (priority is None or d.get("Priority") == priority)))
    except sqlite3.Error:
        print(0)


def kill_at(db, pid, seconds, priority):
    """SIGKILL pid as soon as the first message of `priority` is in the outbox; prints the count seen (-1: never)."""
    import os, signal, time
    deadline = time.monotonic() + max(1, seconds)
    while time.monotonic() < deadline:
        try:
            n = sum(1 for rk, d in rows(db) if rk.startswith("msg-") and d.get("Priority") == priority)
        except sqlite3.Error:
            n = 0
        if n >= 1:
            os.kill(pid, signal.SIGKILL)
            print(n)
            return
        time.sleep(0.005)
    print(-1)


if __name__ == "__main__":
    cmd, db = sys.argv[1], sys.argv[2]
    pr = sys.argv[sys.argv.index("--priority") + 1] if "--priority" in sys.argv else None
    if cmd == "outbox":
        outbox(db, sys.argv[3], pr)
    elif cmd == "kill-at":
        kill_at(db, int(sys.argv[3]), int(sys.argv[4]), pr)
    elif cmd == "count":
        count(db, pr)
