#!/usr/bin/env python3
"""Reference Langevin throughput: TorchEBM's LangevinDynamics, a hand-written PyTorch loop and JAX (jit), CPU.

The measurement of `ebm-bench langevin`: 10,000 chains x 100 unadjusted Langevin steps on an MLP energy
E: R^2 -> R, 2 -> 128 -> 128 -> 128 -> 1 with SiLU (PyTorch's default Linear initialisation), reported as
chain-steps per second (chains * steps / seconds of the whole sampling run, best of the repetitions;
the frameworks take turns, so that load from other processes hits all alike).
Update (TorchEBM's convention, Euler-Maruyama): x <- x - eta * grad E(x) + sqrt(2 eta) * noise_scale * n,
eta = 0.01, noise_scale = 1, chains started from N(0, I).

  - torchebm      : torchebm.samplers.LangevinDynamics(model, step_size, noise_scale).sample(x=x0,
                    n_steps=100) with the MLP wrapped as a torchebm.core.BaseModel (its default
                    autograd `gradient`);
  - pytorch-eager : the same update as a plain loop of torch.autograd.grad calls under no_grad;
  - jax-jit       : the same update in a jitted lax.fori_loop of jax.grad (all 100 steps in one call).

Prints one JSON object per line, e.g.
  {"benchmark": "langevin", "framework": "torchebm", "shape": "10000 chains x 100 steps, mlp 2-128-128-128-1 silu",
   "threads": 2, "chain_steps_per_second": 350000.0, "median_chain_steps_per_second": 340000.0}
With --swift-json FILE (or '-' for standard input) holding `ebm-bench langevin --json` output, also prints
one JSON line per comparison with "speedup" (our chain-steps/s over the reference's), comparing with the
Swift records that carry "chain_steps_per_second", and a summary on standard error.

Usage (in the venv made by Benchmarks/setup_venv.sh):
  python Benchmarks/langevin_reference.py [--frameworks torchebm,torch,jax] [--chains 10000]
      [--steps 100] [--threads 2] [--repeats 3] [--swift-json FILE|-]
Exits with status 3 when none of the requested frameworks can be imported.
"""
import argparse
import math
import sys

from bench_common import emit, interleaved_best, limit_threads, print_ratios, read_swift_records

WIDTHS = (2, 128, 128, 128, 1)
STEP_SIZE = 0.01
NOISE_SCALE = 1.0


def initial_parameters(seed):
    """[(weight [out, in], bias [out])] with PyTorch's default Linear initialisation U(+-1/sqrt(fan_in))."""
    import numpy as np
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(WIDTHS[:-1], WIDTHS[1:]):
        bound = 1.0 / math.sqrt(fan_in)
        layers.append((rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
                       rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)))
    return layers


def torch_mlp(layers):
    import torch
    modules = []
    for index, (weight, bias) in enumerate(layers):
        linear = torch.nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight))
            linear.bias.copy_(torch.from_numpy(bias))
        linear.requires_grad_(False)  # sampling only: no parameter gradients
        modules.append(linear)
        if index < len(layers) - 1:
            modules.append(torch.nn.SiLU())
    return torch.nn.Sequential(*modules)


def torchebm_run(args, layers, x0_np):
    import torch
    from torchebm.core import BaseModel
    from torchebm.samplers import LangevinDynamics
    import torchebm
    torch.set_num_threads(args.threads)

    class MLPEnergy(BaseModel):
        def __init__(self):
            super().__init__()
            self.net = torch_mlp(layers)

        def forward(self, x):
            return self.net(x).squeeze(-1)

    sampler = LangevinDynamics(MLPEnergy(), step_size=STEP_SIZE, noise_scale=NOISE_SCALE)
    x0 = torch.from_numpy(x0_np)
    generator = torch.Generator().manual_seed(args.seed)

    def run():
        sampler.sample(x=x0.clone(), n_steps=args.steps, generator=generator)

    return run, torchebm.__version__


def torch_run(args, layers, x0_np):
    import torch
    torch.set_num_threads(args.threads)
    net = torch_mlp(layers)
    x0 = torch.from_numpy(x0_np)
    generator = torch.Generator().manual_seed(args.seed)
    noise_factor = math.sqrt(2 * STEP_SIZE) * NOISE_SCALE

    def run():
        x = x0.clone()
        for _ in range(args.steps):
            with torch.enable_grad():
                leaf = x.detach().requires_grad_(True)
                (grad,) = torch.autograd.grad(net(leaf).sum(), leaf)
            with torch.no_grad():
                noise = torch.randn(x.shape, generator=generator)
                x = x - STEP_SIZE * grad + noise_factor * noise
        return x

    return run, torch.__version__


def jax_run(args, layers, x0_np):
    import jax
    import jax.numpy as jnp
    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in layers]
    noise_factor = math.sqrt(2 * STEP_SIZE) * NOISE_SCALE

    def energy_sum(x):
        h = x
        for index, (w, b) in enumerate(params):
            h = h @ w.T + b
            if index < len(params) - 1:
                h = jax.nn.silu(h)
        return h.sum()

    @jax.jit
    def sample(x, key):
        def body(_, carry):
            x, key = carry
            key, sub = jax.random.split(key)
            x = x - STEP_SIZE * jax.grad(energy_sum)(x) + noise_factor * jax.random.normal(sub, x.shape)
            return (x, key)
        return jax.lax.fori_loop(0, args.steps, body, (x, key))[0]

    x0 = jnp.asarray(x0_np)
    holder = {"key": jax.random.PRNGKey(args.seed)}

    def run():
        holder["key"], sub = jax.random.split(holder["key"])
        jax.block_until_ready(sample(x0, sub))

    return run, jax.__version__


FRAMEWORKS = {
    "torchebm": ("torchebm", torchebm_run),
    "torch": ("pytorch-eager", torch_run),
    "jax": ("jax-jit", jax_run),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", default="torchebm,torch,jax",
                        help="comma-separated: torchebm, torch, jax")
    parser.add_argument("--chains", type=int, default=10000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2, help="threads (and CPUs) to use")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each framework (round-robin) after one warm-up run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--swift-json", metavar="FILE",
                        help="ebm-bench langevin --json output ('-' = standard input) to compare with")
    args = parser.parse_args()
    limit_threads(args.threads)
    swift = read_swift_records(args.swift_json) if args.swift_json else None

    import numpy as np
    layers = initial_parameters(args.seed)
    x0 = np.random.default_rng(args.seed + 1).standard_normal((args.chains, WIDTHS[0])).astype(np.float32)
    chain_steps = args.chains * args.steps
    functions = {}
    versions = {}
    for key in (f for f in args.frameworks.split(",") if f):
        if key not in FRAMEWORKS:
            parser.error(f"unknown framework '{key}'; use torchebm, torch and/or jax")
        label, make = FRAMEWORKS[key]
        try:
            functions[label], versions[label] = make(args, layers, x0)
        except ImportError as error:
            print(f"{label} unavailable: {error}", file=sys.stderr)
    timings = interleaved_best(functions, rounds=max(1, args.repeats), seconds_per_round=0.0, warmup=1)
    records = []
    for label, (best, median) in timings.items():
        record = {
            "benchmark": "langevin",
            "framework": label,
            "version": versions[label],
            "shape": f"{args.chains} chains x {args.steps} steps, mlp {'-'.join(map(str, WIDTHS))} silu",
            "threads": args.threads,
            "chain_steps_per_second": round(chain_steps / best, 1),
            "median_chain_steps_per_second": round(chain_steps / median, 1),
        }
        emit(record)
        records.append(record)
    if not records:
        return 3
    if swift is not None:
        print_ratios(records, swift, "langevin", "chain_steps_per_second", higher_is_better=True,
                     any_name=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
