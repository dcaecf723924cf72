#!/usr/bin/env python3
"""PostgreSQL restart under load (issue: a database outage is 503, not 500).

8 clients report concerns (each with an Idempotency-Key) and read them back over HTTP on loopback while the
local cluster restarts; prints the answers by status, any 503 without Retry-After, and how many acknowledged
reports are missing afterwards. Run from the repository with the service running (scripts/run.sh) and the
directory holding the pupil 0b000000-0000-4000-8000-000000000001 (the README's walkthrough adds her):

    API=http://127.0.0.1:5080 DURATION=30 python3 benchmarks/restart-under-load.py "$TEACHER" "$DSL"

Bounded: it stops by itself after DURATION seconds, and sends traffic only to API (loopback).
"""
import json, os, subprocess, sys, threading, time, uuid, urllib.request, urllib.error, collections

API = os.environ.get("API", "http://127.0.0.1:5080")
TEACHER, DSL = sys.argv[1], sys.argv[2]
RESTART = sys.argv[3] if len(sys.argv) > 3 else "scripts/db.sh stop && scripts/db.sh start"  # restarts the cluster
DURATION = float(os.environ.get("DURATION", "30"))
PUPIL = "0b000000-0000-4000-8000-000000000001"
counts = collections.Counter()
acknowledged, lock = [], threading.Lock()
retry_after_missing = collections.Counter()

def call(method, path, token, body=None, headers=None):
    req = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except Exception as e:
        return "error:" + type(e).__name__, b"", {}

def worker(stop):
    while not stop.is_set():
        key = str(uuid.uuid4())
        body = {"pupils": [{"pupilId": PUPIL, "role": "victim"}], "category": "cyberbullying",
                "account": "Messages in a group chat.", "occurredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))}
        status, data, headers = call("POST", "/api/concerns", TEACHER, body, {"Idempotency-Key": key})
        with lock:
            counts[("report", status)] += 1
            if status == 503 and not headers.get("Retry-After"):
                retry_after_missing["report"] += 1
            if status == 201:
                acknowledged.append(json.loads(data)["id"])
        if status == 201:
            cid = json.loads(data)["id"]
            s2, _, h2 = call("GET", f"/api/cases/{cid}", DSL)
            with lock:
                counts[("view", s2)] += 1
                if s2 == 503 and not h2.get("Retry-After"):
                    retry_after_missing["view"] += 1

stop = threading.Event()
threads = [threading.Thread(target=worker, args=(stop,)) for _ in range(8)]
for t in threads: t.start()
time.sleep(DURATION / 3)
t0 = time.time()
subprocess.run(RESTART, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"restart took {time.time() - t0:.1f} s", flush=True)
time.sleep(DURATION * 2 / 3)
stop.set()
for t in threads: t.join()
print("answers by status:", dict(sorted(((f"{k[0]} {k[1]}", v) for k, v in counts.items()))))
print("503 without Retry-After:", dict(retry_after_missing))
missing = 0
for cid in acknowledged:
    s, _, _ = call("GET", f"/api/cases/{cid}", DSL)
    if s != 200: missing += 1
print(f"acknowledged reports: {len(acknowledged)}, missing afterwards: {missing}")
