#!/usr/bin/env python3
"""Deterministic benchmark data: N customers, on average 3 order lines and 2 events each,
dates spread over the two years before 2026-11-23. Usage: gen-bench-data.py N OUTDIR"""
import csv, datetime, os, random, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261123)
    end = datetime.date(2026, 11, 23)
    start = end - datetime.timedelta(days=730)
    skus = ["cleanser", "toner", "cream", "serum"]
    kinds = ["reply", "reply", "reply", "complaint", "complaint_resolved", "testimonial"]
    with open(f"{out}/customers.csv", "w", newline="") as fc, \
         open(f"{out}/orders.csv", "w", newline="") as fo, \
         open(f"{out}/events.csv", "w", newline="") as fe:
        wc, wo, we = csv.writer(fc), csv.writer(fo), csv.writer(fe)
        wc.writerow(["id", "name", "tier", "birthday", "owner", "created_at", "city"])
        wo.writerow(["id", "customer_id", "sku", "quantity", "ordered_at", "shipped_at", "delivered_at", "tracking_no", "amount"])
        we.writerow(["id", "customer_id", "kind", "at"])
        order_id = event_id = 0
        for i in range(n):
            cid = f"C{i:07d}"
            created = start + datetime.timedelta(days=rng.randrange(700))
            tier = rng.choice(["regular", "regular", "vip", "potential"])
            wc.writerow([cid, f"客戶{i}", tier, f"{rng.randint(1,12):02d}-{rng.randint(1,28):02d}",
                         f"S{rng.randrange(20):02d}", created.isoformat(), "台北"])
            for _ in range(rng.choice([1, 2, 3, 3, 4, 5])):
                order_id += 1
                od = created + datetime.timedelta(days=rng.randrange(max(1, (end - created).days + 1)))
                shipped = od + datetime.timedelta(days=1)
                delivered = shipped + datetime.timedelta(days=2)
                wo.writerow([f"O{order_id:08d}", cid, rng.choice(skus), rng.choice([1, 1, 2]),
                             f"{od.isoformat()} {rng.randrange(9, 22):02d}:00", shipped.isoformat(),
                             delivered.isoformat(), f"TW{order_id}", "880.00"])
            for _ in range(rng.choice([1, 2, 3])):
                event_id += 1
                at = created + datetime.timedelta(days=rng.randrange(max(1, (end - created).days + 1)))
                we.writerow([f"E{event_id:08d}", cid, rng.choice(kinds), at.isoformat()])

if __name__ == "__main__":
    main()
