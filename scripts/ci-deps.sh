#!/usr/bin/env bash
# ci-deps.sh - install what the test suite uses besides Swift and the Docker
# engine (scripts/docker-sandbox.sh installs that): Debian's chromium, which
# the report tests load report.html in, headless, and Debian's docker-compose
# (1.29.2), which the compose differential and schema tests compare gantry with.
#
# Idempotent: does nothing when everything is there. Needs root (apt-get) to
# install; without root it says what is missing and exits 0, so the tests that
# need it skip with a reason (or fail, under GANTRY_REQUIRE_ENGINE=1).

set -euo pipefail

readonly PROG=${0##*/}
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)

if ((${#missing[@]} == 0)); then
    exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${missing[*]} (install as root with apt-get; the tests that need it will skip)"
    exit 0
fi
say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
say "installed: ${missing[*]}"
