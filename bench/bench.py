"""The measurements behind bench/run.sh (which builds, installs the peers and calls this).

Python standard library only. Every command is timed here (wall) and with os.wait4 (CPU:
user + sys, its waited-for children included); peak RSS comes from separate runs under GNU
time when it is installed (see run_once). Figures are medians.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

NOW = "2026-01-01T00:00:00Z"


# ---------------------------------------------------------------- measuring


GNU_TIME = "/usr/bin/time"
HZ = os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / HZ


def others_now(seconds=2.0):
    """Share of all cores that other processes keep busy right now."""
    b0 = busy_seconds()
    time.sleep(seconds)
    return (busy_seconds() - b0) / (seconds * os.cpu_count())


def run_once(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=None, rss=False):
    """Run cmd; return (wall s, cpu s, peak RSS MB, exit code, captured stdout or None).

    Wall time is measured here and CPU time comes from wait4 (the child's own and its
    waited-for children's). Peak RSS does not come from wait4: a child spawned by this
    Python process starts with Python's resident size as its high-water mark, which
    would hide any smaller figure. GNU time's %M is the command's own maximum (GNU time
    is a small process), so with `rss` the command is run under it when it is installed.
    Only then: GNU time's own start-up (about 1.3 ms here) would count as the command's
    wall and CPU time, 2% of a lint of aws-managed."""
    capture = stdout == subprocess.PIPE
    rss_file = None
    if rss and os.path.exists(GNU_TIME):
        rss_file = os.path.join(ARGS.work, ".rss")
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + list(cmd)
    out_file = None
    if capture:
        # A pipe could fill and block the child; a temporary file cannot.
        out_file = open(os.path.join(ARGS.work, ".stdout"), "w+b")
        stdout = out_file
    b0 = busy_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=cwd)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    # What the rest of the machine did meanwhile: busy CPU time not ours, as a share of all cores.
    others = max(0.0, (busy_seconds() - b0) - (ru.ru_utime + ru.ru_stime)) / (wall * os.cpu_count())
    OTHERS.append((wall, others))
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = None
    if out_file:
        out_file.seek(0)
        text = out_file.read().decode("utf-8", "replace")
        out_file.close()
    rss = ru.ru_maxrss / 1024.0
    if rss_file:
        with open(rss_file) as f:
            lines = f.read().split()
        # GNU time writes "Command exited with non-zero status N" before the figure.
        rss = int(lines[-1]) / 1024.0
    return wall, ru.ru_utime + ru.ru_stime, rss, proc.returncode, text


# trustlint runs timed right before each peer run (see main): enough for a stable median
# where one run takes milliseconds, few where it takes a third of a second.
PEER_BLOCK = {"aws-managed": 21, "trust": 21, "gen-10k": 5}

OTHERS = []  # (wall, share of the cores used by other processes) for every timed run


def measure(label, cmd, runs, capture=False, ok=(0,), cwd=None, long=False, before=None):
    """Median wall and CPU time of `runs` runs, and the peak RSS of one more run under GNU
    time. `long`: runs of seconds (the peers), whose RSS is taken from the timed runs
    themselves, as GNU time's start-up is nothing next to them and a run more would
    take minutes. `before`: called right before each timed run; what it returns is
    kept, in order, as the result's "before"."""
    walls, cpus, rsss, outs, befores = [], [], [], [], []
    first = len(OTHERS)
    for i in range(runs if long else runs + 1):
        rss_run = long or i == runs
        if before and i < runs:
            befores.append(before())
        wall, cpu, rss, rc, text = run_once(
            cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, cwd=cwd, rss=rss_run
        )
        if rc not in ok:
            sys.exit(f"bench: `{' '.join(cmd)}` exited {rc}")
        if rss_run:
            rsss.append(rss)
        if i < runs:
            walls.append(wall)
            cpus.append(cpu)
            outs.append(text)
    r = {
        "label": label,
        "runs": runs,
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": statistics.median(cpus),
        "rss": statistics.median(rsss),
        "outputs": outs,
        # Other processes' share of the cores during these runs (1/HZ resolution: rough below 0.1 s).
        "others": max(o for _, o in OTHERS[first:]),
        "before": befores,
        "walls": walls,
    }
    log(f"  {label:<34} wall {r['wall']:8.3f} s  (min {r['wall_min']:.3f}, max {r['wall_max']:.3f})"
        f"  cpu {r['cpu']:8.3f} s  rss {r['rss']:7.1f} MB  [{runs} runs; others used {r['others']:.0%} of the cores]")
    return r


def paired(lint_cmd, floor_cmd, runs):
    """trustlint ÷ the parse-only floor, run by run: each trustlint run is followed (or,
    every other time, preceded) by a floor run, and the ratio of each pair is kept. A
    busy moment of a shared machine then slows both sides of a ratio, where the ratio of
    two medians taken minutes apart can move with the machine's load."""
    walls, cpus, processes = [], [], []
    for i in range(runs):
        order = (lint_cmd, floor_cmd) if i % 2 == 0 else (floor_cmd, lint_cmd)
        got = {}
        for cmd in order:
            wall, cpu, _, rc, text = run_once(cmd, stdout=subprocess.PIPE if cmd is floor_cmd else subprocess.DEVNULL)
            if rc != 0:
                sys.exit(f"bench: `{' '.join(cmd)}` exited {rc}")
            got[cmd is floor_cmd] = (wall, cpu, text)
        (lw, lc, _), (fw, fc, ftext) = got[False], got[True]
        walls.append(lw / float(ftext.strip()))
        processes.append(lw / fw)
        cpus.append(lc / fc)
    r = {"runs": runs, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
         "wall_low": sorted(walls)[len(walls) // 4], "wall_high": sorted(walls)[3 * len(walls) // 4],
         # Both whole processes (the floor's start-up and exit included): for the record;
         # the target is judged on `wall`, which leans against trustlint.
         "wall_process": statistics.median(processes)}
    log(f"  {'trustlint ÷ floor, paired runs':<34} wall {r['wall']:.2f}× (quartiles {r['wall_low']:.2f}–"
        f"{r['wall_high']:.2f}×)  cpu {r['cpu']:.2f}×  process to process {r['wall_process']:.2f}×  [{runs} pairs]")
    return r


def summary_of(cmd):
    path = os.path.join(ARGS.work, ".summary.json")
    with open(path, "wb") as f:
        subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    with open(path, "rb") as f:
        f.seek(max(0, os.path.getsize(path) - 4096))
        tail = f.read().decode("utf-8", "replace")
    os.remove(path)
    body = tail[tail.rindex('"summary"'):].split(":", 1)[1]
    return json.loads(body[: body.index("}") + 1])


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data sets


def json_files(root):
    out = []
    for d, _, names in os.walk(root):
        out.extend(os.path.join(d, n) for n in names if n.endswith(".json"))
    return sorted(out)


def generate(corpus, work):
    """gen10k: the aws-managed + trust files taken in turn until there are 10,000, under
    numbered copy folders with the copy number in every name; gen100k: ten shards, each
    a renamed copy of gen10k, so both sets have exactly the same mix of files."""
    sources = json_files(os.path.join(corpus, "aws-managed")) + json_files(os.path.join(corpus, "trust"))
    base10 = os.path.join(work, "gen10k")
    for i in range(10_000):
        copy, j = divmod(i, len(sources))
        src = sources[j]
        kind = "trust" if "/trust/" in src else "aws-managed"
        stem = os.path.basename(src)[: -len(".json")]
        dst = os.path.join(base10, f"copy{copy:02}", kind, f"{stem}-{copy:02}.json")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
    files10 = json_files(base10)
    base100 = os.path.join(work, "gen100k")
    for shard in range(10):
        for src in files10:
            rel = os.path.relpath(src, base10)
            stem = rel[: -len(".json")]
            dst = os.path.join(base100, f"shard{shard}", f"{stem}-s{shard}.json")
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
    return base10, base100


def describe(root):
    files = json_files(root)
    size = sum(os.path.getsize(f) for f in files)
    return files, size


def warm(files):
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 20):
                pass


# ---------------------------------------------------------------- the run


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "kernel": platform.release(),
        "load": os.getloadavg(),
    }


def main():
    t0 = time.perf_counter()
    m0 = machine()
    m0["others"] = others_now()
    log(f"bench: {m0['nproc']} cores, {m0['cpu']}, {m0['memory']}; load average {m0['load'][0]:.2f}; "
        f"other processes use {m0['others']:.0%} of the cores now")
    if m0["others"] > 0.1:
        log("bench: WARNING: the machine is busy; figures will be noisy")

    corpus = ARGS.corpus
    sets = [
        # Runs of a few tens of milliseconds: many of them, or one busy
        # moment of the machine moves the median.
        ("aws-managed", os.path.join(corpus, "aws-managed"), ARGS.runs_tiny),
        ("trust", os.path.join(corpus, "trust"), ARGS.runs_tiny),
    ]
    log("bench: generating the 10,000- and 100,000-file repositories ...")
    tg = time.perf_counter()
    gen10, gen100 = generate(corpus, ARGS.work)
    # The 250 MB just written would otherwise be flushed to disk by the kernel's
    # writeback threads during the timed runs, as "other processes".
    os.sync()
    log(f"bench: generated and synced in {time.perf_counter() - tg:.1f} s")
    sets += [("gen-10k", gen10, ARGS.runs_small), ("gen-100k", gen100, ARGS.runs_large)]

    tl = ARGS.trustlint
    results = {}
    for name, root, runs in sets:
        files, size = describe(root)
        log(f"bench: {name}: {len(files)} files, {size / 1e6:.2f} MB; warming the page cache")
        warm(files)
        r = {"files": len(files), "bytes": size}
        r["trustlint"] = measure(
            "trustlint",
            [tl, "check", root, "--format", "json", "--fail-on", "never", "--now", NOW],
            runs,
        )
        # What it linted: the summary at the end of one run's JSON (the whole document
        # can be hundreds of MB for gen-100k, so only its tail is read).
        r["summary"] = summary_of([tl, "check", root, "--format", "json", "--fail-on", "never", "--now", NOW])
        r["cat"] = measure(
            "cat floor",
            ["sh", "-c", 'find "$1" -type f -name "*.json" -print0 | xargs -0 cat > /dev/null', "sh", root],
            runs,
        )
        floor = measure("parse-only floor (external)", [ARGS.floor, root], runs, capture=True)
        floor["inner"] = statistics.median(float(o.strip()) for o in floor["outputs"])
        floor["inner_min"] = min(float(o.strip()) for o in floor["outputs"])
        log(f"  {'parse-only floor (own clock)':<34} {floor['inner']:8.3f} s")
        r["floor"] = floor
        if runs >= 5:
            r["paired"] = paired([tl, "check", root, "--format", "json", "--fail-on", "never", "--now", NOW],
                                 [ARGS.floor, root], runs)
        results[name] = r

    # Peers, in-process over the whole directory (see peers.py). Not on 100k: extrapolated.
    peers = {}
    for peer, python in (("parliament", ARGS.parliament), ("cloudsplaining", ARGS.cloudsplaining)):
        if not python:
            continue
        peers[peer] = {}
        for name, root, runs in sets:
            if name == "gen-100k":
                continue
            n = ARGS.runs_peer if name in ("aws-managed", "trust") else 1
            log(f"bench: {peer} on {name}")
            # Paired with trustlint: right before each peer run, a block of trustlint runs.
            # The host's speed drifts by tens of percent over minutes, and a peer run takes
            # seconds where the trustlint row above was timed minutes earlier in about one;
            # each peer run is set against the median of the block just before it.
            lint_cmd = [tl, "check", root, "--format", "json", "--fail-on", "never", "--now", NOW]
            block = PEER_BLOCK.get(name, 3)

            def lint_block(cmd=lint_cmd, k=block):
                return statistics.median(run_once(cmd)[0] for _ in range(k))

            res = measure(peer, [python, os.path.join(ARGS.bench_dir, "peers.py"), peer, root], n, long=True,
                          before=lint_block)
            ratios = [w / b for w, b in zip(res["walls"], res["before"])]
            res["paired"] = statistics.median(ratios)
            res["paired_runs"] = (len(ratios), block)
            log(f"  {peer + ' ÷ trustlint, paired':<34} {res['paired']:.0f}× (per peer run: "
                f"{', '.join(f'{x:.0f}×' for x in ratios)}; trustlint: median of {block} runs before each)")
            peers[peer][name] = res
        # The stock CLI, for the record: does `parliament --directory` get through?
        if peer == "parliament":
            cli = os.path.join(os.path.dirname(python), "parliament")
            for name, root, _ in sets[:2]:
                with open(os.path.join(ARGS.work, ".stderr"), "w+b") as ef:
                    wall, _, _, rc, _ = run_once([cli, "--directory", root, "--json"], stderr=ef)
                    ef.seek(0)
                    lines = ef.read().decode("utf-8", "replace").strip().splitlines()
                # Parliament exits 1 both for findings and for an uncaught exception.
                crashed = any(l.startswith("Traceback") for l in lines)
                last = lines[-1] if crashed and lines else ""
                peers[peer][f"cli-{name}"] = {"wall": wall, "rc": rc, "error": last}
                log(f"  parliament CLI --directory {name}: {wall:.2f} s, exit {rc} {last}")

    # One small file, process start to exit.
    trust_files = json_files(os.path.join(corpus, "trust"))
    small = min(trust_files, key=lambda f: (os.path.getsize(f), f))
    single = {"file": os.path.relpath(small, os.getcwd()), "bytes": os.path.getsize(small)}
    hf_json = os.path.join(ARGS.work, "hyperfine.json")
    cmds = [("trustlint", f"{tl} check {small} --format json --fail-on never --now {NOW}", 200, 20)]
    if ARGS.parliament:
        cmds.append(("parliament", f"{os.path.dirname(ARGS.parliament)}/parliament --files {small} --json", 10, 2))
    if ARGS.cloudsplaining:
        cmds.append(
            ("cloudsplaining", f"{os.path.dirname(ARGS.cloudsplaining)}/cloudsplaining scan-policy-file -i {small}", 10, 2)
        )
    for who, cmd, runs, warmup in cmds:
        if shutil.which("hyperfine"):
            subprocess.run(
                ["hyperfine", "-N", "--style", "none", "-i", "--warmup", str(warmup), "--runs", str(runs),
                 "--export-json", hf_json, cmd],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, stdin=subprocess.DEVNULL,
            )
            with open(hf_json) as f:
                hr = json.load(f)["results"][0]
            single[who] = {"mean_ms": hr["mean"] * 1e3, "stddev_ms": hr["stddev"] * 1e3,
                           "median_ms": hr["median"] * 1e3, "runs": runs, "tool": "hyperfine"}
        else:  # a plain loop
            walls = [run_once(cmd.split())[0] for _ in range(runs)]
            single[who] = {"mean_ms": statistics.mean(walls) * 1e3, "stddev_ms": statistics.pstdev(walls) * 1e3,
                           "median_ms": statistics.median(walls) * 1e3, "runs": runs, "tool": "loop"}
        log(f"bench: single file, {who}: {single[who]['mean_ms']:.2f} ms mean ({runs} runs)")

    m1 = machine()
    m1["others"] = others_now()
    total = time.perf_counter() - t0
    report = render(results, peers, single, m0, m1, total)
    with open(ARGS.out, "w") as f:
        f.write(report)
    with open(ARGS.out.replace(".md", ".json"), "w") as f:
        strip = lambda d: {k: v for k, v in d.items() if k != "outputs"}
        json.dump(
            {
                "machine": m0,
                "results": {n: {k: strip(v) if isinstance(v, dict) else v for k, v in r.items()}
                            for n, r in results.items()},
                "peers": {p: {n: strip(v) for n, v in d.items()} for p, d in peers.items()},
                "single": single,
            },
            f,
            indent=1,
        )
    print(report)


# ---------------------------------------------------------------- the report


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def render(results, peers, single, m0, m1, total):
    L = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    built = ARGS.built_from
    if built == "working tree":
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout.strip()
        built = f"the working tree at {rev}" + (" with uncommitted changes in src/" if dirty else "")
    L.append("# trustlint benchmark results\n")
    L.append(f"Produced by `bench/run.sh` on {now}; trustlint built from {built}.\n")
    L.append(f"- machine: {m0['nproc']} cores, {m0['cpu']}, {m0['memory']} memory, Linux {m0['kernel']}")
    long_runs = [o for w, o in OTHERS if w >= 0.2]
    during = max(long_runs) if long_runs else 0.0
    busy = max(m0["others"], m1["others"], during) > 0.1
    L.append(f"- other processes' share of the cores: {m0['others']:.0%} before, {m1['others']:.0%} after, at most "
             f"{during:.0%} during any timed run of 0.2 s or more (the 'others %' column; /proc/stat minus the "
             f"command's own CPU time; not shown for runs under 0.2 s, where /proc/stat's 10 ms ticks make it noise); load average at start {', '.join(f'{x:.2f}' for x in m0['load'])}"
             + ("  **— the machine was busy; treat the figures as upper bounds**" if busy else ""))
    L.append(f"- trustlint: release build, `check DIR --format json --fail-on never --now {NOW}` > /dev/null, "
             "default threads (one per core)")
    L.append(f"- every figure is a median after warming the page cache ({ARGS.runs_tiny} runs on aws-managed and trust, "
             f"{ARGS.runs_small} on gen-10k, {ARGS.runs_large} on gen-100k, {ARGS.runs_peer} per peer); wall and CPU "
             "(user + sys) time from `wait4`; peak RSS from GNU time's `%M` in one more run (the peers: in their timed "
             "runs), so that GNU time's own start-up is not timed as the command's")
    L.append(f"- total benchmark time: {total / 60:.1f} min\n")

    L.append("## Throughput\n")
    L.append("| data set | files | MB | tool | wall s | min wall s | CPU s | files/s | MB/s | peak RSS MB | others % |")
    L.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        mb = r["bytes"] / 1e6
        rows = [("trustlint", r["trustlint"]), ("parse-only floor (serde_json, rayon)", r["floor"]),
                ("cat floor", r["cat"])]
        for p, d in peers.items():
            if name in d:
                rows.append((f"{p} (in-process, 1 thread)", d[name]))
        for i, (tool, m) in enumerate(rows):
            wall = m.get("inner", m["wall"])
            wmin = m.get("inner_min", m["wall_min"])
            L.append(f"| {name if i == 0 else ''} | {r['files'] if i == 0 else ''} | {f'{mb:.2f}' if i == 0 else ''} "
                     f"| {tool} | {fmt_s(wall)} | {fmt_s(wmin)} | {fmt_s(m['cpu'])} | {r['files'] / wall:,.0f} "
                     f"| {mb / wall:,.1f} | {m['rss']:.1f} | {'—' if m['wall'] < 0.2 else format(m['others'], '.0%')} |")
    L.append("")
    L.append("The parse-only floor's wall time is its own clock (walk + read + `serde_json::Value` parse, no process "
             "start-up); its CPU time and RSS are the whole process. trustlint's JSON summary for each set: "
             + "; ".join(f"{n}: {r['summary']['files']} files, {r['summary']['policies']} policies, "
                         f"{r['summary']['findings']} findings" for n, r in results.items()) + ".\n")

    L.append("## Ratios\n")
    L.append("| ratio | aws-managed | trust | gen-10k | gen-100k | target |")
    L.append("|---|---:|---:|---:|---:|---|")
    names = ["aws-managed", "trust", "gen-10k", "gen-100k"]

    def row(label, f, target):
        cells = []
        for n in names:
            try:
                cells.append(f"{f(n):.2f}×")
            except (KeyError, ZeroDivisionError):
                cells.append("—")
        L.append(f"| {label} | {' | '.join(cells)} | {target} |")

    tw = lambda n: results[n]["trustlint"]["wall"]
    row("trustlint / parse-only floor (wall)", lambda n: tw(n) / results[n]["floor"]["inner"], "≤ 3× on aws-managed")
    row("trustlint / parse-only floor (CPU)", lambda n: results[n]["trustlint"]["cpu"] / results[n]["floor"]["cpu"],
        "(less sensitive to a busy machine)")
    row("trustlint / parse-only floor, paired runs (wall)", lambda n: results[n]["paired"]["wall"],
        "≤ 3× on aws-managed (median of per-pair ratios)")
    row("trustlint / parse-only floor, paired runs (CPU)", lambda n: results[n]["paired"]["cpu"], "")
    row("trustlint / parse-only floor process, paired runs (wall)", lambda n: results[n]["paired"]["wall_process"],
        "(both whole processes)")
    row("trustlint / cat floor (wall)", lambda n: tw(n) / results[n]["cat"]["wall"], "—")
    for p, d in peers.items():
        row(f"{p} / trustlint (wall)", lambda n, d=d: d[n]["wall"] / tw(n), "—")
        row(f"{p} / trustlint, paired runs (wall)", lambda n, d=d: d[n]["paired"],
            "≥ 200× on aws-managed (median of per-pair ratios)" if p == "parliament" else "—")
    L.append("")
    lin = tw("gen-100k") / tw("gen-10k")
    lin_cpu = results["gen-100k"]["trustlint"]["cpu"] / results["gen-10k"]["trustlint"]["cpu"]
    lin_floor = results["gen-100k"]["floor"]["inner"] / results["gen-10k"]["floor"]["inner"]
    lin_min = results["gen-100k"]["trustlint"]["wall_min"] / results["gen-10k"]["trustlint"]["wall_min"]
    L.append(f"Linearity, 100k / 10k: trustlint wall {lin:.2f}× (fastest runs {lin_min:.2f}×), CPU {lin_cpu:.2f}×; "
             f"parse-only floor wall {lin_floor:.2f}× (ideal 10×).\n")
    L.append("Medians are the headline figures; on a machine shared with other work the fastest run "
             "(min wall) is the better estimate of an idle machine, and CPU time is the least disturbed.\n")

    L.append("## Targets (reported, not asserted)\n")
    L.append("| target | measured | met |")
    L.append("|---|---|---|")
    aws = results["aws-managed"]
    aws_ratio = aws["paired"]["wall"] if "paired" in aws else tw("aws-managed") / aws["floor"]["inner"]
    aws_cpu = aws["paired"]["cpu"] if "paired" in aws else aws["trustlint"]["cpu"] / aws["floor"]["cpu"]
    L.append(f"| whole lint of aws-managed within 3× the parse-only floor (paired runs) | {aws_ratio:.2f}× wall, "
             f"{aws_cpu:.2f}× CPU (ratio of medians: {tw('aws-managed') / aws['floor']['inner']:.2f}×) "
             f"| {'yes' if aws_ratio <= 3 else 'no'} |")
    if "parliament" in peers:
        pa = peers["parliament"]["aws-managed"]
        pr = pa["paired"]
        L.append(f"| ≥ 200× faster than Parliament on aws-managed (paired runs) | {pr:.0f}× (ratio of medians: "
                 f"{pa['wall'] / tw('aws-managed'):.0f}×; for the record, trust "
                 f"{peers['parliament']['trust']['paired']:.0f}×, gen-10k "
                 f"{peers['parliament'].get('gen-10k', {}).get('paired', float('nan')):.0f}×) | "
                 f"{'yes' if pr >= 200 else 'no'} |")
        need = peers["parliament"]["trust"]["wall"] / 200
        trust_floor = results["trust"]["floor"]["wall"]
    sm = single["trustlint"]["mean_ms"]
    L.append(f"| single small file < 5 ms | {sm:.2f} ms mean | {'yes' if sm < 5 else 'no'} |")
    big = results["gen-100k"]["trustlint"]
    L.append(f"| 100,000 files < 10 s on {m0['nproc']} cores | {big['wall']:.2f} s median, {big['wall_min']:.2f} s fastest "
             f"| {'yes' if big['wall'] < 10 else 'no'} |")
    L.append(f"| … with peak RSS < 300 MB | {big['rss']:.0f} MB | {'yes' if big['rss'] < 300 else 'no'} |")
    # Linear: ten times the files costs at most ten times the time, with a
    # fifth for noise. Under 10× is the fixed start-up spread over more
    # files, not a departure from linear growth.
    per_file = lambda n, k: tw(n) / k * 1e6
    L.append(f"| linear growth 10k → 100k (≤ 12×: per file at most a fifth above 10k's) | {lin:.2f}× "
             f"({per_file('gen-10k', 10_000):.0f} → {per_file('gen-100k', 100_000):.0f} µs per file) "
             f"| {'yes' if lin <= 12 else 'no'} |")
    L.append("")
    if "parliament" in peers:
        L.append("The issue sets the 200× target on aws-managed (\"the whole lint of aws-managed within 3× the "
                 "parse-only floor; at least 200× faster than Parliament on the same files\"); the other sets are "
                 f"shown for the record. On trust, 200× Parliament would mean {need * 1e3:.1f} ms for the whole run, "
                 f"while the parse-only floor, run as a process (start, walk, read and parse the "
                 f"{results['trust']['files']} files, exit), takes {trust_floor * 1e3:.1f} ms.\n")

    L.append("## One small file, process start to exit\n")
    L.append(f"File: `{single['file']}` ({single['bytes']} bytes).\n")
    L.append("| tool | mean ms | ± ms | median ms | runs |")
    L.append("|---|---:|---:|---:|---:|")
    for who in ("trustlint", "parliament", "cloudsplaining"):
        if who in single:
            s = single[who]
            L.append(f"| {who} | {s['mean_ms']:.2f} | {s['stddev_ms']:.2f} | {s['median_ms']:.2f} | {s['runs']} ({s['tool']}) |")
    L.append("")

    L.append("## Peers\n")
    if "parliament" in peers:
        p = peers["parliament"]
        extra = ", ".join(f"{n}: {p[n]['wall']:.1f} s" for n in ("gen-10k",) if n in p)
        L.append("- **Parliament** (PyPI `parliament`): timed in one process over the directory with "
                 "`bench/peers.py`, which does what `parliament --directory` does but goes on past a policy "
                 "that makes Parliament raise.")
        for n in ("aws-managed", "trust"):
            c = p.get(f"cli-{n}")
            if c:
                what = f"exit {c['rc']}" + (f", crashed: `{c['error']}`" if c["error"] else "")
                L.append(f"  - stock CLI `parliament --directory` on {n}: {c['wall']:.2f} s, {what}")
        if "gen-10k" in p:
            est = p["gen-10k"]["wall"] * 10
            L.append(f"  - not run on gen-100k ({extra}; at that rate 100,000 files take about {est / 60:.0f} min): "
                     f"extrapolated ≈ {est:.0f} s, ≈ {est / tw('gen-100k'):.0f}× trustlint's time")
    if "cloudsplaining" in peers:
        c = peers["cloudsplaining"]
        L.append("- **cloudsplaining** (PyPI): a least-privilege risk scanner for identity policies rather than a "
                 "linter, but it reads bare policy JSON offline. Its CLI takes one file per process "
                 "(about 1 s each), so `bench/peers.py` calls its `scan_policy()` per file in one process.")
        if "gen-10k" in c:
            est = c["gen-10k"]["wall"] * 10
            L.append(f"  - not run on gen-100k; extrapolated from gen-10k ({c['gen-10k']['wall']:.1f} s) ≈ {est:.0f} s")
    L.append("- **checkov** (PyPI) was tried: it installs in about 80 s, but it has no check for bare IAM policy "
             "JSON (`checkov -d corpus/trust` scans 0 resources) and it tries to reach api0.prismacloud.io; not a peer.")
    L.append("- **cfn-lint** lints CloudFormation templates, not bare IAM JSON; not a peer.\n")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustlint", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--parliament", help="python of a venv with parliament")
    ap.add_argument("--cloudsplaining", help="python of a venv with cloudsplaining")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True, help="a scratch directory (the generated repositories go there)")
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--built-from", default="working tree")
    ap.add_argument("--runs-tiny", type=int, default=21)
    ap.add_argument("--runs-small", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=3)
    ap.add_argument("--runs-peer", type=int, default=3)
    ARGS = ap.parse_args()
    main()
