#!/usr/bin/env python3
"""The PostgreSQL checks of `make test` (SPEC §6), on a throwaway cluster this script starts itself
(initdb as the `postgres` user into a temporary folder, a free port on 127.0.0.1) and stops at the end:

- the day-by-day check against a model of SPEC, on PostgreSQL;
- the same commands on SQLite and PostgreSQL give the same output byte for byte (demo data, every
  format, --all, --owner, done/skip/log, the report), also on a database whose default collation is
  not bytewise (ICU en-US);
- concurrent runs for different sellers and for everyone, with done and log, never record an action
  twice and lose nothing;
- kill -9 at random moments of a run leaves no half-recorded action;
- the web app over PostgreSQL: a seller's done in the page is the ledger's, another seller's
  customer is not found.

usage: scripts/pg-check.py BINARY [DAY_BY_DAY_TRIALS] [KILL_TRIALS] [CONCURRENT_ROUNDS]
Without PostgreSQL's programs installed it fails (it never skips silently).
"""
import http.cookiejar, json, os, random, re, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_process  # noqa: E402

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/playbook")
DAY_TRIALS = int(sys.argv[2]) if len(sys.argv) > 2 else 6
KILL_TRIALS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 10
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_BIN = "/usr/lib/postgresql/15/bin"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster():
    if not os.path.exists(f"{PG_BIN}/initdb"):
        sys.exit("pg-check: PostgreSQL 15 is not installed (apt-get install postgresql-15); the team-database "
                 "checks cannot run")
    folder = tempfile.mkdtemp(prefix="playbook-pg-")
    shutil.chown(folder, "postgres")
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(as_postgres + [f"{PG_BIN}/initdb", "-D", f"{folder}/data", "-U", "postgres", "-A", "trust",
                                  "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run(as_postgres + [f"{PG_BIN}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", "-w", "-o",
                                  f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    return folder, port, as_postgres


def stop_cluster(folder, as_postgres):
    subprocess.run(as_postgres + [f"{PG_BIN}/pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


folder, port, as_postgres = start_cluster()
SERVER = f"postgres://postgres@127.0.0.1:{port}"
work = tempfile.mkdtemp(prefix="playbook-pgcheck-")
databases = 0


def new_database(icu=False):
    global databases
    databases += 1
    name = f"check{databases}"
    options = "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'" if icu else ""
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc",
                    f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0 {options}"], check=True,
                   capture_output=True)
    return f"{SERVER}/{name}?sslmode=disable"


def pb(*args, db, check_exit=True):
    result = subprocess.run([BIN, *args, "--db", db, "--playbooks", os.path.join(ROOT, "playbooks")],
                            capture_output=True, cwd=ROOT)
    if check_exit and result.returncode != 0:
        raise RuntimeError(f"{args}: {result.stderr.decode()}")
    return result


def load_demo(db):
    for table in ("customers", "orders", "events"):
        pb("import", table, f"examples/demo/{table}.csv", db=db)


try:
    # 1. Day by day against the model of SPEC, on PostgreSQL.
    env = dict(os.environ, PLAYBOOK_CHECK_PG=SERVER)
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts/day-by-day-check.py"), BIN, str(DAY_TRIALS), "1"],
                            env=env, capture_output=True, text=True, cwd=ROOT)
    check(result.returncode == 0, f"day-by-day check on PostgreSQL: {result.stdout.strip().splitlines()[-1:]}")

    # 2. The same output on both backends, also with a non-bytewise default collation.
    for icu in (False, True):
        sqlite = os.path.join(work, f"same{icu}.sqlite")
        postgres = new_database(icu)
        for db in (sqlite, postgres):
            load_demo(db)
        steps = [
            ("run", "--as-of", "2026-11-20", "--format", "jsonl"),
            ("run", "--as-of", "2026-11-23", "--format", "table", "--width", "120"),
            ("run", "--as-of", "2026-11-23", "--format", "csv", "--all"),
            ("run", "--as-of", "2026-11-23", "--format", "jsonl", "--owner", "S01"),
            ("log", "C014", "reply", "--at", "2026-11-23 09:00", "--note", "好"),
            ("done", "complaint-care/answer-now/C008/E0038", "--at", "2026-11-23 10:00"),
            ("skip", "complaint-care/answer-now/C010/E0035", "--at", "2026-11-23 10:00"),
            ("run", "--as-of", "2026-11-24", "--format", "jsonl", "--all"),
            ("run", "--as-of", "2026-11-30", "--format", "jsonl", "--dry-run", "--max-per-customer", "1"),
            ("report", "--as-of", "2026-11-30", "--from", "2026-07-01", "--format", "json", "--by", "owner", "--by", "week"),
            ("customers", "--find", "謝"),
            ("explain", "complaint-care/answer-now/C008/E0038", "--as-of", "2026-11-24"),
        ]
        same = True
        for step in steps:
            a, b = pb(*step, db=sqlite, check_exit=False), pb(*step, db=postgres, check_exit=False)
            if (a.returncode, a.stdout) != (b.returncode, b.stdout):
                same = False
                print(f"  differs: {' '.join(step)}", file=sys.stderr)
        check(same, f"SQLite and PostgreSQL{' (ICU en-US collation)' if icu else ''} print the same, byte for byte")

    # 3. Concurrent runs for two sellers and for everyone, with done and log, ROUNDS rounds.
    db = new_database()
    load_demo(db)
    doubles = lost = errors = 0
    for round_index in range(ROUNDS):
        as_of = f"2026-{10 + round_index // 28:02d}-{1 + round_index % 28:02d}"
        commands = [[BIN, "run", "--db", db, "--playbooks", "playbooks", "--as-of", as_of, "--format", "jsonl"] + extra
                    for extra in ([], ["--owner", "S01"], ["--owner", "S02"], ["--owner", "S01"])]
        commands.append([BIN, "log", "C001", "reply", "--db", db, "--at", f"{as_of} 08:00", "--note", f"r{round_index}"])
        processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                     for command in commands]
        for process in processes:
            process.communicate()
            errors += process.returncode != 0
        listed = pb("run", "--as-of", as_of, "--format", "jsonl", "--all", "--dry-run", db=db).stdout.decode()
        keys = [json.loads(line)["key"] for line in listed.splitlines()]
        doubles += len(keys) - len(set(keys))
    events = pb("customer", "C001", "--format", "json", db=db).stdout.decode()
    lost = sum(1 for round_index in range(ROUNDS) if f'"note":"r{round_index}"' not in events)
    check(doubles == 0 and lost == 0 and errors == 0,
          f"{ROUNDS} rounds of 4 concurrent runs and a log: {doubles} doubled, {lost} lost, {errors} failed")

    # 4. kill -9 during a run: the next run lists what an unkilled run lists, with no double.
    reference = new_database()
    load_demo(reference)
    expected = pb("run", "--as-of", "2026-11-23", "--format", "jsonl", db=reference).stdout
    rng = random.Random(7)
    bad = 0
    for trial in range(KILL_TRIALS):
        target = new_database()
        load_demo(target)
        process = subprocess.Popen([BIN, "run", "--db", target, "--playbooks", "playbooks", "--as-of", "2026-11-23"],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = pb("run", "--as-of", "2026-11-23", "--format", "jsonl", db=target).stdout
        keys = [json.loads(line)["key"] for line in
                pb("run", "--as-of", "2026-11-23", "--format", "jsonl", "--all", db=target).stdout.decode().splitlines()]
        if after != expected or len(keys) != len(set(keys)):
            bad += 1
    check(bad == 0, f"kill -9 during a run, {KILL_TRIALS} trials: {bad} left a half-recorded or doubled action")

    # 5. db copy both ways gives the same listing; a target with data is refused.
    source = os.path.join(work, "copy-source.sqlite")
    load_demo(source)
    before = pb("run", "--as-of", "2026-11-23", "--format", "jsonl", db=source).stdout
    team = new_database()
    there = subprocess.run([BIN, "db", "copy", source, team], capture_output=True, cwd=ROOT)
    back = os.path.join(work, "copy-back.sqlite")
    home = subprocess.run([BIN, "db", "copy", team, back], capture_output=True, cwd=ROOT)
    again = subprocess.run([BIN, "db", "copy", source, team], capture_output=True, text=True, cwd=ROOT)
    same = all(pb("run", "--as-of", "2026-11-24", "--format", "jsonl", "--dry-run", db=db).stdout
               == pb("run", "--as-of", "2026-11-24", "--format", "jsonl", "--dry-run", db=source).stdout
               for db in (team, back))
    check(there.returncode == 0 and home.returncode == 0 and same and again.returncode != 0
          and "not empty" in again.stderr and before != b"",
          "db copy SQLite → PostgreSQL → SQLite lists the same; a target with data is refused")

    # 6. The password never shows, and a wrong one is a sentence.
    wrong = subprocess.run([BIN, "run", "--db", f"postgres://postgres:s3cret-pw@127.0.0.1:{free_port()}/x",
                            "--playbooks", "playbooks"], capture_output=True, text=True, cwd=ROOT)
    check(wrong.returncode != 0 and "s3cret-pw" not in wrong.stderr + wrong.stdout and "cannot connect" in wrong.stderr,
          "an unreachable server is named without its password")
    # 7. The web app on PostgreSQL: a seller signs in, marks an action done in the page, and the
    # command line sees it; another seller's customer is not found.
    web = new_database()
    load_demo(web)
    pb("run", "--as-of", "2026-11-23", db=web)
    subprocess.run([BIN, "user", "add", "S01", "--role", "seller", "--db", web], input=b"pg-seller-1\n",
                   capture_output=True, check=True, cwd=ROOT)
    server, base = serve_process.start(BIN, web, ROOT)
    try:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        login = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
        try:
            opener.open(base + "/login", urllib.parse.urlencode(
                {"user": "S01", "password": "pg-seller-1", "csrf": token}).encode())
        except urllib.error.HTTPError as error:
            if error.code != 303:
                raise
        today = opener.open(base + "/today").read().decode()
        action = re.search(r'action="/actions/([^"/]+)/done"', today)
        csrf = re.search(r'name="csrf" value="([^"]+)"', today)
        key = urllib.parse.unquote(action.group(1)) if action else ""
        target = f"/actions/{action.group(1)}/done" if action else "/today"
        request = urllib.request.Request(
            base + target,
            data=urllib.parse.urlencode({"csrf": csrf.group(1) if csrf else ""}).encode(),
            headers={"X-Requested-With": "fetch"})
        status = opener.open(request).status
        listed = pb("run", "--as-of", "2026-11-23", "--all", "--format", "jsonl", "--dry-run", db=web).stdout
        done = any(json.loads(line).get("key") == key and json.loads(line).get("status") == "done"
                   for line in listed.decode().splitlines())
        others = pb("run", "--as-of", "2026-11-23", "--format", "jsonl", "--dry-run", "--owner", "S02", db=web)
        other = json.loads(others.stdout.decode().splitlines()[0])["customer"] if others.stdout else "none"
        try:
            opener.open(base + "/customers/" + urllib.parse.quote(other))
            hidden = False
        except urllib.error.HTTPError as error:
            hidden = error.code == 404
        check(bool(key) and status == 204 and done and hidden,
              "the web app on PostgreSQL: done in the page is done for the command line; another seller's "
              "customer is not found")
    finally:
        serve_process.stop(server)
finally:
    stop_cluster(folder, as_postgres)
    shutil.rmtree(work, ignore_errors=True)

print(f"pg-check: {8 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
