#!/usr/bin/env bash
# Create the EMLP 1.0.3 virtual environment used by benchmarks/bench_emlp.py, outside the repo.
# EMLP does not run with a current JAX; these are the pins of /work/shared/peers/emlp.md
# (six: objax imports it without declaring it; jaxlib 0.4.13 is the oldest with CPython 3.11 wheels).
#
#   bash benchmarks/emlp_env.sh [VENV_DIR]      # default /work/.venv-emlp (or $REPKIT_EMLP_VENV)
#   python benchmarks/bench_emlp.py --emlp-python VENV_DIR/bin/python
set -euo pipefail
venv="${1:-${REPKIT_EMLP_VENV:-/work/.venv-emlp}}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet \
    "emlp==1.0.3" "jax==0.4.13" "jaxlib==0.4.13" "objax==1.7.0" "optax==0.1.7" \
    "plum-dispatch==1.7.4" "numpy<1.25" "scipy<1.12" "ml_dtypes<0.3" six
"$venv/bin/python" - <<'PY'
import emlp, jax, numpy
from emlp.groups import S
from emlp.reps import V
Q = (V(S(4)) >> V(S(4))).equivariant_basis()
if Q.shape != (16, 2):
    raise SystemExit(f"emlp_env: expected a (16, 2) basis for S(4) V->V, got {Q.shape}")
print(f"emlp_env: EMLP {emlp.__version__} with jax {jax.__version__}, numpy {numpy.__version__} ready")
PY
echo "emlp_env: python at $venv/bin/python"
