#!/usr/bin/env python3
"""Reference SGEMM measurement: numpy's float32 matmul (OpenBLAS or whatever numpy links).

Prints one JSON object per line, the same record format as `ebm-bench gemm --json`:
  {"benchmark": "numpy-sgemm", "shape": "1024x1024 * 1024x1024", "threads": 1, "gflops": 93.1,
   "m": 1024, "n": 1024, "k": 1024}

The thread count is whatever the BLAS library reads from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS /
MKL_NUM_THREADS; set them before starting this script (`ebm-bench gemm` does). --threads only
labels the records.

Usage: python3 Benchmarks/numpy_gemm.py [--sizes 256,512,1024] [--threads N] [--budget SECONDS]
Exits with status 3 when numpy cannot be imported.
"""
import argparse
import json
import sys
import time


def best_seconds(fn, budget, minimum_runs=5, warmup=2):
    for _ in range(warmup):
        fn()
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < minimum_runs or (spent < budget and runs < 10000):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        runs += 1
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256,512,1024", help="comma-separated square sizes")
    parser.add_argument("--threads", type=int, default=1, help="thread count to label records")
    parser.add_argument("--budget", type=float, default=0.4, help="seconds per size")
    args = parser.parse_args()
    try:
        import numpy as np
    except ImportError as error:
        print(f"numpy unavailable: {error}", file=sys.stderr)
        return 3
    rng = np.random.default_rng(0)
    for size in (int(s) for s in args.sizes.split(",") if s):
        a = rng.standard_normal((size, size), dtype=np.float32)
        b = rng.standard_normal((size, size), dtype=np.float32)
        c = np.empty((size, size), dtype=np.float32)
        seconds = best_seconds(lambda: np.matmul(a, b, out=c), args.budget)
        record = {
            "benchmark": "numpy-sgemm",
            "shape": f"{size}x{size} * {size}x{size}",
            "threads": args.threads,
            "gflops": round(2.0 * size**3 / seconds * 1e-9, 4),
            "m": size, "n": size, "k": size,
        }
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
