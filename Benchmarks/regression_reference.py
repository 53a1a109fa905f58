#!/usr/bin/env python3
"""Reference timing of one EBM-regression training step in PyTorch (eager) and JAX (jit), CPU.

The step that `ebm-bench regression` times: forward + backward + Adam update (lr 1e-3) of the ToyNet
energy of Gustafsson et al., "How to Train Your Energy-Based Model for Regression" (BMVC 2020),
batch 32, M = 1024 proposals, for the seven methods of the paper (dataset 1 settings):
  - NCE+ : GMM proposal stds [0.1, 0.8] (equal weights) centred on the target, one set of M offsets
           shared by the batch; the "true" sample is y_i + beta * (a GMM draw), beta = 0.025, with q at
           that offset under the unscaled mixture;
           loss = -mean_i log softmax_{y_i', y_1..y_M}(f - log q) at the y_i' entry (log-sum-exp).
  - DSM  : M noisy copies y~ = y_i + sigma * n per example, sigma = 0.2;
           loss = mean || df/dy(y~) + (y~ - y_i) / sigma^2 ||^2 (needs second-order autodiff).
  - NCE  : as NCE+ with the true sample y_i itself (offset 0).
  - ML-IS: GMM proposal stds [0.2, 1.6], M offsets shared by the batch;
           loss = mean_i [logsumexp_m(f - log q) - log M - f(y_i)].
  - KLD-IS: the same proposals; loss = mean_i [logsumexp_m(f - log q) - log M
           - mean_m f * p / q], p = N(0, 0.025^2) label noise.
  - ML-MCMC: 16 Langevin steps y <- y + (lambda^2/2) df/dy + lambda eps (lambda = 0.05) of B x M
           chains started at the targets, on the detached network (JAX: lax.fori_loop inside the
           jitted step); loss = mean_i [mean_m f(y~) - f(y_i)].
  - SM   : loss = mean_i [d2f/dy2 + 1/2 (df/dy)^2] at the targets (third-order autodiff for the
           parameter gradients).
The proposal draws are part of the timed step. f is the network output (our energy is E = -f).

ToyNet: x features 1->10->10 (ReLU), computed once per example; y 1->10 (tanh); concat 20->10 tanh;
two residual blocks h = tanh(W h + b) + h; 10->1. PyTorch's default Linear initialisation.
--first-layer concat (default) copies the x features per candidate and concatenates, as the paper's
code does; --first-layer split splits the 20->10 layer into an x part (once per example) and a y part.

Prints one JSON object per line, e.g.
  {"benchmark": "regression/nce+", "framework": "pytorch-eager", "shape": "batch 32, M 1024, toynet",
   "threads": 2, "ms_per_step": 14.1, "median_ms_per_step": 14.9, "first_layer": "concat"}
ms_per_step is the best time over the repetitions (as ebm-bench and numpy_gemm.py report); the
(framework, method) pairs are timed in round-robin rounds so that load from other processes hits all alike.
With --swift-json FILE (or '-' for standard input) holding `ebm-bench regression --json` output,
also prints one JSON line per comparison with "speedup" (reference ms / our ms) and a summary on
standard error.

--check-golden FILE (the golden ToyNet file of the shared data, golden/toynet.json) times nothing: it
checks both frameworks' NCE+ and DSM values and parameter gradients against the float64 PyTorch values
there (fixed weights, batch of 4, 8 offsets, DSM noise n with y~ = y + sigma n) and exits 1 if any
relative error exceeds 1e-4.

Usage (in the venv made by Benchmarks/setup_venv.sh):
  python Benchmarks/regression_reference.py [--methods nce+,dsm] [--frameworks torch,jax]
      [--threads 2] [--budget 3] [--rounds 5] [--first-layer concat|split] [--swift-json FILE|-]
  python Benchmarks/regression_reference.py --check-golden FILE [--first-layer concat|split]
Exits with status 3 when none of the requested frameworks can be imported.
"""
import argparse
import math
import sys

from bench_common import emit, interleaved_best, limit_threads, print_ratios, read_swift_records

HIDDEN = 10
GMM_STDS = (0.1, 0.8)          # NCE+ and NCE proposal
IS_STDS = (0.2, 1.6)           # ML-IS and KLD-IS proposal
BETA = 0.025
DSM_SIGMA = 0.2
LABEL_SIGMA = 0.025            # KLD-IS label noise
MCMC_LAMBDA = 0.05             # ML-MCMC Langevin step (dataset 1)
MCMC_STEPS = 16
METHODS = ("nce+", "nce", "ml-is", "kld-is", "ml-mcmc", "sm", "dsm")
LEARNING_RATE = 1e-3

# (name, fan_in, fan_out) of every Linear layer of ToyNet.
LAYERS = (
    ("fc1_x", 1, HIDDEN), ("fc2_x", HIDDEN, HIDDEN),
    ("fc1_y", 1, HIDDEN),
    ("fc1_xy", 2 * HIDDEN, HIDDEN), ("fc2_xy", HIDDEN, HIDDEN), ("fc3_xy", HIDDEN, HIDDEN),
    ("fc4_xy", HIDDEN, 1),
)


def initial_parameters(seed):
    """PyTorch's default Linear initialisation: weight [out, in] and bias ~ U(+-1/sqrt(fan_in))."""
    import numpy as np
    rng = np.random.default_rng(seed)
    params = {}
    for name, fan_in, fan_out in LAYERS:
        bound = 1.0 / math.sqrt(fan_in)
        params[name + ".weight"] = rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32)
        params[name + ".bias"] = rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)
    return params


def batch(seed, size):
    import numpy as np
    rng = np.random.default_rng(seed + 1)
    xs = rng.uniform(-3, 3, (size, 1)).astype(np.float32)
    ys = (np.sin(xs) + 0.1 * rng.standard_normal((size, 1))).astype(np.float32)
    return xs, ys


def log_gmm_density(offsets, stds, stack, logsumexp):
    """log of the equal-weight, zero-mean Gaussian mixture density at `offsets` (any shape)."""
    terms = [-0.5 * (offsets / s) ** 2 - math.log(math.sqrt(2 * math.pi) * s) for s in stds]
    return logsumexp(stack(terms, -1), -1) - math.log(len(stds))


# ----------------------------------------------------------------------------------------------
# PyTorch eager


def torch_steps(args, params0, xs_np, ys_np):
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in params0.items()}
    optimizer = torch.optim.Adam(params.values(), lr=LEARNING_RATE)
    xs = torch.tensor(xs_np)
    ys = torch.tensor(ys_np)
    stds = torch.tensor(GMM_STDS)
    M = args.samples

    def linear(name, h):
        return torch.nn.functional.linear(h, params[name + ".weight"], params[name + ".bias"])

    def features(x):
        return torch.relu(linear("fc2_x", torch.relu(linear("fc1_x", x))))

    def predictor(xf, y):
        # xf [B, H], y [B, S] -> f [B, S]
        B, S = y.shape
        yf = torch.tanh(linear("fc1_y", y.reshape(B * S, 1)))
        if args.first_layer == "concat":
            xe = xf.view(B, 1, HIDDEN).expand(-1, S, -1).reshape(B * S, HIDDEN)
            h = torch.tanh(linear("fc1_xy", torch.cat([xe, yf], 1)))
        else:
            w = params["fc1_xy.weight"]
            hx = torch.nn.functional.linear(xf, w[:, :HIDDEN], params["fc1_xy.bias"])
            hy = torch.nn.functional.linear(yf, w[:, HIDDEN:]).view(B, S, HIDDEN)
            h = torch.tanh(hy + hx.view(B, 1, HIDDEN)).reshape(B * S, HIDDEN)
        h = torch.tanh(linear("fc2_xy", h)) + h
        h = torch.tanh(linear("fc3_xy", h)) + h
        return linear("fc4_xy", h).view(B, S)

    is_stds = torch.tensor(IS_STDS)

    def gmm_offsets(count, scale, mixture=None):
        mixture = stds if mixture is None else mixture
        k = torch.randint(len(mixture), (count,))
        return scale * mixture[k] * torch.randn(count)

    def nce_plus_loss(eps0, eps):
        # eps0 [1]: the beta-scaled offset of the "true" sample; eps [M]: proposal offsets. Both shared by the batch.
        log_q0 = log_gmm_density(eps0, GMM_STDS, torch.stack, torch.logsumexp)  # unscaled mixture
        log_q = log_gmm_density(eps, GMM_STDS, torch.stack, torch.logsumexp)
        xf = features(xs)
        f0 = predictor(xf, ys + eps0.view(1, 1))           # [B, 1]
        f = predictor(xf, ys + eps.view(1, M))             # [B, M]
        logits = torch.cat([f0 - log_q0.view(1, 1), f - log_q.view(1, M)], 1)
        return -(logits[:, 0] - torch.logsumexp(logits, 1)).mean()

    def dsm_loss(noise):
        # noise [B, M] = y~ - y, already scaled by sigma
        y_tilde = (ys + noise).requires_grad_(True)
        xf = features(xs)
        f = predictor(xf, y_tilde)
        (score,) = torch.autograd.grad(f.sum(), y_tilde, create_graph=True)
        return ((score + noise / DSM_SIGMA ** 2) ** 2).mean()

    def nce_loss(eps):
        # NCE: the true sample is y_i itself (offset 0), M proposals shared by the batch.
        return nce_plus_loss(torch.zeros(1), eps)

    def importance_terms(eps):
        # f at the targets [B], f at the shared proposals [B, M], log q of the proposals [M].
        log_q = log_gmm_density(eps, IS_STDS, torch.stack, torch.logsumexp)
        xf = features(xs)
        return predictor(xf, ys).view(-1), predictor(xf, ys + eps.view(1, M)), log_q

    def ml_is_loss(eps):
        f0, f, log_q = importance_terms(eps)
        return (torch.logsumexp(f - log_q.view(1, M), 1) - math.log(M) - f0).mean()

    def kld_is_loss(eps):
        _, f, log_q = importance_terms(eps)
        log_p = -0.5 * (eps / LABEL_SIGMA) ** 2 - math.log(math.sqrt(2 * math.pi) * LABEL_SIGMA)
        weights = torch.exp(log_p - log_q).view(1, M)
        return (torch.logsumexp(f - log_q.view(1, M), 1) - math.log(M) - (f * weights).mean(1)).mean()

    def ml_mcmc_loss():
        # L Langevin steps y <- y + (lambda^2/2) df/dy + lambda eps from the targets, on the
        # detached network; then mean_m f(y~) - f(y_i).
        B = xs.shape[0]
        saved = {k: p for k, p in params.items()}
        for k, p in saved.items():
            params[k] = p.detach()
        try:
            xf = features(xs)
            chains = ys.expand(B, M).clone()
            for _ in range(MCMC_STEPS):
                leaf = chains.requires_grad_(True)
                (g,) = torch.autograd.grad(predictor(xf, leaf).sum(), leaf)
                chains = (leaf.detach() + (MCMC_LAMBDA ** 2 / 2) * g + MCMC_LAMBDA * torch.randn(B, M))
        finally:
            params.update(saved)
        xf = features(xs)
        return (predictor(xf, chains).mean(1) - predictor(xf, ys).view(-1)).mean()

    def sm_loss():
        # tr d2f/dy2 + 1/2 |df/dy|^2 at the targets (d = 1), differentiated to third order.
        y = ys.clone().requires_grad_(True)
        f = predictor(features(xs), y)
        (g,) = torch.autograd.grad(f.sum(), y, create_graph=True)
        (h,) = torch.autograd.grad(g.sum(), y, create_graph=True)
        return (h + 0.5 * g ** 2).mean()

    def optimise(loss):
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def nce_plus():
        optimise(nce_plus_loss(gmm_offsets(1, BETA), gmm_offsets(M, 1.0)))

    def dsm():
        optimise(dsm_loss(DSM_SIGMA * torch.randn(xs.shape[0], M)))

    steps = {
        "nce+": nce_plus, "dsm": dsm,
        "nce": lambda: optimise(nce_loss(gmm_offsets(M, 1.0))),
        "ml-is": lambda: optimise(ml_is_loss(gmm_offsets(M, 1.0, is_stds))),
        "kld-is": lambda: optimise(kld_is_loss(gmm_offsets(M, 1.0, is_stds))),
        "ml-mcmc": lambda: optimise(ml_mcmc_loss()),
        "sm": lambda: optimise(sm_loss()),
    }

    def check(method, noise):
        """(loss, {name: gradient}) as numpy at the initial parameters for fixed numpy noise."""
        for p in params.values():
            p.grad = None
        inputs = [torch.from_numpy(n) for n in noise]
        loss = (nce_plus_loss if method == "nce+" else dsm_loss)(*inputs)
        loss.backward()
        grads = {k: (p.grad.numpy().copy() if p.grad is not None else np.zeros(p.shape, np.float32))
                 for k, p in params.items()}  # (fc4_xy.bias does not enter df/dy)
        for p in params.values():
            p.grad = None
        return float(loss.detach()), grads

    steps["check"] = check
    return steps, torch.__version__


# ----------------------------------------------------------------------------------------------
# JAX jit


def jax_steps(args, params0, xs_np, ys_np):
    import jax
    import jax.numpy as jnp
    import numpy as np
    from jax.scipy.special import logsumexp
    params = {k: jnp.asarray(v) for k, v in params0.items()}
    xs = jnp.asarray(xs_np)
    ys = jnp.asarray(ys_np)
    stds = jnp.asarray(GMM_STDS, dtype=jnp.float32)
    M = args.samples

    def linear(p, name, h):
        return h @ p[name + ".weight"].T + p[name + ".bias"]

    def features(p, x):
        return jax.nn.relu(linear(p, "fc2_x", jax.nn.relu(linear(p, "fc1_x", x))))

    def predictor(p, xf, y):
        B, S = y.shape
        yf = jnp.tanh(linear(p, "fc1_y", y.reshape(B * S, 1)))
        if args.first_layer == "concat":
            xe = jnp.broadcast_to(xf[:, None, :], (B, S, HIDDEN)).reshape(B * S, HIDDEN)
            h = jnp.tanh(linear(p, "fc1_xy", jnp.concatenate([xe, yf], 1)))
        else:
            w = p["fc1_xy.weight"]
            hx = xf @ w[:, :HIDDEN].T + p["fc1_xy.bias"]
            hy = (yf @ w[:, HIDDEN:].T).reshape(B, S, HIDDEN)
            h = jnp.tanh(hy + hx[:, None, :]).reshape(B * S, HIDDEN)
        h = jnp.tanh(linear(p, "fc2_xy", h)) + h
        h = jnp.tanh(linear(p, "fc3_xy", h)) + h
        return linear(p, "fc4_xy", h).reshape(B, S)

    is_stds = jnp.asarray(IS_STDS, dtype=jnp.float32)

    def gmm_offsets(key, count, scale, mixture=None):
        mixture = stds if mixture is None else mixture
        k_component, k_normal = jax.random.split(key)
        k = jax.random.randint(k_component, (count,), 0, mixture.shape[0])
        return scale * mixture[k] * jax.random.normal(k_normal, (count,))

    def importance_terms(p, eps):
        log_q = log_gmm_density(eps, IS_STDS, jnp.stack, logsumexp)
        xf = features(p, xs)
        return predictor(p, xf, ys).reshape(-1), predictor(p, xf, ys + eps.reshape(1, M)), log_q

    def nce_sampled_loss(p, key):
        return nce_plus_loss(p, jnp.zeros((1,), jnp.float32), gmm_offsets(key, M, 1.0))

    def ml_is_sampled_loss(p, key):
        f0, f, log_q = importance_terms(p, gmm_offsets(key, M, 1.0, is_stds))
        return jnp.mean(logsumexp(f - log_q.reshape(1, M), 1) - math.log(M) - f0)

    def kld_is_sampled_loss(p, key):
        eps = gmm_offsets(key, M, 1.0, is_stds)
        _, f, log_q = importance_terms(p, eps)
        log_p = -0.5 * (eps / LABEL_SIGMA) ** 2 - math.log(math.sqrt(2 * math.pi) * LABEL_SIGMA)
        weights = jnp.exp(log_p - log_q).reshape(1, M)
        return jnp.mean(logsumexp(f - log_q.reshape(1, M), 1) - math.log(M) - jnp.mean(f * weights, 1))

    def ml_mcmc_sampled_loss(p, key):
        # The Langevin chain inside the jitted step (lax.fori_loop), on stop_gradient parameters.
        B = xs.shape[0]
        frozen = jax.lax.stop_gradient(p)
        xf_frozen = features(frozen, xs)
        score = jax.grad(lambda y: predictor(frozen, xf_frozen, y).sum())

        def body(i, chains):
            noise = jax.random.normal(jax.random.fold_in(key, i), (B, M))
            return chains + (MCMC_LAMBDA ** 2 / 2) * score(chains) + MCMC_LAMBDA * noise

        chains = jax.lax.stop_gradient(
            jax.lax.fori_loop(0, MCMC_STEPS, body, jnp.broadcast_to(ys, (B, M))))
        xf = features(p, xs)
        return jnp.mean(predictor(p, xf, chains).mean(1) - predictor(p, xf, ys).reshape(-1))

    def sm_sampled_loss(p, key):
        xf = features(p, xs)
        f = lambda y: predictor(p, xf, y).sum()
        g = jax.grad(f)
        h = jax.grad(lambda y: g(y).sum())
        return jnp.mean(h(ys) + 0.5 * g(ys) ** 2)

    def nce_plus_loss(p, eps0, eps):
        log_q0 = log_gmm_density(eps0, GMM_STDS, jnp.stack, logsumexp)
        log_q = log_gmm_density(eps, GMM_STDS, jnp.stack, logsumexp)
        xf = features(p, xs)
        f0 = predictor(p, xf, ys + eps0.reshape(1, 1))
        f = predictor(p, xf, ys + eps.reshape(1, M))
        logits = jnp.concatenate([f0 - log_q0.reshape(1, 1), f - log_q.reshape(1, M)], 1)
        return -jnp.mean(logits[:, 0] - logsumexp(logits, 1))

    def dsm_loss(p, noise):
        xf = features(p, xs)
        score = jax.grad(lambda y: predictor(p, xf, y).sum())(ys + noise)
        return jnp.mean((score + noise / DSM_SIGMA ** 2) ** 2)

    def nce_plus_sampled_loss(p, key):
        k0, k1 = jax.random.split(key)
        return nce_plus_loss(p, gmm_offsets(k0, 1, BETA), gmm_offsets(k1, M, 1.0))

    def dsm_sampled_loss(p, key):
        return dsm_loss(p, DSM_SIGMA * jax.random.normal(key, (xs.shape[0], M)))

    def check(method, noise):
        loss_fn = nce_plus_loss if method == "nce+" else dsm_loss
        value, grads = jax.value_and_grad(loss_fn)(params, *[jnp.asarray(n) for n in noise])
        return float(value), {k: np.asarray(g) for k, g in grads.items()}

    def make_step(loss_fn):
        b1, b2, eps = 0.9, 0.999, 1e-8

        @jax.jit
        def step(state, key):
            p, m, v, t = state
            grads = jax.grad(loss_fn)(p, key)
            t = t + 1
            m = jax.tree_util.tree_map(lambda a, g: b1 * a + (1 - b1) * g, m, grads)
            v = jax.tree_util.tree_map(lambda a, g: b2 * a + (1 - b2) * g * g, v, grads)
            scale = LEARNING_RATE * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            p = jax.tree_util.tree_map(
                lambda w, a, b: w - scale * a / (jnp.sqrt(b) + eps * jnp.sqrt(1 - b2 ** t)), p, m, v)
            return (p, m, v, t)

        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
        holder = {"state": (params, zeros, zeros, jnp.asarray(0.0, jnp.float32)),
                  "key": jax.random.PRNGKey(0)}

        def run():
            holder["key"], sub = jax.random.split(holder["key"])
            holder["state"] = step(holder["state"], sub)
            jax.block_until_ready(holder["state"])

        return run

    return {"nce+": make_step(nce_plus_sampled_loss), "dsm": make_step(dsm_sampled_loss),
            "nce": make_step(nce_sampled_loss), "ml-is": make_step(ml_is_sampled_loss),
            "kld-is": make_step(kld_is_sampled_loss), "ml-mcmc": make_step(ml_mcmc_sampled_loss),
            "sm": make_step(sm_sampled_loss), "check": check}, jax.__version__


FRAMEWORKS = {"torch": ("pytorch-eager", torch_steps), "jax": ("jax-jit", jax_steps)}

GOLDEN_NAMES = {
    "feature.fc1": "fc1_x", "feature.fc2": "fc2_x", "predictor.fc_y": "fc1_y",
    "predictor.fc1": "fc1_xy", "predictor.fc2": "fc2_xy", "predictor.fc3": "fc3_xy",
    "predictor.fc4": "fc4_xy",
}


def check_golden(path, args, frameworks):
    """Compares each framework's NCE+ and DSM value and parameter gradients (float32) with the
    float64 PyTorch values in the golden ToyNet file (fixed weights, batch, offsets and noise), so
    that the timed code is known to compute the same losses as swift-ebm. Returns an exit status."""
    import json
    import numpy as np
    with open(path, encoding="utf-8") as stream:
        golden = json.load(stream)
    params = {}
    for golden_name, name in GOLDEN_NAMES.items():
        for kind in ("weight", "bias"):
            params[f"{name}.{kind}"] = np.asarray(golden["weights"][f"{golden_name}.{kind}"], np.float32)
    xs = np.asarray(golden["x"], np.float32)
    ys = np.asarray(golden["y"], np.float32)
    offsets = np.asarray(golden["offsets_stds_0.1_0.8"], np.float32)
    sigma = float(golden["dsm_sigma"])
    if abs(sigma - DSM_SIGMA) > 1e-12:
        print(f"golden dsm_sigma {sigma} differs from {DSM_SIGMA}", file=sys.stderr)
        return 1
    inputs = {
        "nce+": [np.asarray([golden["nce+_offset"]], np.float32), offsets],
        "dsm": [sigma * np.asarray(golden["dsm_noise"], np.float32)],
    }
    check_args = argparse.Namespace(**vars(args))
    check_args.samples = offsets.shape[0]
    worst = 0.0
    for key in frameworks:
        label, make = FRAMEWORKS[key]
        steps, _ = make(check_args, params, xs, ys)
        for method in ("nce+", "dsm"):
            expected = golden["losses"][method]
            value, grads = steps["check"](method, inputs[method])
            error = abs(value - expected["value"]) / max(1.0, abs(expected["value"]))
            for golden_name, name in GOLDEN_NAMES.items():
                for kind in ("weight", "bias"):
                    want = np.asarray(expected["grad"][f"{golden_name}.{kind}"])
                    scale = max(1.0, float(np.abs(want).max()))
                    error = max(error, float(np.abs(grads[f"{name}.{kind}"] - want).max()) / scale)
            worst = max(worst, error)
            print(f"golden {method:<5} {label:<14} loss {value:.6f} (reference {expected['value']:.6f}), "
                  f"max relative error of value and gradients {error:.2e}", file=sys.stderr)
    ok = worst < 1e-4
    print(f"golden check {'passed' if ok else 'FAILED'} (worst {worst:.2e}, bar 1e-4)", file=sys.stderr)
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated: " + ", ".join(METHODS))
    parser.add_argument("--frameworks", default="torch,jax", help="comma-separated: torch, jax")
    parser.add_argument("--threads", type=int, default=2, help="threads (and CPUs) to use")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--samples", type=int, default=1024, help="M, proposals per example")
    parser.add_argument("--budget", type=float, default=3.0,
                        help="seconds of timed steps per (framework, method), spread over the rounds")
    parser.add_argument("--rounds", type=int, default=5,
                        help="round-robin rounds over all (framework, method) pairs (spreads load noise)")
    parser.add_argument("--first-layer", choices=("concat", "split"), default="concat")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--swift-json", metavar="FILE",
                        help="ebm-bench regression --json output ('-' = standard input) to compare with")
    parser.add_argument("--check-golden", metavar="FILE",
                        help="instead of timing, check the NCE+ and DSM losses and gradients against the "
                             "golden ToyNet file (golden/toynet.json of the shared data)")
    args = parser.parse_args()
    limit_threads(args.threads)
    if args.check_golden:
        frameworks = [f for f in args.frameworks.split(",") if f]
        return check_golden(args.check_golden, args, frameworks)

    methods = [m for m in args.methods.split(",") if m]
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        parser.error(f"unknown method(s) {unknown}; use any of {', '.join(METHODS)}")
    swift = read_swift_records(args.swift_json) if args.swift_json else None

    params0 = initial_parameters(args.seed)
    xs, ys = batch(args.seed, args.batch)
    functions = {}
    versions = {}
    for key in (f for f in args.frameworks.split(",") if f):
        if key not in FRAMEWORKS:
            parser.error(f"unknown framework '{key}'; use torch and/or jax")
        label, make = FRAMEWORKS[key]
        try:
            steps, versions[label] = make(args, params0, xs, ys)
        except ImportError as error:
            print(f"{label} unavailable: {error}", file=sys.stderr)
            continue
        for method in methods:
            functions[(label, method)] = steps[method]
    if not functions:
        return 3
    rounds = max(1, args.rounds)
    timings = interleaved_best(functions, rounds, args.budget / rounds, minimum_runs=3)
    records = []
    for (label, method), (best, median) in timings.items():
        record = {
            "benchmark": f"regression/{method}",
            "framework": label,
            "version": versions[label],
            "shape": f"batch {args.batch}, M {args.samples}, toynet",
            "threads": args.threads,
            "ms_per_step": round(best * 1e3, 4),
            "median_ms_per_step": round(median * 1e3, 4),
            "first_layer": args.first_layer,
        }
        emit(record)
        records.append(record)
    if swift is not None:
        print_ratios(records, swift, "regression", "ms_per_step", higher_is_better=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
