#!/usr/bin/env python3
"""Reference timing of box refinement by gradient descent on a box energy, in PyTorch (eager, CPU),
for `ebm-bench boxes`.

The energy is ours (`box-energy`, `box-energy-modulated`): 3x3 convolutions 3->16->C (max-pool 2
after each), C->C (the stride-4 map F4), max-pool, C->C (the stride-8 map F8); PrRoI pooling of each
candidate box, 5x5 bins on F4 and 3x3 on F8 (the closed form of prroi_reference.py, batched with
einsum); an MLP 34C->H->H->1, E = -output. In the tracking form x stacks a reference crop and a test
crop, and the reference crop's centred box, pooled from its own features, gives channel weights
relu(W p + c) that multiply the test features. Refinement as pytracking refines boxes (the CNN once,
under no_grad; then per step the energy's gradient with respect to the boxes by autograd) with our
backtracking: T steps of y <- y - lambda * dE/dy per start, a step that does not lower E undone and
that start's lambda halved, then the mean of the 3 lowest-energy starts.

Prints one JSON object per line, e.g.
  {"benchmark": "pytorch-box-refinement", "shape": "tracking frame: 1 crop 6x64x64, 10 starts, 10 steps",
   "threads": 2, "ms": 9.1, "median_ms": 9.5, "version": "2.x"}

Usage (in the venv made by Benchmarks/setup_venv.sh; `ebm-bench boxes` runs it itself):
  python Benchmarks/box_refinement_reference.py [--threads 2]
Exits with status 3 when torch cannot be imported.
"""
import argparse
import math

from bench_common import emit, import_torch, interleaved_best, limit_threads

# Must match BoxRefinementSuite.cases: (name, batch, modulated, starts).
CASES = [("tracking frame", 1, True, 10), ("detection batch", 32, False, 1)]
CROP, CHANNELS, HIDDEN, STEPS = 64, 32, 128, 10
STEP_LENGTHS = [1e-4, 1e-4, 4e-4, 4e-4]


def shape_name(name, batch, modulated, starts):
    # Must match BoxRefinementSuite.Case.shape.
    return f"{name}: {batch} crop{'s' if batch > 1 else ''} {6 if modulated else 3}x{CROP}x{CROP}, {starts} starts, {STEPS} steps"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds-per-round", type=float, default=0.4)
    args = parser.parse_args()
    limit_threads(args.threads)
    torch = import_torch("box_refinement_reference.py", args.threads)
    import torch.nn.functional as F
    generator = torch.Generator().manual_seed(0)

    def uniform(*shape, bound):
        return (torch.rand(*shape, generator=generator) * 2 - 1) * bound

    def conv(inputs, outputs):
        bound = 1 / math.sqrt(inputs * 9)
        return uniform(outputs, inputs, 3, 3, bound=bound), uniform(outputs, bound=bound)

    def linear(inputs, outputs):
        bound = 1 / math.sqrt(inputs)
        return uniform(outputs, inputs, bound=bound), uniform(outputs, bound=bound)

    weights = {
        "conv1": conv(3, 16), "conv2": conv(16, CHANNELS), "conv3": conv(CHANNELS, CHANNELS),
        "conv4": conv(CHANNELS, CHANNELS), "modulation4": linear(CHANNELS * 25, CHANNELS),
        "modulation8": linear(CHANNELS * 9, CHANNELS), "fc1": linear(CHANNELS * 34, HIDDEN),
        "fc2": linear(HIDDEN, HIDDEN), "out": linear(HIDDEN, 1),
    }
    r = CROP / 2

    def features(images):
        h = F.max_pool2d(F.relu(F.conv2d(images, *weights["conv1"], padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, *weights["conv2"], padding=1)), 2)
        f4 = F.relu(F.conv2d(h, *weights["conv3"], padding=1))
        f8 = F.relu(F.conv2d(F.max_pool2d(f4, 2), *weights["conv4"], padding=1))
        return f4, f8

    def hat_integral(t):
        u = t.clamp(-1, 1)
        return 0.5 + u - 0.5 * u * u.abs()

    def prroi(f, corners, owner, pooled, scale):
        # f [B, C, H, W]; corners [K, 4] (x1, y1, x2, y2) in crop pixels; owner [K] batch rows.
        c = corners * scale
        frac = torch.arange(pooled + 1, dtype=torch.float32) / pooled
        ex = c[:, 0:1] + (c[:, 2:3] - c[:, 0:1]) * frac
        ey = c[:, 1:2] + (c[:, 3:4] - c[:, 1:2]) * frac
        kx = hat_integral(ex[:, :, None] - torch.arange(f.shape[3], dtype=torch.float32))
        ky = hat_integral(ey[:, :, None] - torch.arange(f.shape[2], dtype=torch.float32))
        wx, wy = kx[:, 1:] - kx[:, :-1], ky[:, 1:] - ky[:, :-1]
        area = (c[:, 2] - c[:, 0]) * (c[:, 3] - c[:, 1]) / pooled**2
        out = torch.einsum("kph,kchw,kqw->kcpq", wy, f[owner], wx)
        return (out / area[:, None, None, None]).flatten(1)

    def corners(u):
        cx, cy = u[:, 0] * r, u[:, 1] * r
        hw, hh = u[:, 2].exp() * 0.5, u[:, 3].exp() * 0.5
        return torch.stack([cx - hw, cy - hh, cx + hw, cy + hh], dim=1)

    def condition(x, modulated):
        if not modulated:
            return features(x)
        b = x.shape[0]
        r4, r8 = features(x[:, :3])
        f4, f8 = features(x[:, 3:])
        reference = corners(torch.tensor([[1.0, 1.0, math.log(r), math.log(r)]]).repeat(b, 1))
        owner = torch.arange(b)
        m4 = F.relu(F.linear(prroi(r4, reference, owner, 5, 0.25), *weights["modulation4"]))
        m8 = F.relu(F.linear(prroi(r8, reference, owner, 3, 0.125), *weights["modulation8"]))
        return f4 * m4[:, :, None, None], f8 * m8[:, :, None, None]

    def energy(maps, u):
        b, m = u.shape[0], u.shape[1]
        flat = u.reshape(b * m, 4)
        owner = torch.arange(b).repeat_interleave(m)
        box = corners(flat)
        pooled = torch.cat([prroi(maps[0], box, owner, 5, 0.25), prroi(maps[1], box, owner, 3, 0.125)], dim=1)
        h = F.relu(F.linear(pooled, *weights["fc1"]))
        h = F.relu(F.linear(h, *weights["fc2"]))
        return -F.linear(h, *weights["out"]).reshape(b, m)

    def refine(x, initial, modulated):
        with torch.no_grad():
            maps = condition(x, modulated)
            y = initial.clone()
            lam = torch.tensor(STEP_LENGTHS).expand_as(y).clone()
            current = energy(maps, y)
        for _ in range(STEPS):
            leaf = y.clone().requires_grad_()
            (gradient,) = torch.autograd.grad(energy(maps, leaf).sum(), leaf)
            with torch.no_grad():
                proposal = y - lam * gradient
                proposed = energy(maps, proposal)
                better = proposed < current
                y = torch.where(better[..., None], proposal, y)
                current = torch.where(better, proposed, current)
                lam = torch.where(better[..., None], lam, lam * 0.5)
        best = current.argsort(dim=1)[:, :3]
        return torch.gather(y, 1, best[..., None].expand(-1, -1, 4)).mean(dim=1)

    functions = {}
    for name, batch, modulated, starts in CASES:
        x = torch.rand(batch, 6 if modulated else 3, CROP, CROP, generator=generator)
        initial = torch.tensor([1.0, 1.0, math.log(r), math.log(r)]) + 0.1 * torch.randn(batch, starts, 4, generator=generator)
        functions[shape_name(name, batch, modulated, starts)] = (lambda x=x, i=initial, m=modulated: refine(x, i, m))
    for shape, (best, median) in interleaved_best(functions, args.rounds, args.seconds_per_round).items():
        emit({"benchmark": "pytorch-box-refinement", "framework": "pytorch-eager", "version": torch.__version__,
              "shape": shape, "threads": args.threads, "ms": best * 1000, "median_ms": median * 1000})


if __name__ == "__main__":
    main()
