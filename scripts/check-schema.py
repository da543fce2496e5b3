#!/usr/bin/env python3
"""Keeps `playbook schema` honest: every shipped playbook must validate against it, and every
structural invalid fixture must be rejected. Usage: check-schema.py SCHEMA.json VALID_DIR INVALID_FILE…"""
import glob, json, sys
import jsonschema, yaml

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
problems = 0
for path in sorted(glob.glob(f"{sys.argv[2]}/*.yaml")):
    if path.endswith("team.yaml") or path.endswith(".test.yaml"):
        continue
    errors = list(validator.iter_errors(yaml.safe_load(open(path, encoding="utf-8"))))
    if errors:
        problems += 1
        print(f"{path}: valid playbook rejected: {errors[0].message}")
for path in sys.argv[3:]:
    if not list(validator.iter_errors(yaml.safe_load(open(path, encoding="utf-8")))):
        problems += 1
        print(f"{path}: invalid playbook accepted")
print(f"schema check: {len(sys.argv) - 3} invalid fixtures rejected" if problems == 0 else f"{problems} schema problems")
sys.exit(1 if problems else 0)
