#!/usr/bin/env python3
"""Reference SGEMM measurement: numpy's float32 matmul (OpenBLAS or whatever numpy links).

Prints one JSON object per line, the same record format as `ebm-bench gemm --json`:
  {"benchmark": "numpy-sgemm", "shape": "1024x1024 * 1024x1024", "threads": 1, "gflops": 93.1,
   "m": 1024, "n": 1024, "k": 1024}
Shapes are written as `ebm-bench` writes them: a transposed operand stored [k x m] appears as
`(kxm)^T`, e.g. "(32768x20)^T * 32768x10"; numpy multiplies the transposed view (no copy, the
BLAS library gets the transpose flag).

The thread count is whatever the BLAS library reads from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS /
MKL_NUM_THREADS; set them before starting this script (`ebm-bench gemm` does). --threads only
labels the records.

Usage: python3 Benchmarks/numpy_gemm.py [--sizes 256,512,1024] [--products M,N,K,TA,TB;...]
                                       [--threads N] [--budget SECONDS]
  --products: extra products C[M x N] = op(A) op(B) with shared dimension K, TA/TB 0 or 1.
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
    parser.add_argument("--products", default="",
                        help="semicolon-separated M,N,K,TA,TB products (TA/TB: 1 = transposed)")
    parser.add_argument("--threads", type=int, default=1, help="thread count to label records")
    parser.add_argument("--budget", type=float, default=0.4, help="seconds per size")
    args = parser.parse_args()
    try:
        import numpy as np
    except ImportError as error:
        print(f"numpy unavailable: {error}", file=sys.stderr)
        return 3
    rng = np.random.default_rng(0)
    products = [(size, size, size, False, False) for size in (int(s) for s in args.sizes.split(",") if s)]
    for spec in (p for p in args.products.split(";") if p):
        m, n, k, ta, tb = (int(v) for v in spec.split(","))
        products.append((m, n, k, ta != 0, tb != 0))
    for m, n, k, ta, tb in products:
        # Stored operands: A is [k x m] when transposed, B is [n x k] when transposed.
        a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
        op_a = a.T if ta else a
        op_b = b.T if tb else b
        c = np.empty((m, n), dtype=np.float32)
        seconds = best_seconds(lambda: np.matmul(op_a, op_b, out=c), args.budget)
        shape_a = f"({k}x{m})^T" if ta else f"{m}x{k}"
        shape_b = f"({n}x{k})^T" if tb else f"{k}x{n}"
        record = {
            "benchmark": "numpy-sgemm",
            "shape": f"{shape_a} * {shape_b}",
            "threads": args.threads,
            "gflops": round(2.0 * m * n * k / seconds * 1e-9, 4),
            "m": m, "n": n, "k": k,
        }
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
