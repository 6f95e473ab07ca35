#!/usr/bin/env python3
"""Four gzip bombs in flight and another tenant's GET /syncs beside them (issue 21), against a running cio-sync.

Usage: bomb.py BASE_URL BOMB_TOKEN OTHER_TOKEN CONFIG_JSON OUT_DIR [BOMBS]
Writes OUT_DIR/bomb.gz (about 2 MB: "[" + 2 GiB of spaces + "]" as 130 gzip members), posts it BOMBS times at once
(multipart, with curl) as one tenant while another tenant lists its jobs in a loop, and prints each bomb's status and
seconds and the other tenant's latencies (count, p50, p99, max) over the time the bombs were in flight."""
import gzip, http.client, subprocess, sys, threading, time, urllib.parse

base, bomb_token, other_token, config, out = sys.argv[1:6]
bombs = int(sys.argv[6]) if len(sys.argv) > 6 else 4
path = f"{out}/bomb.gz"
member = gzip.compress(b" " * (16 << 20), 9)
with open(path, "wb") as f:
    f.write(gzip.compress(b"[")); [f.write(member) for _ in range(128)]; f.write(gzip.compress(b"]"))

url = urllib.parse.urlparse(base)
latencies, stop = [], threading.Event()
def poll():
    conn = http.client.HTTPConnection(url.hostname, url.port)
    while not stop.is_set():
        t0 = time.perf_counter()
        conn.request("GET", "/syncs?limit=20", headers={"Authorization": f"Bearer {other_token}"})
        r = conn.getresponse(); r.read()
        if r.status != 200: raise SystemExit(f"GET /syncs answered {r.status}")
        latencies.append(time.perf_counter() - t0)
        time.sleep(0.01)
def post(i, results):
    t0 = time.perf_counter()
    status = subprocess.run(["curl", "-s", "-o", f"{out}/bomb-{i}.json", "-w", "%{http_code}",
                             "-H", f"Authorization: Bearer {bomb_token}", "-F", f"config=@{config};type=application/json",
                             "-F", f"data=@{path};filename=users.json.gz", f"{base}/syncs"],
                            capture_output=True, text=True).stdout
    results[i] = (status, time.perf_counter() - t0)

poller = threading.Thread(target=poll); poller.start()
time.sleep(1); warm = len(latencies); del latencies[:warm]  # the poller's own first requests are not counted
results = {}
posts = [threading.Thread(target=post, args=(i, results)) for i in range(bombs)]
t0 = time.perf_counter(); [p.start() for p in posts]; [p.join() for p in posts]; wall = time.perf_counter() - t0
stop.set(); poller.join()
lat = sorted(latencies)
pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
import os
print(f"bomb: {os.path.getsize(path)} bytes gzip, 2 GiB + 2 bytes inflated; {bombs} in flight, all answered in {wall:.2f} s")
for i in sorted(results):
    print(f"  bomb {i}: HTTP {results[i][0]} in {results[i][1]:.2f} s: {open(f'{out}/bomb-{i}.json').read()[:160]}")
print(f"other tenant GET /syncs while they were in flight: {len(lat)} requests, p50 {pct(0.5):.1f} ms, "
      f"p99 {pct(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms")
