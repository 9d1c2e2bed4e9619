#!/usr/bin/env python3
"""Summarise the build-scheduling benchmark (stdlib only): bench-results/build.json and build.md.

Inputs, all written by scripts/bench.sh:
  --meta        machine, date, versions
  --graph       bench-graph.json from gen_monorepo.py (sleep seconds per service)
  --plan        `gantry plan --format json` of the monorepo (the dependencies used everywhere)
  --runs        one JSON line per measured run: variant, jobs, mode (cold|rerun), wall_seconds, report
  --wrap-log    "<image> <start> <end> <rc>" per docker process of the wrapper probe
  --noop        one JSON line per no-op-builder probe: jobs, wall_seconds, report
  --plan-bench  plan.json from gantry-bench

Definitions (also written into build.md):
  lower bound(N)       max(critical path, total work / N) over the RUN sleeps alone; it ignores
                       every per-build fixed cost (client start, context upload, snapshots, export).
  fixed cost per build (sequential cold wall - total sleep) / jobs: what one uncontended build
                       costs besides its sleep.
  bound + fixed cost   the same bound with that fixed cost added to every job (an estimate: on
                       2 cores the fixed cost grows when builds run side by side).
  scheduling latency   for a job with dependencies whose start was not slot-limited (a slot was
                       free from the moment its last dependency finished until it started):
                       started_at - max(dependency finished_at), from gantry's report.json. That
                       is time gantry alone is responsible for.
  exec gap             the same, measured outside gantry: a docker wrapper logs when each docker
                       process was exec'd and when it exited (cached re-run, --jobs 24).
"""

import argparse
import json
import statistics
from datetime import datetime


def load_lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ts(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def pct(values, q):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def stats_ms(values):
    if not values:
        return None
    return {
        "count": len(values),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
        "p90_ms": round(pct(values, 90) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def longest_path(order, deps, weight):
    """Longest weighted path through the DAG; returns (length, path)."""
    best, prev = {}, {}
    for job in order:
        before = max(deps[job], key=lambda d: best[d], default=None)
        best[job] = weight(job) + (best[before] if before else 0.0)
        prev[job] = before
    end = max(best, key=best.get)
    path = [end]
    while prev[path[-1]]:
        path.append(prev[path[-1]])
    return best[end], path[::-1]


def scheduling_latencies(report, limit):
    """started_at - max(dep finished_at) for jobs with deps whose start was not slot-limited."""
    jobs = {j["id"]: j for j in report["jobs"] if j.get("started_at") and j.get("finished_at")}
    spans = {i: (ts(j["started_at"]), ts(j["finished_at"])) for i, j in jobs.items()}
    latencies, slot_limited = [], 0
    for i, job in jobs.items():
        if not job["deps"]:
            continue
        ready = max(spans[d][1] for d in job["deps"])
        start = spans[i][0]
        # Jobs holding a slot at some point in [ready, start): if fewer than the limit, a slot was
        # free throughout and the whole gap is gantry's.
        busy = sum(1 for k, (s, f) in spans.items() if k != i and s < start and f > ready)
        if busy >= limit:
            slot_limited += 1
            continue
        latencies.append(max(0.0, start - ready))
    return latencies, slot_limited


def handoff_gaps(report):
    """For --jobs 1: started_at of each job - finished_at of the job before it."""
    spans = sorted((ts(j["started_at"]), ts(j["finished_at"])) for j in report["jobs"] if j.get("started_at"))
    return [b[0] - a[1] for a, b in zip(spans, spans[1:])]


def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("meta", "graph", "plan", "runs", "wrap-log", "noop", "plan-bench", "json", "markdown"):
        p.add_argument("--" + name, required=True)
    a = p.parse_args()

    with open(a.meta) as f:
        meta = json.load(f)
    with open(a.graph) as f:
        graph = json.load(f)
    with open(a.plan) as f:
        plan = json.load(f)
    with open(a.plan_bench) as f:
        plan_bench = json.load(f)
    runs = load_lines(a.runs)
    noops = load_lines(a.noop)

    services = graph["services"]
    deps = {j["id"]: j["deps"] for j in plan["jobs"]}
    order = plan["order"]
    sleep = {n: s["sleep_seconds"] for n, s in services.items()}
    jobs = len(order)
    total = sum(sleep.values())
    cp, cp_path = longest_path(order, deps, lambda j: sleep[j])

    groups = {}
    for r in runs:
        groups.setdefault((r["variant"], r["jobs"], r["mode"]), []).append(r)

    def wall(variant, n, mode):
        samples = groups.get((variant, n, mode))
        return statistics.median(r["wall_seconds"] for r in samples) if samples else None

    seq_cold = wall("sequential", 1, "cold")
    fixed = max(0.0, (seq_cold - total) / jobs) if seq_cold is not None else None
    cp_fixed = longest_path(order, deps, lambda j: sleep[j] + fixed)[0] if fixed is not None else None

    def bound(n):
        return max(cp, total / n)

    def bound_fixed(n):
        return None if fixed is None else max(cp_fixed, (total + jobs * fixed) / n)

    def ratio(a, b):
        return None if a is None or b is None else round(a / b, 3)

    rows = []
    for (variant, n, mode), samples in groups.items():
        median = wall(variant, n, mode)
        row = {
            "variant": variant,
            "jobs": n,
            "mode": mode,
            "wall_seconds": round(median, 3),
            "samples": [r["wall_seconds"] for r in samples],
            "ratio_to_make": ratio(median, wall("make", n, mode)) if variant != "sequential" else None,
            "ratio_to_lower_bound": ratio(median, bound(n)) if mode == "cold" else None,
            "ratio_to_bound_with_fixed_cost": ratio(median, bound_fixed(n)) if mode == "cold" else None,
        }
        reports = []
        for r in samples:
            if not r.get("report"):
                continue
            with open(r["report"] + "/report.json") as f:
                report = json.load(f)
            lat, limited = scheduling_latencies(report, n)
            run_start = ts(report["run"]["started_at"])
            first_start = min(ts(j["started_at"]) for j in report["jobs"] if j.get("started_at"))
            root = next(j for j in report["jobs"] if j["id"] == cp_path[0])
            reports.append({
                "sample": r["sample"],
                "report_wall_seconds": report["run"]["wall_seconds"],
                "process_overhead_seconds": round(r["wall_seconds"] - report["run"]["wall_seconds"], 3),
                "first_start_after_run_start_ms": round((first_start - run_start) * 1000, 1),
                "critical_chain_root_started_after_s": round(ts(root["started_at"]) - run_start, 3),
                "scheduling_latency": stats_ms(lat),
                "slot_limited_jobs": limited,
                "_latencies": lat,
            })
        if reports:
            pooled = [x for rep in reports for x in rep.pop("_latencies")]
            row["gantry"] = {
                "critical_chain_root": cp_path[0],
                "critical_chain_root_started_after_s": max(rep["critical_chain_root_started_after_s"] for rep in reports),
                "process_overhead_seconds_median": round(
                    statistics.median(rep["process_overhead_seconds"] for rep in reports), 3),
                "scheduling_latency": stats_ms(pooled),
                "slot_limited_jobs": sum(rep["slot_limited_jobs"] for rep in reports),
                "per_sample": reports,
            }
        rows.append(row)

    # Exec gaps from the wrapper probe.
    by_image = {s["image"]: n for n, s in services.items()}
    wrapped = {}
    with open(a.wrap_log) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4 and parts[0] in by_image:
                wrapped[by_image[parts[0]]] = (float(parts[1]), float(parts[2]))
    exec_gaps = [
        wrapped[j][0] - max(wrapped[d][1] for d in deps[j])
        for j in order
        if deps[j] and j in wrapped and all(d in wrapped for d in deps[j])
    ]

    noop_rows = []
    for r in noops:
        with open(r["report"] + "/report.json") as f:
            report = json.load(f)
        entry = {
            "jobs": r["jobs"],
            "wall_seconds": r["wall_seconds"],
            "report_wall_seconds": report["run"]["wall_seconds"],
            "wall_per_job_ms": round(r["wall_seconds"] / jobs * 1000, 1),
        }
        if r["jobs"] == 1:
            entry["handoff"] = stats_ms(handoff_gaps(report))
        else:
            entry["scheduling_latency"] = stats_ms(scheduling_latencies(report, r["jobs"])[0])
        noop_rows.append(entry)

    cold_lat = [
        (row["jobs"], row["variant"], row["gantry"]["scheduling_latency"])
        for row in rows
        if "gantry" in row and row["mode"] == "cold" and row["gantry"]["scheduling_latency"]
    ]
    targets = {"cold_ratio_to_make_at_most": 0.9, "overhead_per_job_ms_under": 50, "results": []}
    for n in sorted({r["jobs"] for r in runs if r["variant"] == "gantry"}):
        g = next(row for row in rows if row["variant"] == "gantry" and row["jobs"] == n and row["mode"] == "cold")
        targets["results"].append({
            "what": f"gantry cold <= 0.9 x make -j{n}", "value": g["ratio_to_make"],
            "met": g["ratio_to_make"] is not None and g["ratio_to_make"] <= 0.9})
    medians = [s["median_ms"] for _, _, s in cold_lat]
    if exec_gaps:
        medians.append(stats_ms(exec_gaps)["median_ms"])
    targets["results"].append({
        "what": "gantry overhead per job < 50 ms (median scheduling latency, every cold run, and exec gap)",
        "value": max(medians) if medians else None,
        "met": bool(medians) and max(medians) < 50})

    result = {
        "benchmark": "build-scheduling",
        "machine": {k: meta.get(k) for k in (
            "date", "nproc", "docker_server", "storage_driver", "engine", "gantry_version", "loadavg_start", "loadavg_end")},
        "rounds": {"cold": meta.get("rounds"), "rerun": meta.get("reruns")},
        "monorepo": {
            "services": jobs,
            "layers": 1 + max(s["layer"] for s in services.values()),
            "edges": sum(len(d) for d in deps.values()),
            "seed": graph["seed"],
            "sleep_seconds": sleep,
            "total_sleep_seconds": total,
            "critical_path": cp_path,
            "critical_path_sleep_seconds": cp,
        },
        "lower_bound_seconds": {str(n): round(bound(n), 3) for n in sorted({r["jobs"] for r in runs})},
        "lower_bound_note": "max(critical path, total sleep / N) over the RUN sleeps; ignores per-build fixed costs",
        "fixed_cost_per_build_seconds": None if fixed is None else round(fixed, 3),
        "bound_with_fixed_cost_seconds": {
            str(n): None if fixed is None else round(bound_fixed(n), 3) for n in sorted({r["jobs"] for r in runs})},
        "runs": rows,
        "overhead": {
            "exec_gap_probe": {"jobs": 24, "mode": "rerun (cached)", **(stats_ms(exec_gaps) or {})},
            "noop_builder": noop_rows,
        },
        "targets": targets,
        "plan": plan_bench,
    }
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    # ---- Markdown ----
    m = result["machine"]
    md = [
        "# gantry benchmarks",
        "",
        f"{m['date']} · {m['nproc']} CPUs (nproc) · Docker engine {m['docker_server']} ({m['storage_driver']}, "
        f"sandbox '{m['engine']}') · gantry {m['gantry_version']} · load average {m['loadavg_start']} at the start, "
        f"{m['loadavg_end']} at the end.",
        f"One benchmark run: {meta.get('rounds')} cold sample(s) per variant (gantry and make alternating who goes first), "
        f"{meta.get('reruns')} re-run samples; wall s is their median. The machine is shared: compare ratios, not absolute times.",
        "",
        "## Planning",
        "",
        f"    {meta['plan_line']}",
        "",
        "## Build scheduling",
        "",
        f"Generated monorepo (seed {graph['seed']}): {jobs} services in {result['monorepo']['layers']} layers, "
        f"{result['monorepo']['edges']} dependency edges, `RUN sleep` of 1–4 s per service: "
        f"total {total:g} s of sleep; critical path {cp:g} s ({' → '.join(cp_path)}).",
        "All variants run the same `docker build` argv, taken from `gantry plan --format json`; make lists",
        "its targets alphabetically (no priority); sequential runs the plan's order. Cold: bench images and",
        "build cache removed first; rerun: straight after, everything cached.",
        "",
        "| variant | N | run | wall s | samples s | ÷ make -jN | ÷ lower bound | ÷ bound + fixed cost |",
        "| --- | ---: | --- | ---: | --- | ---: | ---: | ---: |",
    ]
    def sort_key(row):
        rank = {"gantry": 0, "gantry (history)": 1, "make": 2, "sequential": 3}
        return (row["mode"] != "cold", row["jobs"] == 1, row["jobs"], rank.get(row["variant"], 9))
    for row in sorted(rows, key=sort_key):
        md.append(
            f"| {row['variant']} | {row['jobs']} | {row['mode']} | {row['wall_seconds']:.2f} | "
            f"{', '.join(f'{x:.2f}' for x in row['samples'])} | {fmt(row['ratio_to_make'])} | {fmt(row['ratio_to_lower_bound'])} | "
            f"{fmt(row['ratio_to_bound_with_fixed_cost'])} |"
        )
    bounds = ", ".join(f"N={n}: {v:g} s" for n, v in result["lower_bound_seconds"].items())
    md += [
        "",
        f"Lower bound = max(critical path, total sleep / N): {bounds}. It counts the sleeps only and",
        "ignores every per-build fixed cost (client start, context upload, snapshots, image export).",
    ]
    if fixed is not None:
        bf = ", ".join(f"N={n}: {v:.1f} s" for n, v in result["bound_with_fixed_cost_seconds"].items())
        md += [
            f"Fixed cost per build, from the sequential cold run: ({seq_cold:.1f} − {total:g}) / {jobs} = "
            f"{fixed:.2f} s; the bound with it added to every job: {bf}",
            f"(an estimate: with {m['nproc']} CPUs, builds running side by side make each other's fixed cost larger).",
        ]
    md += ["", "gantry-only variants: `gantry` is a first build ever (no duration history: every job weighs 1);",
           "`gantry (history)` has the durations of that cold run in `.gantry/history.jsonl`.", ""]
    md += ["| gantry run | N | run | chain root started after (latest) | scheduling latency median / p90 / max ms (jobs) "
           "| slot-limited jobs | process start + exit ms |",
           "| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for row in sorted((r for r in rows if "gantry" in r), key=sort_key):
        g = row["gantry"]
        s = g["scheduling_latency"]
        lat = "—" if not s else f"{s['median_ms']:.1f} / {s['p90_ms']:.1f} / {s['max_ms']:.1f} ({s['count']})"
        md.append(
            f"| {row['variant']} | {row['jobs']} | {row['mode']} | {g['critical_chain_root_started_after_s']:.3f} s | "
            f"{lat} | {g['slot_limited_jobs']} | {g['process_overhead_seconds_median'] * 1000:.0f} |"
        )
    md += [
        "",
        "Scheduling latency: for each job with dependencies whose start was not slot-limited (a slot was free",
        "from the moment its last dependency finished until it started), `started_at − max(dependency",
        "finished_at)` from report.json (all samples pooled): time only gantry is responsible for. Slot-limited",
        "jobs are left out. Process start + exit: measured wall minus the report's wall (median).",
    ]
    eg = stats_ms(exec_gaps)
    if eg:
        md.append(
            f"Exec gap (docker wrapper logging each process's exec and exit; cached rerun, --jobs 24): a dependency's "
            f"exit to its dependent's exec: median {eg['median_ms']:.1f} ms, p90 {eg['p90_ms']:.1f} ms, "
            f"max {eg['max_ms']:.1f} ms over {eg['count']} jobs (includes ~1 ms of bash start-up).")
    for r in noop_rows:
        extra = ""
        if r.get("handoff"):
            h = r["handoff"]
            extra = f"; one job's exit to the next job's start: median {h['median_ms']:.1f} ms, max {h['max_ms']:.1f} ms"
        elif r.get("scheduling_latency"):
            h = r["scheduling_latency"]
            extra = f"; scheduling latency median {h['median_ms']:.1f} ms, max {h['max_ms']:.1f} ms"
        md.append(
            f"No-op builder (`--docker /bin/true`), --jobs {r['jobs']}: whole invocation {r['wall_seconds'] * 1000:.0f} ms "
            f"for {jobs} jobs = {r['wall_per_job_ms']:.1f} ms per job{extra}.")
    for row in rows:
        if row["variant"] == "gantry" and row["mode"] == "cold" and "gantry" in row and row["gantry"]["slot_limited_jobs"] == 0:
            md += ["", f"At N={row['jobs']} no gantry job was slot-limited: every job started as soon as its dependencies "
                   "were built, as under make -jN, so start order cannot help there; that ratio compares per-job overhead "
                   "and noise (2 CPUs shared by all concurrent builds) only."]
    md += ["", "Targets:", ""]
    for t in targets["results"]:
        value = "—" if t["value"] is None else (f"{t['value']:.2f}" if "0.9" in t["what"] else f"{t['value']:.1f} ms")
        md.append(f"- {t['what']}: {value} — {'met' if t['met'] else 'NOT met'}")
    md.append("")
    with open(a.markdown, "w") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    main()
