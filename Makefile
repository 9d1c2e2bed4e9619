# gantry — build the images of a monorepo in dependency order.
# `make demo` builds the example monorepo on a real engine; `make test` runs every test.

PREFIX ?= /usr/local
SWIFT ?= swift
SANDBOX := scripts/docker-sandbox.sh
# Tests and the demo use a private engine (scripts/docker-sandbox.sh) unless told otherwise.
ENGINE_ENV = eval "$$($(SANDBOX) env)"; eval "$$($(SANDBOX) registry env)";

.PHONY: all build release test test-deps unit-test engine registry engine-stop demo bench install uninstall format lint clean help

all: build

help:
	@echo "make build      debug build"
	@echo "make test       every test, real-engine ones included (starts the sandbox engine)"
	@echo "make unit-test  tests that need no engine"
	@echo "make demo       build the example monorepo for real and show the report"
	@echo "make bench      benchmarks; results under bench-results/"
	@echo "make install    install gantry to \$$(PREFIX)/bin (PREFIX=$(PREFIX))"
	@echo "make format     format the sources; make lint checks them"

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Real-engine tests need an engine: start the sandbox; where none can be had they skip with a
# reason, unless GANTRY_REQUIRE_ENGINE=1 (CI), where that is a failure.
test: engine registry test-deps
	$(ENGINE_ENV) $(SWIFT) test

unit-test:
	GANTRY_SKIP_ENGINE=1 $(SWIFT) test

# Test tools besides the engine (headless chromium for the HTML report test).
test-deps:
	@scripts/ci-deps.sh

engine:
	@$(SANDBOX) start || { if [ "$${GANTRY_REQUIRE_ENGINE:-0}" = 1 ]; then echo "no engine and GANTRY_REQUIRE_ENGINE=1" >&2; exit 1; else echo "no engine: real-engine tests will skip" >&2; fi; }

# The local registry (Debian's docker-registry on 127.0.0.1) for the shard, push and incremental tests.
registry:
	@$(SANDBOX) registry start || { if [ "$${GANTRY_REQUIRE_ENGINE:-0}" = 1 ]; then echo "no registry and GANTRY_REQUIRE_ENGINE=1" >&2; exit 1; else echo "no registry: registry tests will skip" >&2; fi; }

engine-stop:
	$(SANDBOX) stop
	$(SANDBOX) registry stop

demo: build engine
	$(ENGINE_ENV) scripts/demo.sh

# Benchmarks run on their own engine (scripts/bench.sh starts and stops it).
bench:
	$(SWIFT) build -c release
	scripts/bench.sh

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/gantry" $(DESTDIR)$(PREFIX)/bin/gantry

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gantry

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Plugins

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Plugins

clean:
	rm -rf .build .gantry bench-results
