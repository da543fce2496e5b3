#!/usr/bin/env python3
"""`playbook serve` in a real browser (SPEC §9): Debian's headless Chromium driven by selenium at a
phone's size (390×844). Signs in as a seller, copies a message, marks an action done and logs a
reply with the page's buttons, opens a customer's file, then as the lead the report and the
playbooks; checks through the command line that the page's writes are the ledger's; leaves a
screenshot of each page in .build/screenshots/ (PLAYBOOK_SCREENSHOTS=docs/screenshots refreshes
the ones README shows).

usage: scripts/browser-check.py BINARY
"""
import json, os, shutil, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_process  # noqa: E402

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/playbook")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.environ.get("PLAYBOOK_SCREENSHOTS") or os.path.join(ROOT, ".build/screenshots")
work = tempfile.mkdtemp(prefix="playbook-browser-")
db = os.path.join(work, "web.sqlite")
failures = []
checks = []


def check(ok, what):
    checks.append(what)
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def pb(*args, stdin=None):
    return subprocess.run([BIN, *args, "--db", db], input=stdin, capture_output=True, text=True, cwd=ROOT)


for table in ("customers", "orders", "events"):
    pb("import", table, f"examples/demo/{table}.csv")
pb("user", "add", "S01", "--role", "seller", stdin="seller-pass\n")
pb("user", "add", "lead", "--role", "lead", stdin="lead-pass1\n")
server, base = serve_process.start(BIN, db, ROOT)

options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844"):
    options.add_argument(flag)
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
os.makedirs(SHOTS, exist_ok=True)


def shot(name):
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(390, min(max(height, 844), 4000))
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    driver.set_window_size(390, 844)


def sign_in(user, password):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()


try:
    driver.get(base + "/today")
    check(driver.current_url.endswith("/login"), "without a session the page goes to /login")
    shot("login")
    sign_in("S01", "seller-pass")
    check(driver.current_url.endswith("/today"), "a seller signs in and lands on today")
    cards = driver.find_elements(By.CSS_SELECTOR, ".card")
    check(len(cards) > 1, f"today lists the seller's actions ({len(cards)})")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 390, f"today fits a 390-px screen (content width {width})")
    shot("today")
    first = cards[0]
    ref = first.get_attribute("id")[2:]
    first.find_element(By.CSS_SELECTOR, "[data-copy]").click()
    time.sleep(0.3)
    check("Copied" in first.find_element(By.CSS_SELECTOR, "[data-copy]").text, "the copy button copies the message")
    first.find_element(By.CSS_SELECTOR, "form[action$='/done'] button").click()
    time.sleep(1.0)
    check("closed" in first.get_attribute("class") and driver.current_url.endswith("/today"),
          "done marks the card in place, without leaving the page")
    second = driver.find_elements(By.CSS_SELECTOR, ".card")[1]
    customer = second.find_element(By.CSS_SELECTOR, "a[href^='/customers/']").get_attribute("href").rsplit("/", 1)[1]
    second.find_element(By.CSS_SELECTOR, "form[action$='/replied'] button").click()
    time.sleep(1.0)
    driver.get(f"{base}/customers/{customer}")
    check("reply" in driver.page_source, "the customer's file shows the reply just logged")
    shot("customer")
    listed = pb("run", "--all", "--dry-run", "--format", "jsonl", "--owner", "S01").stdout.splitlines()
    statuses = {json.loads(line)["ref"]: json.loads(line)["status"] for line in listed}
    check(statuses.get(ref) == "done", "the command line sees the action the page marked done")
    events = json.loads(pb("customer", customer, "--format", "json").stdout)["events"]
    check(any(event["kind"] == "reply" for event in events), "the command line sees the reply the page logged")
    driver.get(base + "/report")
    check("Not found" in driver.page_source or "404" in driver.title or "report" not in driver.title.lower(),
          "a seller gets no report")
    driver.get(base + "/today")
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    check(driver.current_url.endswith("/login"), "signing out goes back to /login")
    sign_in("lead", "lead-pass1")
    check(driver.current_url.endswith("/today"), "the lead signs in")
    driver.get(base + "/report")
    check(len(driver.find_elements(By.TAG_NAME, "svg")) >= 3, "the lead's report draws its charts")
    shot("report")
    driver.get(base + "/playbooks")
    check("0 errors" in driver.page_source and len(driver.find_elements(By.TAG_NAME, "svg")) >= 1,
          "the playbooks page shows lint status and rule graphs")
    shot("playbooks")
finally:
    driver.quit()
    serve_process.stop(server)
    shutil.rmtree(work, ignore_errors=True)

print(f"browser-check: {len(checks) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
