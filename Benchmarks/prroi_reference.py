"""Reference timings for `ebm-bench prroi` (PrRoI pooling, 128 boxes from a [1, 64, 32, 32] map into
7x7 bins, forward + backward), on the CPU with 2 threads:

- `torchvision-roi_align`: torchvision.ops.roi_align with sampling_ratio=2, aligned=True (the usual
  approximate box pooling; its backward gives feature gradients only, no box gradient);
- `pytorch-prroi`: the same closed form as ours (per-bin weights from the hat's integral, then two
  products per box, batched with einsum) in PyTorch, backward to the features and the boxes.
  PyTorch itself has no PrRoI pooling; the reference implementation (vacancy/PreciseRoIPooling) is
  CUDA-only.

`ebm-bench conv` runs it itself (its `prroi` line); by hand:
  $py Benchmarks/prroi_reference.py [--threads 2] [--swift-json ebm-bench-conv-output.json]
"""
import argparse
import math
import sys

from bench_common import best_seconds, emit, limit_threads, print_ratios, read_swift_records

BOXES, POOLED, SCALE = 128, 7, 1.0 / 8


def box(k):
    # Must match PrRoIPoolSuite.box(_:).
    cx, cy = 128 + 80 * math.sin(1.3 * k), 128 + 80 * math.cos(0.7 * k)
    w, h = 40 + 100 * (0.5 + 0.5 * math.sin(2.1 * k)), 40 + 100 * (0.5 + 0.5 * math.cos(1.7 * k))
    return [0.0, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--swift-json", help="ebm-bench prroi --json output to compare with")
    args = parser.parse_args()
    limit_threads(args.threads)
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    features = torch.randn(1, 64, 32, 32)
    boxes = torch.tensor([box(k) for k in range(BOXES)], dtype=torch.float32)
    upstream = torch.randn(BOXES, 64, POOLED, POOLED)
    shape = f"{BOXES} boxes 1x64x32x32 -> {POOLED}x{POOLED}"
    records = []

    def hat_integral(t):
        u = t.clamp(-1, 1)
        return 0.5 + u - 0.5 * u * u.abs()

    def prroi(f, b):
        corners = b[:, 1:] * SCALE  # [K, 4]
        frac = torch.arange(POOLED + 1, dtype=torch.float32) / POOLED
        ex = corners[:, 0:1] + (corners[:, 2:3] - corners[:, 0:1]) * frac  # [K, P+1]
        ey = corners[:, 1:2] + (corners[:, 3:4] - corners[:, 1:2]) * frac
        grid_x = torch.arange(f.shape[3], dtype=torch.float32)
        grid_y = torch.arange(f.shape[2], dtype=torch.float32)
        kx = hat_integral(ex[:, :, None] - grid_x)  # [K, P+1, W]
        ky = hat_integral(ey[:, :, None] - grid_y)
        wx, wy = kx[:, 1:] - kx[:, :-1], ky[:, 1:] - ky[:, :-1]  # [K, P, W], [K, P, H]
        area = ((corners[:, 2] - corners[:, 0]) * (corners[:, 3] - corners[:, 1]) / POOLED**2)
        pooled = torch.einsum("kph,chw,kqw->kcpq", wy, f[0], wx)
        return pooled / area[:, None, None, None]

    def run_prroi():
        f = features.clone().requires_grad_()
        b = boxes.clone().requires_grad_()
        torch.autograd.backward(prroi(f, b), upstream)

    try:
        from torchvision.ops import roi_align

        def run_roi_align():
            f = features.clone().requires_grad_()
            out = roi_align(f, boxes, (POOLED, POOLED), SCALE, 2, True)
            torch.autograd.backward(out, upstream)

        best, median = best_seconds(run_roi_align, budget=2)
        with torch.no_grad():
            forward, _ = best_seconds(lambda: roi_align(features, boxes, (POOLED, POOLED), SCALE, 2, True), budget=1)
        records.append({"benchmark": "prroi", "framework": "torchvision-roi_align", "version": torch.__version__,
                        "shape": shape, "threads": args.threads, "ms": best * 1000, "median_ms": median * 1000,
                        "forward_ms": forward * 1000})
    except ImportError:
        print("torchvision is not installed: roi_align skipped", file=sys.stderr, flush=True)
    best, median = best_seconds(run_prroi, budget=2)
    with torch.no_grad():
        forward, _ = best_seconds(lambda: prroi(features, boxes), budget=1)
    records.append({"benchmark": "prroi", "framework": "pytorch-prroi", "version": torch.__version__,
                    "shape": shape, "threads": args.threads, "ms": best * 1000, "median_ms": median * 1000,
                    "forward_ms": forward * 1000})
    for record in records:
        emit(record)
    if args.swift_json:
        print_ratios(records, read_swift_records(args.swift_json), "prroi", "ms", higher_is_better=False)


if __name__ == "__main__":
    main()
