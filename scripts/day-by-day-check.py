#!/usr/bin/env python3
"""Day-by-day differential check of `playbook run` against a small model of SPEC §3 written
from its text (not from the engine): random playbooks, customers, order lines and events, then a
month of mornings (some skipped), each with done/skip/log calls and a run, compared line by line.

Usage: day-by-day-check.py BINARY [TRIALS] [FIRST_SEED]
Exit 0 when every trial agrees; else prints the first difference of each failing trial (seed,
day, the playbooks and the differing lines) and exits 1. A trial is reproducible from its seed.

The model covers: order, event and customer journeys, replacement, `enroll.if`, `at` steps on
purchase / delivered / runout / enrolled / event / birthday / step: anchors, `every` with `times`
or `until`, `no_reply`, `after:`, `if:` (decided once), `expires`, `require:`, priorities, the
daily cap, opt-outs, complaint pauses, done/skip with `--at`, `log`, `--dry-run` and `--all`.
The team's zone is Asia/Taipei; a playbook may have its own (Tokyo, UTC, New York with its
daylight-saving change on 2026-03-08). Data times are bare dates, bare local date-times (read in
each playbook's zone) or instants with an offset; runs are at the end of a day or at a time of day.
"""

import copy
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

TEAM_ZONES = ["Asia/Taipei", "Asia/Taipei", "America/New_York"]
TEAM_ZONE = TEAM_ZONES[0]  # the trial's team zone: set by `trial` before anything else
PLAYBOOK_ZONES = ["team", "team", "Asia/Taipei", "Asia/Tokyo", "UTC", "America/New_York"]
UTC = dt.timezone.utc
DAY0 = dt.date(2026, 3, 1)
END_OF_DAY = dt.time(23, 59, 59)  # `--as-of DATE`


def at_local(date, clock, zone):
    """The instant of a local date and clock time in a zone."""
    return dt.datetime.combine(date, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def local_date(instant, zone):
    return instant.astimezone(ZoneInfo(zone)).date()


# ---------------------------------------------------------------- random world


class Step:
    def __init__(self, **fields):
        self.id = fields["id"]
        self.trigger = fields["trigger"]  # "at" | "every" | "no_reply"
        anchor = fields.get("anchor")  # (name, amount[, unit]) for at and every's from
        self.anchor = (anchor[0], 0) if anchor and anchor[1] == 0 else anchor
        self.every = fields.get("every")
        self.every_unit = fields.get("every_unit", "d")
        self.until = fields.get("until")  # (name, days) or None
        self.times = fields.get("times")
        self.wait = fields.get("wait")
        self.after = fields.get("after")
        self.condition = fields.get("condition")
        expires = fields.get("expires")
        self.expires = (expires, "d") if isinstance(expires, int) else expires
        self.priority = fields.get("priority", 0)
        self.require = fields.get("require", False)
        self.channel = fields.get("channel", "line")
        self.has_message = fields.get("has_message", True)
        self.position = 0


class Playbook:
    def __init__(self, pid, enroll, steps, products=None, replace=True, enroll_if=None, cycle_from="purchase"):
        self.id = pid
        self.enroll = enroll  # ("products", [...]) | ("event", kind) | ("customers", None)
        self.steps = steps
        for position, step in enumerate(steps):
            step.position = position
        self.products = products or {}
        self.replace = replace
        self.enroll_if = enroll_if
        self.cycle_from = cycle_from
        self.wording = ""
        self.zone = TEAM_ZONE

    def step(self, sid):
        return next((s for s in self.steps if s.id == sid), None)


CONDITIONS = {
    "vip": 'customer.tier == "vip"',
    "bought-b": 'bought("b")',
    "two-lines": "orders_count() >= 2",
    "selfie": 'has_event("selfie")',
    "gift": 'has_tag("gift")',
    "no-reply-first": 'not replied_since("{first}")',
    "fresh": 'days_since("enrolled") <= 6',
    "open-complaint": 'open("complaint")',
    "big": "order.amount >= 100 and order.quantity < 2",
    "not-taipei": 'customer.city != "Taipei"',
    "tier-in": 'customer.tier in ["vip", "regular"] or not has_tag("gift")',
    "march": "order.ordered_at >= 2026-03-01 and customer.city == null",
}


def random_order_playbook(rng, pid="care", skus=("a", "b")):
    first = ("purchase", 1, "w") if rng.random() < 0.15 else ("purchase", rng.randint(0, 3))
    steps = [Step(id="first", trigger="at", anchor=first, expires=rng.choice([None, 0, 1, 3]))]
    if rng.random() < 0.4:
        steps.append(Step(id="month", trigger="at", anchor=("purchase", rng.choice([1, 2]), "mo"),
                          expires=rng.choice([None, 5]), condition=rng.choice([None, "two-lines"])))
    if rng.random() < 0.6:
        hourly = rng.random() < 0.4
        steps.append(
            Step(id="landed", trigger="at",
                 anchor=(rng.choice(["delivered", "shipped", "paid"]), rng.randint(1, 30), "h") if hourly
                 else (rng.choice(["delivered", "delivered", "shipped", "paid"]), rng.randint(0, 2)),
                 expires=(rng.randint(2, 20), "h") if hourly and rng.random() < 0.4 else None,
                 require=rng.random() < 0.5, priority=rng.choice([0, 2]))
        )
    if rng.random() < 0.25:
        steps.append(
            Step(id="habit", trigger="every", anchor=("purchase", 0), every=rng.choice([6, 12, 30]), every_unit="h",
                 times=rng.randint(1, 6) if rng.random() < 0.5 else None, until=("purchase", rng.randint(1, 4)),
                 expires=rng.choice([None, (4, "h"), (1, "d")]))
        )
    elif rng.random() < 0.7:
        bound = rng.choice(["times", "until", "until-step"])
        steps.append(
            Step(id="habit", trigger="every",
                 anchor=("step:first", 0) if bound != "until-step" and rng.random() < 0.3 else ("purchase", 0),
                 every=rng.choice([1, 2, 3]),
                 times=rng.randint(1, 5) if bound == "times" else None,
                 until=("purchase", rng.randint(3, 12)) if bound == "until" else
                 (("step:first", rng.randint(2, 8)) if bound == "until-step" else None),
                 expires=rng.choice([None, None, 0, 1]), condition=rng.choice([None, None, "selfie", "gift"]),
                 priority=rng.choice([0, 1, -1]))
        )
    if rng.random() < 0.7:
        steps.append(
            Step(id="nudge", trigger="no_reply", wait=rng.randint(1, 3),
                 after="habit" if any(s.id == "habit" and s.every_unit == "d" for s in steps) and rng.random() < 0.3
                 else "first",
                 expires=rng.choice([None, 1]), channel="sms")
        )
    if rng.random() < 0.6:
        steps.append(
            Step(id="follow", trigger="at",
                 anchor=("step:habit" if any(s.id == "habit" for s in steps) and rng.random() < 0.3 else "step:first",
                         rng.randint(1, 4)),
                 condition=rng.choice([None, "vip", "bought-b", "two-lines", "no-reply-first", "fresh", "big",
                                       "not-taipei", "tier-in", "march"]),
                 has_message=rng.random() < 0.8)
        )
    if rng.random() < 0.6:
        steps.append(
            Step(id="refill", trigger="at", anchor=("runout", -rng.randint(0, 3)), priority=rng.choice([0, 3]),
                 expires=rng.choice([None, 2]))
        )
    if rng.random() < 0.4 and any(s.id == "nudge" for s in steps):
        steps.append(Step(id="late", trigger="at", anchor=("purchase", rng.randint(2, 9)), after="nudge"))
    rng.shuffle(steps)  # file order matters for output and cap order; dependencies may point ahead
    cycle_from = rng.choice(["purchase", "delivered"])
    products = {"a": ("Cleanser", rng.choice([5, 8, 10])), "b": (None, rng.choice([4, 6])), "x": ("Serum", 7)}
    products = {sku: products[sku] for sku in skus}
    return Playbook(pid, ("products", list(skus)), steps, products=products, replace=rng.random() < 0.75,
                    enroll_if=rng.choice([None, None, "not-potential"]), cycle_from=cycle_from)


def random_complaint_playbook(rng):
    steps = [
        Step(id="answer", trigger="at", anchor=("event", rng.choice([0, 0, 2]), "h"), priority=rng.choice([0, 5]),
             channel="phone"),
        Step(id="chase", trigger="no_reply", wait=rng.randint(1, 2), after="answer"),
    ]
    if rng.random() < 0.6:
        steps.append(
            Step(id="check", trigger="every", anchor=("event", 0), every=1,
                 until=("event", rng.randint(1, 4)), condition=rng.choice([None, "open-complaint"]))
        )
    rng.shuffle(steps)
    return Playbook("complaint", ("event", "complaint"), steps)


def random_customer_playbook(rng):
    steps = [Step(id="welcome", trigger="at", anchor=("enrolled", rng.randint(0, 3)), expires=rng.choice([None, 2]))]
    if rng.random() < 0.7:
        steps.append(Step(id="bday", trigger="at", anchor=("birthday", -rng.choice([0, 0, 2])),
                          expires=rng.choice([None, 3])))
    if rng.random() < 0.5:
        steps.append(Step(id="photo", trigger="every", anchor=("enrolled", 0), every=rng.choice([3, 5]),
                          times=rng.randint(1, 4), condition=rng.choice([None, "selfie"])))
    return Playbook("welcome", ("customers", None), steps, enroll_if=rng.choice([None, "not-potential"]))


class Time:
    """A data time as written in the CSV: a bare date, a bare local date-time (both read in the
    evaluating playbook's zone), or an instant with an offset."""

    def __init__(self, text, naive=None, instant=None):
        self.text = text
        self.naive = naive
        self.fixed = instant

    def instant(self, zone):
        if self.fixed is not None:
            return self.fixed
        return self.naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)

    def date(self, zone):
        return local_date(self.instant(zone), zone)


def random_time(rng, day):
    style = rng.random()
    if style < 0.6:
        return Time(day.isoformat(), naive=dt.datetime.combine(day, dt.time()))
    # No 02:00-02:59: that hour does not exist in New York on 2026-03-08.
    clock = dt.time(rng.choice([h for h in range(24) if h != 2]), rng.choice([0, 30]))
    if style < 0.85:
        return Time(f"{day.isoformat()} {clock.strftime('%H:%M')}", naive=dt.datetime.combine(day, clock))
    instant = at_local(day, clock, TEAM_ZONE)
    return Time(instant.strftime("%Y-%m-%dT%H:%M:00+00:00"), instant=instant)


def random_world(rng):
    customers = []
    for index in range(rng.randint(3, 7)):
        created = random_time(rng, DAY0 + dt.timedelta(days=rng.randint(-45, 12)))
        birthday = None
        if rng.random() < 0.7:
            b = DAY0 + dt.timedelta(days=rng.randint(-10, 35))
            birthday = b.strftime("%m-%d") if rng.random() < 0.5 else b.replace(year=1990).isoformat()
            if rng.random() < 0.15:
                birthday = rng.choice(["02-29", "1992-02-29"])
        customers.append({
            "id": rng.choice([f"C{index:02d}", f"c{index}", f"客{index}", f"C-{index}é"]),
            "name": rng.choice([f"Name{index}", f"王小美{index}"]), "tier": rng.choice(["potential", "regular", "vip"]),
            "birthday": birthday, "tags": "gift" if rng.random() < 0.3 else "", "created": created,
            "opted_out": rng.random() < 0.08, "city": rng.choice(["Taipei", "Tainan", None]),
        })
    orders = []
    for index in range(rng.randint(2, 12)):
        customer = rng.choice(customers)
        start = customer["created"].date(TEAM_ZONE)
        ordered = random_time(rng, start + dt.timedelta(days=rng.randint(0, 25)))
        paid = random_time(rng, ordered.date(TEAM_ZONE) + dt.timedelta(days=rng.randint(0, 1))) \
            if rng.random() < 0.7 else None
        shipped, delivered = None, None
        if rng.random() < 0.7:
            shipped = random_time(rng, ordered.date(TEAM_ZONE) + dt.timedelta(days=rng.randint(0, 2)))
            if rng.random() < 0.8:
                delivered = random_time(rng, shipped.date(TEAM_ZONE) + dt.timedelta(days=rng.randint(0, 3)))
        orders.append({
            "id": f"O{index:02d}", "customer": customer["id"], "sku": rng.choice(["a", "a", "b", "x"]),
            "quantity": rng.choice([1, 1, 2]), "ordered": ordered, "paid": paid, "shipped": shipped,
            "delivered": delivered,
            "tracking": f"T{index}" if rng.random() < 0.6 else "",
            "amount": rng.choice([None, 80, 100, 150.5]),
        })
    events = []
    for index in range(rng.randint(0, 14)):
        customer = rng.choice(customers)
        kind = rng.choice(["reply", "reply", "reply", "complaint", "complaint_resolved", "selfie", "opt_out"])
        if kind == "opt_out" and rng.random() < 0.6:
            kind = "reply"
        at = random_time(rng, customer["created"].date(TEAM_ZONE) + dt.timedelta(days=rng.randint(0, 28)))
        mine = [o["id"] for o in orders if o["customer"] == customer["id"]]
        order = rng.choice(mine) if mine and kind == "complaint" and rng.random() < 0.5 else None
        events.append({"id": f"E{index:02d}", "customer": customer["id"], "kind": kind, "at": at, "order": order})
    playbooks = [random_order_playbook(rng)]
    if rng.random() < 0.3:
        playbooks.append(random_order_playbook(rng, "boost", ("b", "x")))
    if rng.random() < 0.6:
        playbooks.append(random_complaint_playbook(rng))
    if rng.random() < 0.6:
        playbooks.append(random_customer_playbook(rng))
    for playbook in playbooks:
        zone = rng.choice(PLAYBOOK_ZONES)
        playbook.zone = TEAM_ZONE if zone == "team" else zone
    cap = rng.choice([None, None, 1, 2])
    return customers, orders, events, playbooks, cap


def arrival_day(rng, time, earliest):
    """When a row reaches the database: before the first run, or around its own time."""
    if rng.random() < 0.6:
        return earliest
    return max(earliest, time.date(TEAM_ZONE) + dt.timedelta(days=rng.randint(-3, 5)))


def arrivals(rng, customers, orders, events):
    """Day → rows imported that morning ({kind: [row]}); a later row of the same id updates it."""
    start = DAY0 - dt.timedelta(days=1)
    schedule = {}

    def add(day, kind, row):
        schedule.setdefault(day, {"customers": [], "orders": [], "events": []})[kind].append(row)

    came = {}
    for c in customers:
        came[c["id"]] = start if rng.random() < 0.8 else DAY0 + dt.timedelta(days=rng.randint(0, 20))
        add(came[c["id"]], "customers", c)
        if rng.random() < 0.2:
            changed = dict(c, tier=rng.choice(["potential", "regular", "vip"]))
            add(came[c["id"]] + dt.timedelta(days=rng.randint(1, 15)), "customers", changed)
        elif rng.random() < 0.1:
            add(came[c["id"]] + dt.timedelta(days=rng.randint(1, 15)), "customers", dict(c, opted_out=True))
        elif rng.random() < 0.25:
            # A corrected name or a new city: pending messages read them anew, done ones keep theirs.
            changed = dict(c, name=c["name"] + "*", city=rng.choice(["Taipei", "Tainan", None]))
            add(came[c["id"]] + dt.timedelta(days=rng.randint(1, 15)), "customers", changed)
    for o in orders:
        day = arrival_day(rng, o["ordered"], came[o["customer"]])
        if (o["delivered"] or o["tracking"]) and rng.random() < 0.35:
            add(day, "orders", dict(o, shipped=None, delivered=None, tracking=""))
            known = (o["delivered"] or o["ordered"]).date(TEAM_ZONE) + dt.timedelta(days=rng.randint(0, 2))
            add(max(day + dt.timedelta(days=1), known), "orders", o)
        else:
            add(day, "orders", o)
    for e in events:
        add(arrival_day(rng, e["at"], came[e["customer"]]), "events", e)
    return schedule


def edited(rng, playbooks):
    """The playbooks as a team lead edits them mid-month: new wording, a moved trigger, a removed
    step or a new one (SPEC §3.6: a step is known by its id); now and then a playbook but the
    first is deleted (its pending actions are withdrawn like a removed step's)."""
    result = []
    for playbook in playbooks:
        if playbook is not playbooks[0] and rng.random() < 0.15:
            continue
        steps = [Step(**vars(step)) for step in playbook.steps]
        change = rng.choice(["wording", "move", "remove", "add"])
        if change == "move":
            step = rng.choice([s for s in steps if s.trigger == "at" and s.anchor[0] != "birthday"] or steps)
            if step.trigger == "at" and step.anchor[0] != "birthday":
                step.anchor = (step.anchor[0], step.anchor[1] + rng.choice([-2, -1, 1, 2]))
        elif change == "remove":
            needed = {s.after for s in steps} | {s.anchor[0][5:] for s in steps if s.anchor and
                                                 s.anchor[0].startswith("step:")} \
                | {s.until[0][5:] for s in steps if s.until and s.until[0].startswith("step:")} | {"first"}
            removable = [s for s in steps if s.id not in needed]
            if removable and len(steps) > 1:
                steps.remove(rng.choice(removable))
        elif change == "add":
            anchor = "purchase" if playbook.enroll[0] == "products" else (
                "event" if playbook.enroll[0] == "event" else "enrolled")
            steps.insert(rng.randint(0, len(steps)),
                         Step(id="added", trigger="at", anchor=(anchor, rng.randint(0, 6)),
                              expires=rng.choice([None, 1])))
        copy = Playbook(playbook.id, playbook.enroll, steps, products=playbook.products, replace=playbook.replace,
                        enroll_if=playbook.enroll_if, cycle_from=playbook.cycle_from)
        copy.wording = "v2 " if change == "wording" else playbook.wording
        copy.zone = playbook.zone
        result.append(copy)
    return result


# ---------------------------------------------------------------- writing it out


def anchor_text(anchor):
    name, amount, unit = anchor if len(anchor) == 3 else (*anchor, "d")
    if amount == 0:
        return name
    return f"{name} {'+' if amount > 0 else '-'} {abs(amount)}{unit}"


def unit_of(anchor):
    return anchor[2] if len(anchor) == 3 else "d"


def playbook_yaml(playbook):
    lines = [f"playbook: {playbook.id}"]
    if playbook.zone != TEAM_ZONE:
        lines.append(f"timezone: {playbook.zone}")
    kind, value = playbook.enroll
    lines.append("enroll:")
    if kind == "products":
        lines.append(f"  products: [{', '.join(value)}]")
        if not playbook.replace:
            lines.append("  replace: false")
    elif kind == "event":
        lines.append(f"  event: {value}")
    else:
        lines.append("  customers: all")
    if playbook.enroll_if:
        lines.append("  if: 'customer.tier != \"potential\"'")
    if playbook.products:
        lines.append(f"use_cycle_from: {playbook.cycle_from}")
        lines.append("products:")
        for sku, (name, cycle) in playbook.products.items():
            name_part = f"name: {name}, " if name else ""
            lines.append(f"  {sku}: {{ {name_part}use_cycle: {cycle}d }}")
    lines.append("vars: { shop: 小美保養 }")
    lines.append("steps:")
    for step in playbook.steps:
        lines.append(f"  - id: {step.id}")
        if step.trigger == "at":
            lines.append(f"    at: {anchor_text(step.anchor)}")
        elif step.trigger == "every":
            lines.append(f"    every: {step.every}{step.every_unit}")
            lines.append(f"    from: {anchor_text(step.anchor)}")
            if step.times is not None:
                lines.append(f"    times: {step.times}")
            else:
                lines.append(f"    until: {anchor_text(step.until)}")
        else:
            lines.append(f"    no_reply: {step.wait}d")
        if step.after:
            lines.append(f"    after: {step.after}")
        if step.condition:
            text = CONDITIONS[step.condition].format(first="first")
            lines.append(f"    if: '{text}'")
        if step.expires is not None:
            lines.append(f"    expires: {step.expires[0]}{step.expires[1]}")
        if step.priority:
            lines.append(f"    priority: {step.priority}")
        if step.require:
            lines.append("    require: [order.tracking_no]")
        lines.append(f"    channel: {step.channel}")
        if step.has_message:
            tracking = " {{order.tracking_no}}" if playbook.enroll[0] != "customers" else ""
            lines.append(f"    message: \"{playbook.wording}{{{{customer.name}}}}:{{{{product.name}}}}:{{{{due}}}}{tracking}"
                         f"{{{{#customer.city}}}} @{{{{customer.city}}}}{{{{/customer.city}}}}"
                         f"{{{{^customer.city}}}} {{{{vars.shop}}}}{{{{/customer.city}}}}\"")
        else:
            lines.append("    message: null")
    return "\n".join(lines) + "\n"


def write_playbooks(folder, playbooks, cap):
    os.makedirs(f"{folder}/playbooks", exist_ok=True)
    with open(f"{folder}/playbooks/team.yaml", "w") as team:
        team.write(f"timezone: {TEAM_ZONE}\ncustomer_attributes: [city]\n")
        if cap is not None:
            team.write(f"max_per_customer_per_day: {cap}\n")
    for playbook in playbooks:
        with open(f"{folder}/playbooks/{playbook.id}.yaml", "w") as out:
            out.write(playbook_yaml(playbook))


def write_rows(path, kind, rows):
    with open(path, "w") as out:
        if kind == "customers":
            out.write("id,name,tier,birthday,tags,opted_out,created_at,city\n")
            for c in rows:
                out.write(f"{c['id']},{c['name']},{c['tier']},{c['birthday'] or ''},{c['tags']},"
                          f"{'true' if c['opted_out'] else 'false'},{c['created'].text},{c['city'] or ''}\n")
        elif kind == "orders":
            out.write("id,customer_id,sku,quantity,ordered_at,paid_at,shipped_at,delivered_at,tracking_no,amount\n")
            for o in rows:
                paid, shipped, delivered = (o[k].text if o[k] else "" for k in ("paid", "shipped", "delivered"))
                amount = "" if o["amount"] is None else o["amount"]
                out.write(f"{o['id']},{o['customer']},{o['sku']},{o['quantity']},{o['ordered'].text},"
                          f"{paid},{shipped},{delivered},{o['tracking']},{amount}\n")
        else:
            out.write("id,customer_id,kind,at,order_id\n")
            for e in rows:
                out.write(f"{e['id']},{e['customer']},{e['kind']},{e['at'].text},{e['order'] or ''}\n")


# ---------------------------------------------------------------- the model of SPEC


class Due:
    """A due time: a local date of the playbook's zone (due all day) or an instant."""

    def __init__(self, date=None, instant=None):
        self.date = date
        self.instant = instant

    def day(self, zone):
        return self.date if self.instant is None else local_date(self.instant, zone)

    def is_due(self, now, zone):
        return self.instant <= now if self.instant else self.date <= local_date(now, zone)

    def start(self, zone):
        """The cap's order: a date counts as its local midnight."""
        return self.instant or at_local(self.date, dt.time(), zone)

    def listing_order(self, zone):
        """The output's order: the local date, a date before any instant of that day."""
        return (self.day(zone), self.instant or dt.datetime.min.replace(tzinfo=UTC))

    def text(self, zone):
        if self.instant:
            return self.instant.astimezone(ZoneInfo(zone)).isoformat()
        return self.date.isoformat()

    def expired(self, expires, now, zone):
        if expires is None:
            return False
        amount, unit = expires
        if unit == "h":
            return now > self.start(zone) + dt.timedelta(hours=amount)
        return local_date(now, zone) > self.day(zone) + dt.timedelta(days=amount)


def moved(base, amount, unit, zone):
    """`anchor ± duration` from an anchor's instant: hours move the instant, other units its local
    date (months keep the day of the month, clamped to the month's last day)."""
    if unit == "h":
        return Due(instant=base + dt.timedelta(hours=amount))
    date = local_date(base, zone)
    if unit == "mo":
        month = date.month - 1 + amount
        year, month = date.year + month // 12, month % 12 + 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return Due(date=dt.date(year, month, min(date.day, last)))
    return Due(date=date + dt.timedelta(days=amount * (7 if unit == "w" else 1)))


class Record:
    def __init__(self, key, playbook, step, customer, journey, occurrence, due, recorded_at, order):
        self.key = key
        self.playbook = playbook
        self.step = step
        self.customer = customer
        self.journey = journey
        self.occurrence = occurrence
        self.due = due
        self.recorded_at = recorded_at
        self.order = order
        self.status = "pending"
        self.done_at = None
        self.by_rule = False
        self.frozen = None

    def action_day(self, zone):
        """SPEC §3.1: the local date it was marked done, else that of the run that recorded it."""
        return local_date(self.done_at if self.status == "done" else self.recorded_at, zone)


class Journey:
    def __init__(self, ref, start, order=None):
        self.ref = ref
        self.start = start  # Time
        self.order = order


class Model:
    def __init__(self, playbooks, cap):
        self.customers = []
        self.orders = []
        self.events = []
        self.playbooks = playbooks
        self.cap = cap
        self.records = {}
        self.decisions = {}

    def arrive(self, kind, row):
        """Imports a row: a new id is added, a known one updated."""
        rows = getattr(self, kind)
        for index, known in enumerate(rows):
            if known["id"] == row["id"]:
                rows[index] = dict(row)
                return
        rows.append(dict(row))

    def close(self, key, status, day):
        """`playbook done|skip KEY --at day` (noon of that date in the team zone): a done action's
        message is frozen as rendered then."""
        record = self.records[key]
        at = at_local(day, dt.time(12), TEAM_ZONE)
        playbook = next((p for p in self.playbooks if p.id == record.playbook), None)
        if status == "done" and record.status != "done" and playbook and playbook.step(record.step):
            record.status = "pending"
            record.frozen = self.line(record, at)["message"]
        record.status = status
        record.done_at = at if status == "done" else None

    # -- what is visible at T (`now`, an instant); bare data times read in `zone`

    def visible_events(self, customer, now, zone):
        return [e for e in self.events if e["customer"] == customer["id"] and e["at"].instant(zone) <= now]

    def visible_orders(self, customer, now, zone):
        return [o for o in self.orders if o["customer"] == customer["id"] and o["ordered"].instant(zone) <= now]

    def opted_out(self, customer, now):
        return customer["opted_out"] or any(
            e["kind"] == "opt_out" for e in self.visible_events(customer, now, TEAM_ZONE))

    def is_open(self, customer, kind, now, zone):
        events = self.visible_events(customer, now, zone)
        for e in events:
            if e["kind"] != kind:
                continue
            if not any(r["kind"] == kind + "_resolved" and r["at"].instant(zone) > e["at"].instant(zone)
                       for r in events):
                return True
        return False

    def journeys(self, playbook, customer, now):
        zone = playbook.zone
        if customer["created"].instant(zone) > now:
            return []
        kind, value = playbook.enroll
        if kind == "customers":
            return [Journey(customer["id"], customer["created"])]
        if kind == "event":
            journeys = []
            for e in self.visible_events(customer, now, zone):
                if e["kind"] == value:
                    order = next((o for o in self.visible_orders(customer, now, zone) if o["id"] == e["order"]), None)
                    journeys.append(Journey(e["id"], e["at"], order=order))
            return journeys
        return [Journey(o["id"], o["ordered"], order=o) for o in self.visible_orders(customer, now, zone)
                if o["sku"] in value]

    def replaced(self, playbook, journey, customer, now):
        if not playbook.replace or playbook.enroll[0] != "products":
            return False
        zone = playbook.zone
        line = journey.order
        return any(o["sku"] == line["sku"] and o["ordered"].instant(zone) > line["ordered"].instant(zone)
                   for o in self.visible_orders(customer, now, zone))

    def latest(self, playbook, journey, step_id):
        best = None
        for r in self.records.values():
            if (r.playbook, r.customer, r.journey, r.step) == (playbook.id, journey.customer, journey.ref, step_id) \
                    and r.status in ("pending", "done"):
                if best is None or r.occurrence > best.occurrence:
                    best = r
        return best

    def anchor_time(self, playbook, journey, name, now):
        """The anchor's instant (a date is its local midnight), or None when it does not exist yet."""
        zone = playbook.zone
        order = journey.order
        if name == "purchase":
            return order["ordered"].instant(zone) if order else None
        if name in ("paid", "shipped", "delivered"):
            if order and order[name] and order[name].instant(zone) <= now:
                return order[name].instant(zone)
            return None
        if name == "runout":
            if order is None or order["sku"] not in playbook.products:
                return None
            start = order["ordered"] if playbook.cycle_from == "purchase" else order["delivered"]
            if start is None or start.instant(zone) > now:
                return None
            runout = start.date(zone) + dt.timedelta(days=order["quantity"] * playbook.products[order["sku"]][1])
            return at_local(runout, dt.time(), zone)
        if name in ("enrolled", "event"):
            return journey.start.instant(zone)
        if name.startswith("step:"):
            record = self.latest(playbook, journey, name[5:])
            return at_local(record.action_day(zone), dt.time(), zone) if record else None
        raise ValueError(name)

    def condition(self, name, playbook, journey, customer, now):
        zone = playbook.zone
        if name == "not-potential":
            return customer["tier"] != "potential"
        if name == "vip":
            return customer["tier"] == "vip"
        if name == "bought-b":
            return any(o["sku"] == "b" for o in self.visible_orders(customer, now, zone))
        if name == "two-lines":
            return len(self.visible_orders(customer, now, zone)) >= 2
        if name == "selfie":
            return any(e["kind"] == "selfie" for e in self.visible_events(customer, now, zone))
        if name == "gift":
            return "gift" in customer["tags"].split(";")
        if name == "no-reply-first":
            record = self.latest(playbook, journey, "first")
            if record is None:
                return True
            return not self.replied_on_or_after(customer, record.action_day(zone), now, zone)
        if name == "fresh":
            return (local_date(now, zone) - journey.start.date(zone)).days <= 6
        if name == "open-complaint":
            return self.is_open(customer, "complaint", now, zone)
        order = journey.order
        if name == "big":
            return order is not None and order["amount"] is not None and order["amount"] >= 100 \
                and order["quantity"] < 2
        if name == "not-taipei":
            return customer["city"] != "Taipei"
        if name == "tier-in":
            return customer["tier"] in ("vip", "regular") or "gift" not in customer["tags"].split(";")
        if name == "march":
            return order is not None and order["ordered"].date(zone) >= dt.date(2026, 3, 1) and not customer["city"]
        raise ValueError(name)

    def replied_on_or_after(self, customer, since, now, zone):
        return any(e["kind"] == "reply" and e["at"].date(zone) >= since
                   for e in self.visible_events(customer, now, zone))

    def due_occurrences(self, playbook, journey, step, customer, now):
        """(key, occurrence, due, replied) of `step` due at `now`, unrecorded and unexpired."""
        zone = playbook.zone
        if step.after and self.latest(playbook, journey, step.after) is None:
            return []
        found = []
        if step.trigger == "at" and step.anchor[0] == "birthday":
            found = [(year, due, None) for year, due in self.birthdays(customer, journey, step, now, zone)]
            if step.expires is None:
                found = found[-1:]
        elif step.trigger == "at":
            base = self.anchor_time(playbook, journey, step.anchor[0], now)
            if base is not None:
                found = [(0, moved(base, step.anchor[1], unit_of(step.anchor), zone), None)]
        elif step.trigger == "every":
            found = self.latest_every(playbook, journey, step, now)
        else:
            record = self.latest(playbook, journey, step.after)
            if record is not None:
                since = record.action_day(zone)
                replied = self.replied_on_or_after(customer, since, now, zone)
                found = [(record.occurrence, Due(date=since + dt.timedelta(days=step.wait)), replied)]
        result = []
        for occurrence, due, replied in found:
            if not due.is_due(now, zone):
                continue
            key = self.key(playbook, step, customer, journey, occurrence)
            if key in self.records or due.expired(step.expires, now, zone):
                continue
            result.append((key, occurrence, due, replied))
        return result

    def latest_every(self, playbook, journey, step, now):
        zone = playbook.zone
        base = self.anchor_time(playbook, journey, step.anchor[0], now)
        if base is None:
            return []
        first = moved(base, step.anchor[1], "d", zone).start(zone) if step.every_unit == "d" else base
        until = None
        if step.times is None and step.until:
            until_base = self.anchor_time(playbook, journey, step.until[0], now)
            until = moved(until_base, step.until[1], unit_of(step.until), zone) if until_base else None
        k, latest = 0, None
        while True:
            k += 1
            due = moved(first, k * step.every, step.every_unit, zone)
            if not due.is_due(now, zone) or (step.times is not None and k > step.times):
                break
            if until and (due.day(zone) > until.date if until.instant is None else due.start(zone) > until.instant):
                break
            latest = (k, due, None)
        return [latest] if latest else []

    @staticmethod
    def birthdays(customer, journey, step, now, zone):
        if not customer["birthday"]:
            return []
        text = customer["birthday"]
        month, mday = (int(text[-5:-3]), int(text[-2:]))
        start = journey.start.date(zone)
        out = []
        for year in range(start.year, now.year + 2):
            try:
                birthday = dt.date(year, month, mday)
            except ValueError:
                birthday = dt.date(year, 2, 28)
            if birthday < start:
                continue
            due = Due(date=birthday + dt.timedelta(days=step.anchor[1]))
            if due.is_due(now, zone):
                out.append((year, due))
        return out

    @staticmethod
    def key(playbook, step, customer, journey, occurrence):
        return f"{playbook.id}/{step.id}/{customer['id']}/{journey.ref}" + (f"#{occurrence}" if occurrence else "")

    # -- a run

    def run(self, now, cap, include_all=False):
        for customer in self.customers:
            self.evaluate(customer, now, cap)
        return self.listing(now, include_all)

    def evaluate(self, customer, now, cap):
        mine = [r for r in self.records.values() if r.customer == customer["id"]]
        playbooks = {p.id: p for p in self.playbooks}
        for r in mine:
            if r.status == "pending" and (r.playbook not in playbooks or playbooks[r.playbook].step(r.step) is None):
                r.status = "withdrawn"
        if self.opted_out(customer, now):
            for r in mine:
                if r.status == "pending":
                    r.status = "withdrawn"
            return
        paused = self.is_open(customer, "complaint", now, TEAM_ZONE)
        active = []
        for playbook in self.playbooks:
            if paused and playbook.enroll != ("event", "complaint"):
                continue
            for journey in self.journeys(playbook, customer, now):
                journey.customer = customer["id"]
                if self.replaced(playbook, journey, customer, now):
                    for r in mine:
                        if (r.playbook, r.journey) == (playbook.id, journey.ref) and r.status == "pending":
                            r.status = "withdrawn"
                    continue
                if playbook.enroll_if:
                    enroll_key = f"{playbook.id}/{customer['id']}/{journey.ref}#enroll"
                    if enroll_key not in self.decisions:
                        self.decisions[enroll_key] = self.condition(playbook.enroll_if, playbook, journey, customer,
                                                                    now)
                    if not self.decisions[enroll_key]:
                        continue
                active.append((playbook, journey))
        today = local_date(now, TEAM_ZONE)
        used = sum(1 for r in self.records.values() if r.customer == customer["id"]
                   and local_date(r.recorded_at, TEAM_ZONE) == today and not r.by_rule)
        while True:
            candidates = []
            for playbook, journey in active:
                for step in playbook.steps:
                    for key, occurrence, due, replied in self.due_occurrences(playbook, journey, step, customer, now):
                        if key not in self.decisions and (step.condition or step.trigger == "no_reply"):
                            holds = not replied if step.trigger == "no_reply" else True
                            if holds and step.condition:
                                holds = self.condition(step.condition, playbook, journey, customer, now)
                            self.decisions[key] = holds
                            if not holds:
                                record = Record(key, playbook.id, step.id, customer["id"], journey.ref, occurrence,
                                                due, now, journey.order["id"] if journey.order else None)
                                record.status, record.by_rule = "skipped", True
                                self.records[key] = record
                                if step.trigger == "every":
                                    self.withdraw_older(playbook, customer, journey, step, occurrence)
                                continue
                        candidates.append((playbook, journey, step, key, occurrence, due))
            if not candidates:
                return
            candidates.sort(key=lambda c: (
                -c[2].priority, c[5].start(c[0].zone), c[0].id, c[2].position,
                c[1].order["ordered"].instant(c[0].zone) if c[1].order else dt.datetime.max.replace(tzinfo=UTC),
                c[1].order["id"] if c[1].order else "", c[3]))
            recorded = False
            for playbook, journey, step, key, occurrence, due in candidates:
                if cap is not None and used >= cap:
                    break
                self.records[key] = Record(key, playbook.id, step.id, customer["id"], journey.ref, occurrence, due,
                                           now, journey.order["id"] if journey.order else None)
                used += 1
                recorded = True
                if step.trigger == "every":
                    self.withdraw_older(playbook, customer, journey, step, occurrence)
            if not recorded:
                return

    def withdraw_older(self, playbook, customer, journey, step, occurrence):
        """SPEC §3.6: recording an `every` step's latest occurrence (pending, or skipped by its
        condition) withdraws the older pending ones."""
        for r in self.records.values():
            if (r.playbook, r.customer, r.journey, r.step) == (playbook.id, customer["id"], journey.ref, step.id) \
                    and r.occurrence < occurrence and r.status == "pending":
                r.status = "withdrawn"

    def listing(self, now, include_all):
        lines = []
        by_id = {c["id"]: c for c in self.customers}
        playbooks = {p.id: p for p in self.playbooks}
        wanted = ("pending", "done", "skipped") if include_all else ("pending",)
        for r in self.records.values():
            playbook = playbooks.get(r.playbook)
            if r.status not in wanted or playbook is None or playbook.step(r.step) is None:
                continue
            if r.status == "pending" and self.is_open(by_id[r.customer], "complaint", now, TEAM_ZONE) \
                    and playbook.enroll != ("event", "complaint"):
                continue
            position = playbook.step(r.step).position
            # SPEC §4's order, then the key (two occurrences of a step in one journey can tie).
            lines.append((r.due.listing_order(playbook.zone), r.customer.encode(), r.playbook.encode(), position,
                          (r.order or "").encode(), r.key.encode(), self.line(r, now)))
        lines.sort(key=lambda x: x[:6])
        return [x[6] for x in lines]

    def line(self, r, now):
        """One record as `run --format jsonl` prints it (the fields compared)."""
        customer = next(c for c in self.customers if c["id"] == r.customer)
        playbook = next(p for p in self.playbooks if p.id == r.playbook)
        step = playbook.step(r.step)
        order = next((o for o in self.orders if o["id"] == r.order), None)
        status = r.status
        missing = []
        if status == "pending" and step.require and order is not None and not order["tracking"]:
            status, missing = "waiting", ["order.tracking_no"]
        message = None
        due = r.due.text(playbook.zone)
        if step.has_message:
            name = ""
            if order is not None:
                name = playbook.products.get(order["sku"], (None, 0))[0] or order["sku"]
            message = f"{playbook.wording}{customer['name']}:{name}:{due}"
            if playbook.enroll[0] != "customers":
                message += " " + (order["tracking"] if order else "")
            message += f" @{customer['city']}" if customer["city"] else " 小美保養"
        if r.status == "done":
            message = r.frozen
        line = {
            "key": r.key, "playbook": r.playbook, "step": r.step, "customer": r.customer,
            "customer_name": customer["name"], "order": r.order, "sku": order["sku"] if order else None,
            "due": due, "channel": step.channel, "kind": "message" if step.has_message else "task",
            "message": message, "status": status,
        }
        if missing:
            line["missing"] = missing
        return line


# ---------------------------------------------------------------- driving both


COMPARED = ("key", "playbook", "step", "customer", "customer_name", "order", "sku", "due", "channel", "kind",
            "message", "status", "missing")


def project(line):
    return {field: line.get(field) for field in COMPARED if field in line or field != "missing"}


class Engine:
    """The engine under test. With PLAYBOOK_CHECK_PG set to a server URL (postgres://USER@HOST:PORT),
    each trial runs on a new PostgreSQL database of that server instead of an SQLite file."""
    databases = 0

    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.db = f"{folder}/db.sqlite"
        server = os.environ.get("PLAYBOOK_CHECK_PG")
        if server:
            Engine.databases += 1
            name = f"dbd_{os.getpid()}_{Engine.databases}"
            subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}",
                            "-c", f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"],
                           check=True, capture_output=True)
            self.db = f"{server}/{name}?sslmode=disable"

    def call(self, *arguments):
        folder = [] if arguments[0] == "import" else ["--playbooks", f"{self.folder}/playbooks"]
        result = subprocess.run([self.binary, *arguments, "--db", self.db, *folder], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)}: exit {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def run(self, now, *flags):
        local = now.astimezone(ZoneInfo(TEAM_ZONE))
        as_of = local.date().isoformat() if local.time() == END_OF_DAY else local.strftime("%Y-%m-%d %H:%M")
        output = self.call("run", "--as-of", as_of, "--format", "jsonl", *flags)
        return [json.loads(line) for line in output.splitlines() if line.strip()]


def describe(playbooks, cap):
    return "\n".join([f"cap: {cap}"] + [playbook_yaml(p) for p in playbooks])


def differences(expected, actual):
    expected = [project(line) for line in expected]
    actual = [project(line) for line in actual]
    if expected == actual:
        return None
    lines = []
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else None
        got = actual[index] if index < len(actual) else None
        if want != got:
            lines.append(f"  line {index + 1}:\n    model:  {json.dumps(want, ensure_ascii=False)}\n"
                         f"    engine: {json.dumps(got, ensure_ascii=False)}")
            if len(lines) >= 4:
                break
    return "\n".join(lines)


def trial(binary, seed, days=32):
    global TEAM_ZONE
    rng = random.Random(seed)
    TEAM_ZONE = rng.choice(TEAM_ZONES)
    customers, orders, events, playbooks, cap = random_world(rng)
    schedule = arrivals(rng, customers, orders, events)
    edit_day = DAY0 + dt.timedelta(days=rng.randint(5, 25)) if rng.random() < 0.5 else None
    edit = edited(rng, playbooks) if edit_day else None
    model = Model(playbooks, cap)
    with tempfile.TemporaryDirectory() as folder:
        if os.environ.get("KEEP"):
            folder = os.environ["KEEP"]
        write_playbooks(folder, playbooks, cap)
        engine = Engine(binary, folder)
        listed = []
        for offset_days in range(-1, days):
            day = DAY0 + dt.timedelta(days=offset_days)
            for kind in ("customers", "orders", "events"):
                rows = schedule.get(day, {}).get(kind, [])
                if rows:
                    write_rows(f"{folder}/{kind}.csv", kind, rows)
                    engine.call("import", kind, f"{folder}/{kind}.csv")
                    for row in rows:
                        model.arrive(kind, row)
            if day == edit_day:
                for playbook in model.playbooks:
                    os.remove(f"{folder}/playbooks/{playbook.id}.yaml")
                model.playbooks = edit
                write_playbooks(folder, edit, cap)
            if offset_days < 0 or rng.random() < 0.25:
                continue  # the seller did not run today
            for line in listed:
                roll = rng.random()
                if (roll < 0.25 or roll > 0.92) and model.records[line["key"]].status != "withdrawn":
                    verb = "done" if roll < 0.25 else "skip"
                    when = day - dt.timedelta(days=rng.choice([1, 1, 2])) if rng.random() < 0.3 else day
                    engine.call(verb, line["key"], "--at", when.isoformat())
                    model.close(line["key"], "done" if verb == "done" else "skipped", when)
            closed = [r for r in model.records.values() if r.status in ("done", "skipped") and not r.by_rule]
            if closed and rng.random() < 0.1:
                record = rng.choice(closed)  # a correction: done ↔ skipped
                verb, status = ("skip", "skipped") if record.status == "done" else ("done", "done")
                engine.call(verb, record.key, "--at", day.isoformat())
                model.close(record.key, status, day)
            if rng.random() < 0.2 and model.customers:
                customer = rng.choice(model.customers)
                kind = rng.choice(["reply", "reply", "reply", "complaint", "complaint_resolved", "selfie"])
                said = engine.call("log", customer["id"], kind, "--at", day.isoformat())
                model.events.append({"id": said.strip().rsplit("(", 1)[-1].rstrip(")"), "customer": customer["id"],
                                     "kind": kind,
                                     "at": Time("", instant=at_local(day, dt.time(12), TEAM_ZONE)), "order": None})
            flags, run_cap = [], cap
            if rng.random() < 0.1:
                run_cap = rng.randint(1, 3)
                flags = ["--max-per-customer", str(run_cap)]
            times = [at_local(day, END_OF_DAY, TEAM_ZONE)]
            if rng.random() < 0.3:
                times.insert(0, at_local(day, dt.time(rng.randint(6, 20), rng.choice([0, 30])), TEAM_ZONE))
            for now in times:
                where = f"seed {seed}, as of {now.astimezone(ZoneInfo(TEAM_ZONE))}"
                if rng.random() < 0.2:
                    saved = copy.deepcopy((model.records, model.decisions))
                    expected = model.run(now, run_cap)
                    model.records, model.decisions = saved
                    problem = differences(expected, engine.run(now, "--dry-run", *flags))
                    if problem:
                        return f"{where}, dry run:\n{problem}\n{describe(model.playbooks, cap)}"
                expected = model.run(now, run_cap)
                listed = engine.run(now, *flags)
                problem = differences(expected, listed)
                if problem:
                    return f"{where}, run {' '.join(flags)}:\n{problem}\n{describe(model.playbooks, cap)}"
                if rng.random() < 0.15:
                    # `--all` is a run too, with the team's cap.
                    problem = differences(model.run(now, cap, include_all=True), engine.run(now, "--all"))
                    if problem:
                        return f"{where}, run --all:\n{problem}\n{describe(model.playbooks, cap)}"
    return None


def main():
    binary = os.path.abspath(sys.argv[1])
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    failures = 0
    for seed in range(first, first + trials):
        problem = trial(binary, seed)
        if problem:
            failures += 1
            print(problem, flush=True)
    print(f"{trials - failures} of {trials} trials agree", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
