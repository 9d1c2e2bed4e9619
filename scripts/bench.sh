#!/usr/bin/env bash
# bench.sh - gantry's benchmarks (`make bench` runs it after `swift build -c release`).
#
#  1. Planning: gantry-bench loads and plans a generated 5000-service repository, then plans
#     pathological Dockerfiles (20,000 ARGs, stages, mounts in one RUN, continuation lines, nested
#     substitutions) against a 1-line one and at twice the size (a doubling ratio near 2 is linear).
#  1b. Context digest: gantry-bench-inputs digests a generated 100,000-file context without and
#     with the stat cache (targets: 3 s and 0.5 s on 2 cores).
#  2. Build scheduling: on a generated 24-service monorepo (4 layers, RUN sleep 1-4 s standing in
#     for real work), one run measures `gantry build --jobs N` against `make -jN` over the very
#     same `docker build` commands and against a sequential script, for N = 4 and 24, cold
#     (bench images and build cache removed) and re-run (nothing changed: gantry finds every image
#     up to date and runs no builder, make re-runs every cached `docker build`); plus gantry's own
#     overhead per job. Builds go to a private engine ("bench" sandbox, started here and stopped
#     at the end), never to the default one that tests use.
#
# Results: bench-results/plan.json, bench-results/dockerfiles.json, bench-results/inputs.json,
# bench-results/build.json and
# bench-results/build.md (printed).
# The machine is shared and noisy: read the ratios, which come from one run, not absolute times.
#
# Environment: GANTRY_BENCH_ENGINE (sandbox name, default bench), GANTRY_BENCH_SEED (monorepo seed),
# GANTRY_BENCH_ROUNDS (cold runs per variant, default 2), GANTRY_BENCH_RERUNS (re-runs, default 3),
# GANTRY_BENCH_KEEP=1 (keep the work folder, for debugging).

set -euo pipefail

readonly PROG=${0##*/}
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { say "error: $*"; exit 1; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly OUT=$REPO/bench-results
readonly HELPERS=$REPO/scripts/bench
readonly SANDBOX=$REPO/scripts/docker-sandbox.sh
readonly GANTRY=$REPO/.build/release/gantry
readonly PLAN_BENCH=$REPO/.build/release/gantry-bench
readonly INPUTS_BENCH=$REPO/.build/release/gantry-bench-inputs
readonly DOCKER=/usr/bin/docker
readonly ENGINE=${GANTRY_BENCH_ENGINE:-bench}
readonly SEED=${GANTRY_BENCH_SEED:-20261123}
readonly JOB_COUNTS=(4 24)
readonly ROUNDS=${GANTRY_BENCH_ROUNDS:-2}
readonly RERUNS=${GANTRY_BENCH_RERUNS:-3}

[[ $ROUNDS =~ ^[1-9][0-9]*$ && $RERUNS =~ ^[1-9][0-9]*$ ]] ||
    die "GANTRY_BENCH_ROUNDS and GANTRY_BENCH_RERUNS must be positive integers"
for tool in "$GANTRY" "$PLAN_BENCH" "$INPUTS_BENCH"; do
    [[ -x $tool ]] || die "$tool is missing: run 'swift build -c release' first"
done
[[ -x $DOCKER ]] || die "$DOCKER (Debian's docker.io client) is missing"
command -v python3 >/dev/null || die "python3 is needed"
command -v make >/dev/null || die "make is needed"

mkdir -p "$OUT"
# One benchmark at a time: two would clean each other's images and fight over the engine.
exec 8>"$OUT/.lock"
flock -n 8 || die "another bench.sh is running (lock $OUT/.lock)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gantry-bench.XXXXXX")
ENGINE_STARTED=0
cleanup() {
    local rc=$?
    if ((ENGINE_STARTED)); then
        "$SANDBOX" stop --name "$ENGINE" >/dev/null 2>&1 || say "warning: could not stop the $ENGINE engine"
    fi
    if [[ ${GANTRY_BENCH_KEEP:-0} == 1 ]]; then
        say "work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# 1. Planning
# ---------------------------------------------------------------------------

say "planning benchmark (5000 services)"
PLAN_LINE=$("$PLAN_BENCH" --services 5000 --runs 5 --out "$OUT/plan.json")
printf '%s\n' "$PLAN_LINE"
say "pathological Dockerfiles"
"$PLAN_BENCH" dockerfiles --size 20000 --runs 3 --out "$OUT/dockerfiles.json"

say "context digest benchmark (100,000 files)"
INPUTS_LINE=$("$INPUTS_BENCH" --files 100000 --runs 5 --out "$OUT/inputs.json")
printf '%s\n' "$INPUTS_LINE"

# ---------------------------------------------------------------------------
# 2. Build scheduling
# ---------------------------------------------------------------------------

# How busy the (shared) machine was, for reading the results.
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
say "starting the '$ENGINE' engine"
ENGINE_STARTED=1
# 8>&- : the daemons it launches must not inherit (and so hold) our lock.
"$SANDBOX" start --name "$ENGINE" >/dev/null 8>&-
# The caller's engine (make bench exports the default sandbox) is not the one we measure on.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH GANTRY_SANDBOX_NETWORK
eval "$("$SANDBOX" env --name "$ENGINE")"
export DOCKER_BUILDKIT=1 GANTRY_DOCKER=$DOCKER
# A private client config: a user's ~/.docker (contexts, credential helpers) stays out of it.
export DOCKER_CONFIG=$WORK/docker-config
mkdir -p "$DOCKER_CONFIG"
# Under `make bench`, make's jobserver flags would leak into the baseline's make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
dk() { "$DOCKER" "$@"; }
dk version --format '{{.Server.Version}}' >/dev/null || die "the $ENGINE engine does not answer"

BENCH_REPO=$WORK/repo
say "generating the monorepo (seed $SEED)"
python3 "$HELPERS/gen_monorepo.py" "$BENCH_REPO" --seed "$SEED" \
    ${GANTRY_SANDBOX_NETWORK:+--network "$GANTRY_SANDBOX_NETWORK"}
"$GANTRY" plan -C "$BENCH_REPO" --format json --backend docker --docker "$DOCKER" >"$WORK/plan.json"
python3 "$HELPERS/gen_runners.py" "$WORK/plan.json" "$BENCH_REPO/bench-graph.json" "$BENCH_REPO" "$WORK/baseline"

RUNS=$WORK/runs.jsonl
: >"$RUNS"
mapfile -t IMAGES < <(python3 -c 'import json,sys; [print(s["image"]) for s in json.load(open(sys.argv[1]))["services"].values()]' \
    "$BENCH_REPO/bench-graph.json")

# Cold: no bench image and no build cache left (the base image stays: it is not pulled anyway).
clean_engine() {
    dk image rm -f "${IMAGES[@]}" >/dev/null 2>&1 || true
    dk builder prune -af >/dev/null
    local left
    left=$(dk image ls --format '{{.Repository}}:{{.Tag}}' | grep -c '^bench/' || true)
    ((left == 0)) || die "cleaning left $left bench images behind"
}

now() { printf '%s\n' "$EPOCHREALTIME"; }

# measure VARIANT N MODE SAMPLE -- RUNNER...: runs RUNNER (a function below), appends its wall time
# to $RUNS. RUNNER sees LOGDIR (build logs) and REPORT (gantry's report folder).
measure() {
    local variant=$1 n=$2 mode=$3 sample=$4
    shift 5
    local tag=${variant// /-}-j$n-$mode-$sample output t0 t1 report=""
    [[ $variant == gantry* ]] && report=$WORK/reports/$tag
    output=$WORK/out/$tag.txt
    mkdir -p "$WORK/out" "$WORK/logs/$tag"
    say "$variant -j$n $mode #$sample"
    t0=$(now)
    if ! LOGDIR=$WORK/logs/$tag REPORT=$report "$@" >"$output" 2>&1; then
        say "$variant -j$n $mode failed; its output:"
        tail -n 30 "$output" >&2
        local log
        for log in "$WORK/logs/$tag"/*.log "${report:-/nonexistent}"/logs/*.log; do
            [[ -f $log ]] && grep -q -i 'error' "$log" && { say "$log:"; tail -n 15 "$log" >&2; break; }
        done
        exit 1
    fi
    t1=$(now)
    python3 -c 'import json,sys; print(json.dumps({"variant": sys.argv[1], "jobs": int(sys.argv[2]), "mode": sys.argv[3],
        "sample": int(sys.argv[4]), "wall_seconds": round(float(sys.argv[6]) - float(sys.argv[5]), 3), "report": sys.argv[7] or None}))' \
        "$variant" "$n" "$mode" "$sample" "$t0" "$t1" "$report" >>"$RUNS"
}

# The three ways of building. LOGDIR comes from measure.
run_gantry() { # N
    "$GANTRY" build -C "$BENCH_REPO" --jobs "$1" --backend docker --docker "$DOCKER" --progress plain \
        --report-dir "${REPORT:?}"
}
run_make() { # N
    rm -rf "$WORK/stamps"
    make -j"$1" -f "$WORK/baseline/Makefile" STAMPS="$WORK/stamps" LOGDIR="$LOGDIR"
}
run_sequential() {
    sh "$WORK/baseline/sequential.sh" "$LOGDIR"
}

HISTORY=$BENCH_REPO/.gantry/history.jsonl
reset_history() { rm -f "$HISTORY"; }

# Warm-up (not measured): the engine's first build after a start pays for things no variant should.
say "warm-up build"
reset_history
"$GANTRY" build -C "$BENCH_REPO" docs --backend docker --docker "$DOCKER" --progress quiet \
    --report-dir "$WORK/reports/warmup" >/dev/null 2>&1 || die "warm-up build failed (see the $ENGINE engine)"

# rerun_after VARIANT N RUNNER...: the re-runs of a cold run, straight after it (RERUNS samples).
rerun_after() {
    local variant=$1 n=$2 i
    shift 2
    for ((i = 1; i <= RERUNS; i++)); do
        measure "$variant" "$n" rerun "$i" -- "$@"
    done
}

# Cold runs come in ROUNDS rounds; within a round gantry and make alternate who goes first, so that
# a drifting machine favours neither. The re-runs (RERUNS each) follow the first round's cold runs.
for ((round = 1; round <= ROUNDS; round++)); do
    for n in "${JOB_COUNTS[@]}"; do
        if ((round % 2 == 1)); then order=(gantry make); else order=(make gantry); fi
        for tool in "${order[@]}"; do
            clean_engine
            case $tool in
                gantry)
                    # As on a first build ever: no duration history, so every job weighs 1.
                    reset_history
                    measure gantry "$n" cold "$round" -- run_gantry "$n"
                    first_history=""
                    [[ ! -s $HISTORY ]] || first_history=$(head -n 1 "$HISTORY")
                    ((round > 1)) || rerun_after gantry "$n" run_gantry "$n"
                    ;;
                make)
                    measure make "$n" cold "$round" -- run_make "$n"
                    ((round > 1)) || rerun_after make "$n" run_make "$n"
                    ;;
            esac
        done
        if ((n == 4)) && [[ -z $first_history ]]; then
            say "warning: gantry wrote no $HISTORY; skipping the 'gantry (history)' variant"
        elif ((n == 4)); then
            # gantry once it has seen one real build: that round's cold durations as its only history.
            clean_engine
            mkdir -p "$(dirname "$HISTORY")"
            printf '%s\n' "$first_history" >"$HISTORY"
            measure "gantry (history)" "$n" cold "$round" -- run_gantry "$n"
        fi
    done
done

clean_engine
measure sequential 1 cold 1 -- run_sequential
rerun_after sequential 1 run_sequential

# Overhead probes (everything cached now).
#  a. Every docker process through a wrapper that logs when it started and ended: the gap between a
#     dependency's exit and its dependent's exec is what gantry adds (plus ~1 ms of bash start-up).
WRAP_LOG=$WORK/wrap.log
: >"$WRAP_LOG"
cat >"$WORK/docker-wrap" <<EOF
#!/bin/bash
t0=\$EPOCHREALTIME
tag="" prev=""
for a in "\$@"; do [[ \$prev == -t ]] && tag=\$a; prev=\$a; done
$DOCKER "\$@"
rc=\$?
printf '%s %s %s %s\n' "\$tag" "\$t0" "\$EPOCHREALTIME" "\$rc" >>"$WRAP_LOG"
exit \$rc
EOF
chmod +x "$WORK/docker-wrap"
say "overhead probe: gantry --jobs 24 through a timestamping docker wrapper (cached)"
# --force: every image is up to date by now, and the probe times builder invocations.
"$GANTRY" build -C "$BENCH_REPO" --jobs 24 --backend docker --docker "$WORK/docker-wrap" --progress quiet --force \
    --report-dir "$WORK/reports/probe-wrap" >"$WORK/out/probe-wrap.txt" 2>&1 || die "wrapper probe failed"

#  b. A builder that does nothing (/bin/true): all that is left is gantry itself.
NOOP=$WORK/noop.jsonl
: >"$NOOP"
for n in 1 24; do
    say "overhead probe: gantry --jobs $n with a no-op builder"
    t0=$(now)
    "$GANTRY" build -C "$BENCH_REPO" --jobs "$n" --backend docker --docker /bin/true --progress quiet --force \
        --report-dir "$WORK/reports/noop-j$n" >"$WORK/out/noop-j$n.txt" 2>&1 || die "no-op probe failed"
    t1=$(now)
    python3 -c 'import json,sys; print(json.dumps({"jobs": int(sys.argv[1]), "wall_seconds": round(float(sys.argv[3]) - float(sys.argv[2]), 4),
        "report": sys.argv[4]}))' "$n" "$t0" "$t1" "$WORK/reports/noop-j$n" >>"$NOOP"
done

META=$WORK/meta.json
python3 -c 'import json,sys; print(json.dumps({"date": sys.argv[1], "nproc": int(sys.argv[2]), "seed": int(sys.argv[3]),
    "gantry_version": sys.argv[4], "docker_server": sys.argv[5], "storage_driver": sys.argv[6], "engine": sys.argv[7],
    "plan_line": sys.argv[8], "loadavg_start": sys.argv[9], "loadavg_end": sys.argv[10], "rounds": int(sys.argv[11]),
    "reruns": int(sys.argv[12])}))' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$SEED" "$("$GANTRY" --version 2>/dev/null || echo unknown)" \
    "$(dk version --format '{{.Server.Version}}')" "$(dk info --format '{{.Driver}}')" "$ENGINE" "$PLAN_LINE" \
    "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" "$ROUNDS" "$RERUNS" >"$META"

python3 "$HELPERS/analyze.py" --meta "$META" --graph "$BENCH_REPO/bench-graph.json" --plan "$WORK/plan.json" \
    --runs "$RUNS" --wrap-log "$WRAP_LOG" --noop "$NOOP" --plan-bench "$OUT/plan.json" \
    --json "$OUT/build.json" --markdown "$OUT/build.md"
echo
cat "$OUT/build.md"
