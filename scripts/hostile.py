#!/usr/bin/env python3
"""Hostile and careless-user trials (`make hostile`): each group tries one class of mistake or attack
against the built binary and counts the trials whose outcome is the safe one (docs/reliability.md).

usage: scripts/hostile.py BINARY [TRIALS_PER_GROUP] [SEED]
"""
import csv as csv_module, io, os, random, shutil, sqlite3, subprocess, sys, tempfile, time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/playbook")
TRIALS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="playbook-hostile-")
results = []


def run(*args, timeout=60, env=None):
    if args and args[0] == "run" and "--playbooks" not in args:
        args = (*args, "--playbooks", os.path.join(ROOT, "playbooks"))
    started = time.time()
    try:
        done = subprocess.run([BIN, *args], capture_output=True, timeout=timeout, env=env, cwd=work)
        return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"), time.time() - started
    except subprocess.TimeoutExpired:
        return None, b"", "timeout", time.time() - started


def demo_db(name):
    db = os.path.join(work, name)
    for table in ("customers", "orders", "events"):
        code, _, err, _ = run("import", table, os.path.join(ROOT, "examples/demo", table + ".csv"), "--db", db)
        assert code == 0, err
    return db


def listing(db, playbooks=os.path.join(ROOT, "playbooks")):
    return run("run", "--db", db, "--playbooks", playbooks, "--as-of", "2026-11-23", "--dry-run", "--format", "jsonl")[1]


def group(name, trials):
    passed = sum(1 for ok in trials if ok)
    results.append((name, len(trials), passed))


def read(path):
    with open(path, "rb") as f:
        return f.read()


base = demo_db("base.sqlite")
run("run", "--db", base, "--playbooks", os.path.join(ROOT, "playbooks"), "--as-of", "2026-11-23")
before = listing(base)

# 1. A run with no loadable playbook: refused (exit 2), the ledger unchanged.
trials = []
for index in range(TRIALS):
    folder = os.path.join(work, f"pb{index}")
    os.makedirs(folder)
    kind = index % 4
    if kind == 1:
        open(os.path.join(folder, "notes.txt"), "w").write("hello")
    elif kind == 2:
        shutil.copy(os.path.join(ROOT, "playbooks/team.yaml"), folder)
    elif kind == 3:
        folder = os.path.join(work, f"missing{index}")
    code, _, _, _ = run("run", "--db", base, "--playbooks", folder, "--as-of", "2026-11-23")
    trials.append(code == 2 and listing(base) == before)
group("run with a missing, empty or wrong playbooks folder is refused, nothing changes", trials)

# 2. A mistyped --as-of far ahead: refused unless --force; a dry run may look.
trials = []
for _ in range(TRIALS):
    year = rng.choice([2027, 2030, 2062, 2126, 2200])
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    code, _, err, _ = run("run", "--db", base, "--as-of", day, "--playbooks", os.path.join(ROOT, "playbooks"))
    dry = run("run", "--db", base, "--as-of", day, "--dry-run", "--playbooks", os.path.join(ROOT, "playbooks"))[0]
    trials.append(code == 2 and "--force" in err and dry == 0 and listing(base) == before)
group("a recording run more than 31 days ahead is refused unless --force", trials)

# 3. Damaged files: cut short at random lengths or with page headers overwritten.
trials = []
whole = read(base)
for index in range(TRIALS):
    path = os.path.join(work, f"damaged{index}.sqlite")
    data = bytearray(whole)
    if index % 2 == 0:
        data = data[: rng.randint(100, len(data) - 1)]
    else:
        page = rng.randint(1, len(data) // 16384 - 1) * 16384
        data[page : page + 8] = bytes(rng.randint(0, 255) for _ in range(8))
    open(path, "wb").write(data)
    code, _, err, _ = run("run", "--db", path, "--as-of", "2026-11-23")
    unchanged = read(path) == bytes(data)
    # A cut file must be reported, untouched; an overwritten page header is refused untouched or,
    # when it harms nothing SQLite checks (a free page), the run goes on and lists what it listed.
    if index % 2 == 0:
        safe = code == 1 and "damaged" in err and unchanged
    else:
        safe = (code == 1 and "damaged" in err and unchanged) or (code == 0 and listing(path) == before)
    trials.append(safe)
group("a damaged database is reported before anything is written", trials)

# 4. Files that are not playbook databases.
trials = []
foreign = os.path.join(work, "foreign.sqlite")
connection = sqlite3.connect(foreign)
connection.execute("CREATE TABLE notes (x)")
connection.commit()
connection.close()
text = os.path.join(work, "notes.csv")
open(text, "w").write("id,name\nC1,A\n")
for path, words in [(foreign, "another program"), (text, "not a playbook database"), ("/dev/null", "regular file"),
                    (work, "regular file")]:
    before_bytes = read(path) if os.path.isfile(path) else None
    code, _, err, _ = run("run", "--db", path)
    after_bytes = read(path) if os.path.isfile(path) else None
    trials.append(code not in (0, None) and words in err and before_bytes == after_bytes
                  and not os.path.exists(path + "-wal") and not os.path.exists("/dev/null-journal"))
group("a foreign, text or special file given as --db is refused untouched", trials)

# 5. Output injection: names and notes with escape sequences, bidi overrides and formulas.
trials = []
hostile = ["\x1b[2J\x1b[31mred", "bell\x07", "\u202eevil", "=HYPERLINK(\"x\")", "+1+1", "-2", "@SUM(A1)",
           "\tTab", "line\r\nbreak", "\x9b31m"]
for index in range(TRIALS):
    name = rng.choice(hostile) + rng.choice(hostile)
    db = os.path.join(work, f"inject{index}.sqlite")
    customers = os.path.join(work, f"c{index}.csv")
    quoted = name.replace('"', '""')
    open(customers, "w", newline="").write(f'id,name,created_at\nC1,"{quoted}",2026-01-01\n')
    orders = os.path.join(work, f"o{index}.csv")
    open(orders, "w").write("id,customer_id,sku,ordered_at\nO1,C1,cleanser,2026-11-20\n")
    run("import", "customers", customers, "--db", db)
    run("import", "orders", orders, "--db", db)
    table = run("run", "--db", db, "--as-of", "2026-11-23", "--dry-run")[1].decode()
    csv = run("run", "--db", db, "--as-of", "2026-11-23", "--dry-run", "--format", "csv")[1].decode()
    raw = any(ch in table for ch in ["\x1b", "\x07", "\u202e", "\r", "\x9b"])
    cells = [row[3] for row in list(csv_module.reader(io.StringIO(csv.lstrip("\ufeff"))))[1:]]
    formula = any(cell[:1] in "=+-@" for cell in cells)
    trials.append(not raw and not formula and table.strip() != "")
group("names with escapes, bidi overrides and formulas never reach the terminal or Excel raw", trials)

# 6. Bounded work: devices, huge sparse files, the whole disk, a long line.
trials = []
code, _, err, seconds = run("import", "customers", "/dev/zero", "--db", os.path.join(work, "z.sqlite"), timeout=20)
trials.append(code == 1 and seconds < 10)
sparse = os.path.join(work, "huge.yaml")
with open(sparse, "wb") as f:
    f.truncate(5 << 30)
code, out, _, seconds = run("lint", sparse, timeout=20)
trials.append(code == 1 and b"yaml-too-large" in out and seconds < 10)
code, _, err, seconds = run("lint", "/", timeout=60)
trials.append(code == 2 and seconds < 60)
long_file = os.path.join(work, "long.yaml")
junk = ", ".join(f'k{i}: "{{{{nope{i}}}}}"' for i in range(2000))
open(long_file, "w").write(f"playbook: long\nvars: {{ {junk} }}\n")
code, out, _, seconds = run("lint", long_file, timeout=60)
trials.append(code == 1 and len(out) < 2_000_000 and seconds < 30)
group("devices, a 5 GB sparse file, `lint /` and a long line are bounded", trials)

# 7. Ids that would make two actions share a key, or carry control characters.
trials = []
for index in range(TRIALS):
    bad = rng.choice(["A/B", "x/y/z", "C\x01", "C\x1b[0m", "/lead", "trail/"])
    path = os.path.join(work, f"ids{index}.csv")
    open(path, "w").write(f'id,name\nOK{index},fine\n"{bad}",bad\n')
    db = os.path.join(work, f"ids{index}.sqlite")
    code, _, err, _ = run("import", "customers", path, "--db", db)
    trials.append(code == 1 and ":3: column 'id'" in err)
group("ids with '/' or control characters are refused with their row and column", trials)

# 8. Output to a full disk or a closed pipe fails loudly.
trials = []
for fmt in ("table", "jsonl", "csv"):
    done = subprocess.run(f"'{BIN}' run --db '{base}' --as-of 2026-11-23 --dry-run --format {fmt} > /dev/full",
                          shell=True, capture_output=True, cwd=ROOT)
    trials.append(done.returncode == 1 and b"disk is full" in done.stderr)
group("a full disk on standard output exits 1 with a sentence", trials)

# 9. A database that may not be written: the looking commands answer, a recording run is refused,
# nothing is written to the file or beside it. As root (whom permissions do not stop) the commands run
# as the user nobody.
def as_reader(*args):
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, BIN, *args], capture_output=True, timeout=60, cwd="/")
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


shelf = tempfile.mkdtemp(prefix="playbook-readonly-")
os.chmod(shelf, 0o755)
shutil.copy(base, os.path.join(shelf, "shop.sqlite"))
for suffix in ("-wal", "-shm"):
    if os.path.exists(base + suffix):
        shutil.copy(base + suffix, os.path.join(shelf, "shop.sqlite" + suffix))
shop = os.path.join(shelf, "shop.sqlite")
run("db", "status", "--db", shop)  # folds the log into the file
os.chmod(shop, 0o444)
os.chmod(shelf, 0o555)
pristine = read(shop)
pb = os.path.join(ROOT, "playbooks")
key = next(iter(before.split(b"\n")[0:1]), b"")
key = key.split(b'"key":"')[1].split(b'"')[0].decode() if b'"key":"' in key else "none"
looks = [
    ["run", "--db", shop, "--playbooks", pb, "--as-of", "2026-11-23", "--dry-run", "--format", "jsonl"],
    ["explain", key, "--db", shop, "--playbooks", pb, "--as-of", "2026-11-23"],
    ["simulate", "--customer", "C001", "--from", "2026-11-23", "--days", "5", "--db", shop, "--playbooks", pb],
    ["customer", "C001", "--db", shop, "--playbooks", pb],
    ["report", "--db", shop, "--playbooks", pb, "--as-of", "2026-11-23"],
    ["db", "status", "--db", shop],
]
trials = []
for index in range(TRIALS):
    arguments = looks[index % len(looks)]
    code, out, err = as_reader(*arguments)
    same = out == before if arguments[0] == "run" else bool(out)
    trials.append(code == 0 and same and read(shop) == pristine and os.listdir(shelf) == ["shop.sqlite"])
code, out, err = as_reader("run", "--db", shop, "--playbooks", pb, "--as-of", "2026-11-24")
trials.append(code != 0 and "cannot be written" in err and read(shop) == pristine)
group("a read-only database answers dry-run, explain, simulate, customer, report; a recording run is refused", trials)
os.chmod(shelf, 0o755)
shutil.rmtree(shelf, ignore_errors=True)

shutil.rmtree(work, ignore_errors=True)
print("| trial group | tried | passed |")
print("|---|---|---|")
for name, tried, passed in results:
    print(f"| {name} | {tried} | {passed} |")
failed = sum(tried - passed for _, tried, passed in results)
print(f"hostile: {sum(t for _, t, _ in results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
