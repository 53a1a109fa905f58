"""Shared helpers of the Python reference benchmarks in this folder (not part of the Swift package).

- `limit_threads(n)`: call BEFORE importing torch / jax / numpy; sets the usual thread variables and
  pins the process to n CPUs when the machine has more (XLA has no simple intra-op thread knob).
- `best_seconds(fn, ...)`: best wall time of several runs after warm-up, like the Swift `Stopwatch.best`
  and `numpy_gemm.py`; also returns the median so that noise on a loaded machine is visible.
  `interleaved_best({name: fn}, ...)` does the same for several functions in round-robin rounds.
- `import_torch(script, threads)`: imports torch with `threads` intra-op threads, or exits with status 3
  and one line naming `script` when it cannot be imported.
- `read_swift_records(path)` / `print_ratios(...)`: read `ebm-bench <suite> --json` output (one JSON
  object per line: "benchmark", "shape", "threads" and the figures; other lines are skipped) and print
  reference/ours ratios.
"""
import json
import os
import statistics
import sys
import time


def limit_threads(threads):
    for key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[key] = str(threads)
    try:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) > threads:
            os.sched_setaffinity(0, cpus[:threads])
    except (AttributeError, OSError):
        pass


def best_seconds(fn, budget, minimum_runs=5, warmup=2):
    """(best, median) seconds of `fn()` over at least `minimum_runs` runs and about `budget` seconds."""
    for _ in range(warmup):
        fn()
    times = []
    spent = 0.0
    while len(times) < minimum_runs or (spent < budget and len(times) < 10000):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return min(times), statistics.median(times)


def interleaved_best(functions, rounds, seconds_per_round, minimum_runs=1, warmup=2):
    """{name: (best, median)} seconds per call of each function in `functions` ({name: fn}), timed
    in `rounds` round-robin rounds of about `seconds_per_round` (at least `minimum_runs` calls) each,
    so that load from other processes on a shared machine is spread over all of them alike."""
    for fn in functions.values():
        for _ in range(warmup):
            fn()
    times = {name: [] for name in functions}
    for _ in range(rounds):
        for name, fn in functions.items():
            spent = 0.0
            runs = 0
            while runs < minimum_runs or spent < seconds_per_round:
                start = time.perf_counter()
                fn()
                elapsed = time.perf_counter() - start
                times[name].append(elapsed)
                spent += elapsed
                runs += 1
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def import_torch(script, threads):
    """torch, set to `threads` threads; exits with status 3 (one line on stderr) without it."""
    try:
        import torch
    except ImportError as error:
        print(f"{script}: cannot import torch ({error})", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(threads)
    return torch


def emit(record):
    print(json.dumps(record), flush=True)


def read_swift_records(path):
    """The JSON records of `ebm-bench --json` from a file, or standard input when path is '-'."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    records = []
    with stream:
        for line in stream:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and "benchmark" in record:
                records.append(record)
    return records


def _normalise(name, suite):
    name = str(name).strip().lower()
    return name if "/" in name else f"{suite}/{name}"


def print_ratios(references, ours, suite, figure, higher_is_better, any_name=False):
    """One JSON line per reference record that has a Swift counterpart with the same benchmark name
    (prefix `suite/` optional on the Swift side; with any_name, every Swift record carrying `figure`
    counts, for suites that measure one thing), preferring the same thread count; among several
    candidates the best figure is taken. `ratio` is how
    many times faster ours is (reference/ours for times, ours/reference for rates). A readable
    summary goes to standard error."""
    by_name = {}
    for record in ours:
        if record.get(figure) is None:
            continue
        by_name.setdefault(_normalise(record["benchmark"], suite), []).append(record)
    if not by_name:
        print(f"no Swift records with '{figure}' found; nothing to compare", file=sys.stderr)
        return
    for reference in references:
        if any_name:
            candidates = [r for group in by_name.values() for r in group]
        else:
            candidates = by_name.get(_normalise(reference["benchmark"], suite), [])
        if not candidates:
            print(f"no Swift record for {reference['benchmark']}", file=sys.stderr)
            continue
        same_threads = [r for r in candidates if r.get("threads") == reference.get("threads")]
        pool = same_threads or candidates
        ours_record = (max if higher_is_better else min)(pool, key=lambda r: r[figure])
        theirs, mine = float(reference[figure]), float(ours_record[figure])
        ratio = mine / theirs if higher_is_better else theirs / mine
        emit({
            "benchmark": reference["benchmark"],
            "comparison": f"ours vs {reference['framework']}",
            "threads": reference.get("threads"),
            "ours_threads": ours_record.get("threads"),
            f"ours_{figure}": mine,
            f"reference_{figure}": theirs,
            "speedup": round(ratio, 3),
        })
        print(f"{reference['benchmark']:<24} {reference['framework']:<22} "
              f"ours {mine:10.4g}  reference {theirs:10.4g}  ours is {ratio:.2f}x "
              f"{'faster' if ratio >= 1 else 'slower'}", file=sys.stderr)
