#!/usr/bin/env python3
"""Reference timing of 2-D convolution forward + backward in PyTorch (eager, CPU), for `ebm-bench conv`.

For each layer, given as batch x channels x size -> out_channels, with 3x3 kernels, stride 1, padding 1
and no bias: y = conv2d(x, w) and y.backward(dy), computing both the input and the weight gradient
(the work `ebm-bench conv` times). x, w and dy are fixed uniform draws; w uses PyTorch's default
Conv2d initialisation bound.

Prints one JSON object per line, e.g.
  {"benchmark": "pytorch-conv2d", "framework": "pytorch-eager", "shape": "64x32x16x16 k3 -> 64",
   "threads": 2, "ms": 11.5, "median_ms": 12.0, "version": "2.x"}
ms is the best time over the repetitions (as ebm-bench reports); the layers are timed in round-robin
rounds so that load from other processes on a shared machine hits all alike.

Usage (in the venv made by Benchmarks/setup_venv.sh; `ebm-bench conv` runs it itself):
  python Benchmarks/conv_reference.py [--layers 64x3x32->32,64x32x16->64] [--maxpool 64x16x64] [--threads 2]
      [--rounds 5] [--seconds-per-round 0.4]
Exits with status 3 when torch cannot be imported.
"""
import argparse
import math

from bench_common import emit, import_torch, interleaved_best, limit_threads

DEFAULT_LAYERS = "64x3x32->32,64x32x16->64,64x64x8->128"


def parse_layers(text):
    layers = []
    for item in text.split(","):
        source, out_channels = item.split("->")
        batch, channels, size = (int(v) for v in source.split("x"))
        layers.append((batch, channels, size, int(out_channels)))
    return layers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", default=DEFAULT_LAYERS)
    parser.add_argument("--maxpool", help="also time 2x2 max pooling forward + backward of batch x channels x size")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds-per-round", type=float, default=0.4)
    args = parser.parse_args()
    limit_threads(args.threads)
    torch = import_torch("conv_reference.py", args.threads)
    generator = torch.Generator().manual_seed(0)

    steps = {}
    shapes = {}
    for batch, channels, size, out_channels in parse_layers(args.layers):
        x = (torch.rand(batch, channels, size, size, generator=generator) * 2 - 1).requires_grad_()
        bound = 1 / math.sqrt(channels * 9)
        w = ((torch.rand(out_channels, channels, 3, 3, generator=generator) * 2 - 1) * bound).requires_grad_()
        dy = torch.rand(batch, out_channels, size, size, generator=generator) * 2 - 1

        def step(x=x, w=w, dy=dy):
            x.grad = None
            w.grad = None
            y = torch.nn.functional.conv2d(x, w, padding=1)
            y.backward(dy)

        name = f"{batch}x{channels}x{size}x{size} k3 -> {out_channels}"
        steps[name] = step
    kinds = {name: "pytorch-conv2d" for name in steps}
    if args.maxpool:
        batch, channels, size = (int(v) for v in args.maxpool.split("x"))
        x = (torch.rand(batch, channels, size, size, generator=generator) * 2 - 1).requires_grad_()
        dy = torch.rand(batch, channels, size // 2, size // 2, generator=generator) * 2 - 1

        def pool(x=x, dy=dy):
            x.grad = None
            torch.nn.functional.max_pool2d(x, 2).backward(dy)

        name = f"{batch}x{channels}x{size}x{size} 2x2"
        steps[name] = pool
        kinds[name] = "pytorch-maxpool2d"
    timings = interleaved_best(steps, args.rounds, args.seconds_per_round, minimum_runs=3)
    for name, (best, median) in timings.items():
        emit({
            "benchmark": kinds[name], "framework": "pytorch-eager", "shape": name,
            "threads": args.threads, "ms": best * 1000, "median_ms": median * 1000,
            "version": torch.__version__,
        })


if __name__ == "__main__":
    main()
