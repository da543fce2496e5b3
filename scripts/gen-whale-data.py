#!/usr/bin/env python3
"""One skewed customer for benchmarks: LINES order lines (four skus) and EVENTS events (replies,
complaints, resolutions, testimonials naming the lines), each spread evenly over the two years
from 2024-11-23, so that costs growing with one customer's own data show.
Usage: gen-whale-data.py LINES EVENTS DIR"""
import datetime
import os
import sys

lines, events, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(folder, exist_ok=True)
start = datetime.datetime(2024, 11, 23, 10, 0)
TWO_YEARS = 2 * 365 * 24 * 60  # minutes
skus = ["cleanser", "toner", "serum", "cream"]
kinds = ["reply", "complaint", "complaint_resolved", "testimonial", "reply"]
with open(os.path.join(folder, "customers.csv"), "w") as f:
    f.write("id,name,tier,created_at\nW1,大戶,vip,2024-01-01\n")
with open(os.path.join(folder, "orders.csv"), "w") as f:
    f.write("id,customer_id,sku,quantity,ordered_at,delivered_at\n")
    for i in range(lines):
        t = start + datetime.timedelta(minutes=TWO_YEARS // max(1, lines) * i)
        f.write(f"WO{i},W1,{skus[i % 4]},1,{t:%Y-%m-%d %H:%M},{t + datetime.timedelta(days=2):%Y-%m-%d}\n")
with open(os.path.join(folder, "events.csv"), "w") as f:
    f.write("id,customer_id,kind,at,order_id\n")
    for i in range(events):
        t = start + datetime.timedelta(minutes=TWO_YEARS // max(1, events) * i)
        f.write(f"E{i},W1,{kinds[i % 5]},{t:%Y-%m-%d %H:%M},WO{i % max(1, lines)}\n")
