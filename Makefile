SHELL := /bin/bash
# Set-up and everyday targets. Every target first installs what a fresh Debian machine lacks.
SWIFT ?= swift
BIN := .build/debug/playbook
DEMO_DB := demo/playbook.sqlite
APT_PACKAGES := libyaml-dev libsqlite3-dev pkg-config chromium chromium-driver fonts-wqy-microhei postgresql-15

.PHONY: deps build demo serve-demo test lint bench bench-data format-lint crash-test fuzz check-spec hostile check-pg
FUZZ_SECONDS ?= 600
TRIALS ?= 200
SEED ?= 1000
SIZES ?= 10000 100000
N ?= 10000

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import jsonschema, yaml, selenium' 2>/dev/null || python3 -m pip install -q jsonschema pyyaml selenium

build: deps
	$(SWIFT) build

lint: build
	$(BIN) lint playbooks

# playbook serve on the demo data, with a seller and a lead account (printed).
serve-demo: demo
	@printf 'demo-seller\n' | $(BIN) user add S01 --role seller --db $(DEMO_DB) >/dev/null
	@printf 'demo-lead1\n' | $(BIN) user add lead --role lead --db $(DEMO_DB) >/dev/null
	@echo "sign in at http://127.0.0.1:8080/ as S01 / demo-seller (seller) or lead / demo-lead1 (lead)"
	$(BIN) serve --db $(DEMO_DB) --playbooks playbooks --listen 127.0.0.1:8080

demo: build
	@rm -rf demo && mkdir -p demo
	$(BIN) lint playbooks
	bash scripts/demo.sh $(BIN) $(DEMO_DB)

test: deps
	$(SWIFT) build
	$(SWIFT) test 2>&1 | tee .build/test.log | grep -vE '^\[[0-9]+/[0-9]+\]'; exit $${PIPESTATUS[0]}
	$(BIN) lint playbooks
	$(BIN) test playbooks
	.build/debug/PlaybookFuzz fuzz/corpus
	python3 scripts/day-by-day-check.py $(BIN) 12 1
	bash scripts/report-screenshot.sh $(BIN)
	python3 scripts/pg-check.py $(BIN) 6 20 10
	python3 scripts/browser-check.py $(BIN)

# Runs against an independent model of SPEC §3, day by day (docs/reliability.md); TRIALS=200 SEED=1000.
check-spec: build
	python3 scripts/day-by-day-check.py $(BIN) $(TRIALS) $(SEED)

format-lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

bench: build
	bash scripts/bench-lint.sh
	for n in $(SIZES); do bash scripts/bench.sh $$n; done
	bash scripts/bench-import-size.sh 250 1024

bench-data:
	python3 scripts/gen-bench-data.py $(N) bench-data/$(N)

# The PostgreSQL checks at length, on a throwaway cluster: 200 day-by-day trials, 100 kill -9 trials,
# 50 rounds of concurrent runs (docs/team.md).
check-pg: build
	python3 scripts/pg-check.py $(BIN) $(or $(PG_TRIALS),200) 100 50

# Hostile and careless-user trials against the built binary (docs/reliability.md); TRIALS=20 SEED=1.
hostile: build
	python3 scripts/hostile.py $(BIN) $(or $(HOSTILE_TRIALS),20) $(SEED)

crash-test: build
	bash scripts/crash-test.sh

# libFuzzer over the YAML reader, the expression parser and the template scanner (docs/reliability.md).
fuzz: deps
	$(SWIFT) build -c release --product PlaybookFuzz --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
	mkdir -p .build-fuzz/corpus && cp fuzz/corpus/* .build-fuzz/corpus/
	.build-fuzz/release/PlaybookFuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix=fuzz/crash- .build-fuzz/corpus fuzz/corpus
