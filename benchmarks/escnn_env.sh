#!/usr/bin/env bash
# Create the escnn 1.0.11 virtual environment used by `bench_conv.py --escnn-python`, outside the repo.
# escnn is never a dependency of repkit. Its dependency py3nj builds a Fortran extension, so Debian's
# gfortran must be installed first (as root: apt-get install -y gfortran); torch is pinned to the
# version repkit's own benchmarks use.
#
#   bash benchmarks/escnn_env.sh [VENV_DIR]     # default /work/.venv-escnn (or $REPKIT_ESCNN_VENV)
#   python benchmarks/bench_conv.py --escnn-python VENV_DIR/bin/python
set -euo pipefail
venv="${1:-${REPKIT_ESCNN_VENV:-/work/.venv-escnn}}"
python="${PYTHON:-python3}"
if ! command -v gfortran >/dev/null 2>&1; then
    echo "escnn_env: gfortran not found (py3nj, a dependency of escnn, needs it): apt-get install -y gfortran" >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "torch==2.13.0" "escnn==1.0.11"
"$venv/bin/python" - <<'PY'
import escnn, torch
from escnn import gspaces, nn
gs = gspaces.flipRot2dOnR2(N=4)
ftype = nn.FieldType(gs, [gs.regular_repr])
if ftype.size != 8:
    raise SystemExit(f"escnn_env: expected the regular field of D4 to have size 8, got {ftype.size}")
y = nn.R2Conv(ftype, ftype, kernel_size=3, padding=1)(nn.GeometricTensor(torch.randn(1, 8, 5, 5), ftype))
if tuple(y.tensor.shape) != (1, 8, 5, 5):
    raise SystemExit(f"escnn_env: expected an output of shape (1, 8, 5, 5), got {tuple(y.tensor.shape)}")
print(f"escnn_env: escnn {escnn.__version__} with torch {torch.__version__} ready")
PY
echo "escnn_env: python at $venv/bin/python"
