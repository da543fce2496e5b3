#!/usr/bin/env python3
"""Load on `playbook serve` (docs/performance.md): SELLERS concurrent sellers, each signed in, refreshing
today and marking its first action done, for SECONDS seconds, against a copy of a benchmark database
on 127.0.0.1. Prints p50/p99 latency per request kind and the errors, then checks through the
command line that every action a 204 answered is done and that no key is listed twice.

usage: scripts/load-serve.py BINARY DATABASE [SELLERS] [SECONDS]   (e.g. after `make bench`:
       scripts/load-serve.py .build/release/playbook bench-data/100000/bench.sqlite 50 60)
"""
import http.cookiejar, json, os, re, shutil, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_process  # noqa: E402

BIN, SOURCE = os.path.abspath(sys.argv[1]), sys.argv[2]
SELLERS = int(sys.argv[3]) if len(sys.argv) > 3 else 50
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 60
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="playbook-load-")
db = os.path.join(work, "load.sqlite")
shutil.copy(SOURCE, db)
owners = sorted({line.split(",")[4] for line in open(os.path.join(os.path.dirname(SOURCE), "customers.csv"))
                 if not line.startswith("id,")})
for owner in owners:
    subprocess.run([BIN, "user", "add", owner, "--role", "seller", "--db", db], input="load-pass-1\n",
                   text=True, capture_output=True, cwd=ROOT)
server, base = serve_process.start(BIN, db, ROOT)

lock = threading.Lock()
latencies = {"today": [], "done": []}
errors = []
done_keys = []


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def seller(index):
    owner = owners[index % len(owners)]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"user": owner, "password": "load-pass-1", "csrf": csrf}).encode()
    try:
        opener.open(base + "/login", form)
    except urllib.error.HTTPError as error:
        if error.code != 303:
            raise
    deadline = time.time() + SECONDS
    while time.time() < deadline:
        started = time.time()
        try:
            body = opener.open(base + "/today", timeout=120).read().decode()
        except Exception as error:  # noqa: BLE001 - counted, the load goes on
            with lock:
                errors.append(f"today: {error}")
            continue
        with lock:
            latencies["today"].append(time.time() - started)
        match = re.search(r'action="(/actions/[^"]+/done)"', body)
        token = re.search(r'name="csrf" value="([^"]+)"', body)
        if not match or not token:
            continue
        request = urllib.request.Request(base + match.group(1), urllib.parse.urlencode({"csrf": token.group(1)}).encode(),
                                         headers={"X-Requested-With": "fetch"})
        started = time.time()
        try:
            status = opener.open(request, timeout=120).status
        except Exception as error:  # noqa: BLE001
            with lock:
                errors.append(f"done: {error}")
            continue
        with lock:
            latencies["done"].append(time.time() - started)
            if status == 204:
                done_keys.append(urllib.parse.unquote(match.group(1)[len("/actions/"):-len("/done")]))


threads = [threading.Thread(target=seller, args=(index,)) for index in range(SELLERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
serve_process.stop(server)


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


listed = subprocess.run([BIN, "run", "--db", db, "--all", "--dry-run", "--format", "jsonl", "--force",
                         "--playbooks", "playbooks"], capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
rows = [json.loads(line) for line in listed]
status = {row["key"]: row["status"] for row in rows}
lost = [key for key in done_keys if status.get(key) != "done"]
doubled = len(rows) - len({row["key"] for row in rows})
print(f"{SELLERS} sellers ({len(owners)} owners), {SECONDS:.0f} s, {os.path.getsize(SOURCE) >> 20} MiB database")
for kind, values in latencies.items():
    print(f"{kind}: {len(values)} requests, p50 {percentile(values, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(values, 0.99) * 1000:.0f} ms")
print(f"errors: {len(errors)}{' (' + errors[0] + ')' if errors else ''}; done answered: {len(done_keys)}, "
      f"not done after: {len(lost)}; keys listed twice: {doubled}")
shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if errors or lost or doubled else 0)
