#!/usr/bin/env bash
# Creates (or updates) the Python venv used ONLY by the reference benchmark scripts in this folder
# (regression_reference.py, langevin_reference.py). It lives outside the package; nothing in the
# Swift package, its tests or CI depends on it.
#
#   Benchmarks/setup_venv.sh            # venv at ${EBM_BENCH_VENV:-$HOME/.cache/swift-ebm-bench-venv}
#   EBM_BENCH_VENV=/some/dir Benchmarks/setup_venv.sh
#
# Installs numpy, torch (plain `pip install torch`; on Linux x86-64 the PyPI wheel also pulls the
# CUDA runtime wheels, a few GB, which the CPU benchmarks simply do not use), jax[cpu] and torchebm.
# Idempotent: an existing venv is reused and packages already present are left as they are.
# Set EBM_BENCH_UPGRADE=1 to upgrade them instead.
set -euo pipefail

venv="${EBM_BENCH_VENV:-$HOME/.cache/swift-ebm-bench-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "creating venv at $venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
else
  echo "reusing venv at $venv"
fi

pip=("$venv/bin/python" -m pip --disable-pip-version-check)
upgrade=()
if [ "${EBM_BENCH_UPGRADE:-0}" = "1" ]; then upgrade=(--upgrade); fi

"${pip[@]}" install --quiet --upgrade pip
# One resolver run for everything, so torchebm cannot replace the torch chosen here.
"${pip[@]}" install "${upgrade[@]}" numpy torch "jax[cpu]" torchebm

"$venv/bin/python" - <<'PY'
import importlib
for name in ("numpy", "torch", "jax", "torchebm"):
    module = importlib.import_module(name)
    print(f"{name} {getattr(module, '__version__', '?')}")
PY
echo "venv ready: $venv/bin/python Benchmarks/regression_reference.py --help"
