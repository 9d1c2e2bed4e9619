#!/usr/bin/env bash
# Builds the example monorepo (examples/monorepo: 8 services in 4 layers, no registry needed) on the
# engine DOCKER_HOST names, then shows where the report is. `make demo` starts the sandbox engine
# and calls this with its environment.
set -euo pipefail
cd "$(dirname "$0")/.."

gantry="$(swift build --show-bin-path)/gantry"
[ -x "$gantry" ] || { echo "demo: build gantry first (make build)" >&2; exit 1; }
: "${DOCKER_HOST:?demo: no engine; run 'make demo', which starts one}"
docker_client="${GANTRY_DOCKER:-/usr/bin/docker}"

echo "== the plan"
"$gantry" plan -C examples/monorepo --backend docker --docker "$docker_client"
echo
echo "== the build"
status=0
"$gantry" build -C examples/monorepo --docker "$docker_client" "$@" || status=$?
echo
if [ "$status" = 0 ]; then
  echo "== the same build again: nothing changed, so no builder runs"
  "$gantry" build -C examples/monorepo --docker "$docker_client" "$@" || status=$?
  echo
  echo "== gantry status: up to date, or why not (edit services/api/main.src and run it again)"
  "$gantry" status -C examples/monorepo --docker "$docker_client" || status=$?
  echo
fi
report="examples/monorepo/.gantry/runs/latest/report.json"
if [ -f "$report" ]; then
  echo "report: $report"
  echo "logs:   $(dirname "$(readlink -f "$report")")/logs/"
fi
exit "$status"
