#!/usr/bin/env python3
"""Trains the 1-D regression EBM with NCE+ in PyTorch and prints its KL, to compare with
`ebm study regression1d --methods nce+` on the same settings (not part of the package or CI).

The same model, loss, data distribution and metric as the Swift study (Gustafsson et al.,
BMVC 2020): ToyNet with PyTorch's default initialisation, NCE+ (GMM stds 0.1 and 0.8,
M = 1024, beta = 0.025, one set of offsets shared by the batch), Adam 1e-3, batch 32, 75
epochs, 2000 training points, KL(p_true || p_model) on a 2048 x 2048 grid over [-3, 3]^2.
The training data are drawn with numpy (seeded), so they are another draw than the Swift
study's; run several seeds.

    $py Benchmarks/regression_training_reference.py --dataset 2 --seeds 0,1,2
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn


def draw_data(dataset, count, rng):
    x = rng.uniform(-3.0, 3.0, size=count)
    z = rng.standard_normal(count)
    if dataset == 1:
        sign = np.where(rng.uniform(size=count) < 0.8, 1.0, -1.0)
        y = np.where(x < 0, sign * np.sin(x) + 0.075 * z, np.exp(0.25 * z) - 1)
    else:
        y = np.sin(x) + 0.15 / (1 + np.exp(-x)) * z
    return x.astype(np.float32), y.astype(np.float32)


def true_density(dataset, x, y):
    def normal(v, mean, std):
        return np.exp(-0.5 * ((v - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))

    if dataset == 2:
        return normal(y, np.sin(x), 0.15 / (1 + np.exp(-x)))
    if x < 0:
        return 0.8 * normal(y, np.sin(x), 0.075) + 0.2 * normal(y, -np.sin(x), 0.075)
    out = np.zeros_like(y)
    inside = y > -1
    out[inside] = normal(np.log(y[inside] + 1), 0, 0.25) / (y[inside] + 1)
    return out


class ToyNet(nn.Module):
    def __init__(self, hidden=10):
        super().__init__()
        self.x1, self.x2 = nn.Linear(1, hidden), nn.Linear(hidden, hidden)
        self.y1 = nn.Linear(1, hidden)
        self.xy1 = nn.Linear(2 * hidden, hidden)
        self.xy2, self.xy3 = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 1)

    def features(self, x):
        return torch.relu(self.x2(torch.relu(self.x1(x))))

    def score(self, features, y):
        b, m = y.shape
        f = features.unsqueeze(1).expand(b, m, -1).reshape(b * m, -1)
        h = torch.tanh(self.y1(y.reshape(b * m, 1)))
        h = torch.tanh(self.xy1(torch.cat([f, h], 1)))
        h = torch.tanh(self.xy2(h)) + h
        h = torch.tanh(self.xy3(h)) + h
        return self.out(h).view(b, m)


def gmm_log_density(offsets, stds):
    # Equal-weight mixture of N(0, std^2) components, evaluated at offsets [...].
    logs = [-0.5 * (offsets / s) ** 2 - math.log(s * math.sqrt(2 * math.pi)) for s in stds]
    return torch.logsumexp(torch.stack(logs, -1), -1) - math.log(len(stds))


def gmm_sample(count, stds, generator):
    component = torch.randint(len(stds), (count,), generator=generator)
    return torch.tensor(stds)[component] * torch.randn(count, generator=generator)


def train_and_evaluate(dataset, seed, epochs, samples=1024, beta=0.025, stds=(0.1, 0.8)):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x, y = draw_data(dataset, 2000, np.random.default_rng(1000 + seed))
    xs, ys = torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y).unsqueeze(1)
    net = ToyNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    start = time.time()
    for _ in range(epochs):
        order = torch.randperm(2000, generator=generator)
        for first in range(0, 2000, 32):
            index = order[first:first + 32]
            bx, by = xs[index], ys[index]
            features = net.features(bx)
            truth_offset = beta * gmm_sample(1, stds, generator)
            truth_scores = net.score(features, by + truth_offset).squeeze(1)
            offsets = gmm_sample(samples, stds, generator)
            sample_scores = net.score(features, by + offsets.unsqueeze(0))
            logits = torch.cat(
                [(truth_scores - gmm_log_density(truth_offset, stds)).unsqueeze(1),
                 sample_scores - gmm_log_density(offsets, stds).unsqueeze(0)], 1)
            loss = (torch.logsumexp(logits, 1) - logits[:, 0]).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    seconds = time.time() - start
    grid = np.linspace(-3.0, 3.0, 2048, dtype=np.float32)
    with torch.no_grad():
        total = 0.0
        for first in range(0, 2048, 64):
            gx = torch.from_numpy(grid[first:first + 64]).unsqueeze(1)
            scores = net.score(net.features(gx), torch.from_numpy(grid).unsqueeze(0).expand(gx.shape[0], -1))
            log_model = torch.log_softmax(scores.double(), 1).numpy()
            for row, xv in enumerate(grid[first:first + 64]):
                p = true_density(dataset, float(xv), grid.astype(np.float64)) + 1e-30
                p = p / p.sum()
                total += float(np.sum(p * (np.log(p) - log_model[row])))
    return total / 2048, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=int, choices=[1, 2], default=2)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--epochs", type=int, default=75)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    kls = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        kl, seconds = train_and_evaluate(args.dataset, seed, args.epochs)
        kls.append(kl)
        print(json.dumps({"method": "nce+", "framework": "pytorch", "dataset": args.dataset, "seed": seed,
                          "kl": kl, "train_seconds": seconds}), flush=True)
    mean = sum(kls) / len(kls)
    std = math.sqrt(sum((k - mean) ** 2 for k in kls) / max(len(kls) - 1, 1))
    print(f"nce+ dataset {args.dataset}: KL {mean:.3f} ± {std:.3f} over {len(kls)} seeds")


if __name__ == "__main__":
    main()
