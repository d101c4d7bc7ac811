"""Read a repkit weight template with NumPy alone and build the weight matrix from parameters.

Written from the format tables of docs/export.md (schema 1 `pattern` and `sparse`, schema 2
`structured`, rational and cyclotomic fields), without importing repkit: this is what a user of
another framework writes. The test suite runs it in a separate process and compares its output
with repkit's own ``apply``.

Usage::

    python numpy_template_reader.py TEMPLATE.npz THETA.npy W_OUT.npy [THETA_B.npy B_OUT.npy]

prints the template's kind, shape and parameter counts, and saves ``W`` (and the bias ``b``).
Run without arguments it demonstrates itself: repkit writes a structured template (4 channels of
the natural representation of S_5 plus a scalar), the reader runs on it in a fresh process that
never imports repkit, and the result is compared with repkit's ``apply``.
"""

from __future__ import annotations

import json
import sys

import numpy as np


def load(path: str) -> dict[str, np.ndarray]:
    """Every member of the template, as NumPy arrays (never unpickles)."""
    with np.load(path, allow_pickle=False) as z:
        return {name: np.asarray(z[name]) for name in z.files}


def _values(numerators: np.ndarray, field: int) -> np.ndarray:
    """Exact numerators to floats: a trailing coefficient axis of length n becomes a complex value."""
    if field == 1:
        return numerators.astype(np.float64)
    units = np.exp(2j * np.pi * np.arange(field) / field)
    values = numerators.astype(np.float64) @ units
    return values.real if np.allclose(values.imag, 0.0) else values


def _sparse_elements(shape: tuple[int, int], dim: int, index: np.ndarray, values: np.ndarray,
                     denominators: np.ndarray) -> np.ndarray:
    """A dense (dim, m_out, m_in) basis from sorted nonzero entries."""
    m_out, m_in = shape
    out = np.zeros((dim * m_out * m_in,), values.dtype)
    size = m_out * m_in
    out[index] = values / denominators[index // size]
    return out.reshape(dim, m_out, m_in)


def weights(t: dict[str, np.ndarray], theta: np.ndarray) -> np.ndarray:
    """``W`` for parameters ``theta`` (the layer's free weights, in the template's order)."""
    kind = str(t["kind"])
    m_out, m_in = (int(x) for x in t["shape"])
    field = int(t["field"])
    if kind == "pattern":
        pattern, signs = t["pattern"], t["signs"]
        return np.where(pattern >= 0, theta[np.maximum(pattern, 0)] * signs, 0.0)
    if kind == "sparse":
        basis = _sparse_elements((m_out, m_in), int(t["dim"]), t["entry_index"],
                                 _values(t["entry_values"], field), t["row_denominators"])
        return np.einsum("k,kij->ij", theta, basis)
    if kind != "structured":
        raise ValueError(f"kind: expected pattern, sparse or structured, got {kind!r}")
    shapes, ptr = t["small_shapes"], t["small_ptr"]
    den_start = np.concatenate([[0], np.cumsum(shapes[:, 2])])
    smalls = []
    for s in range(shapes.shape[0]):
        mj, mi, d = (int(x) for x in shapes[s])
        lo, hi = int(ptr[s]), int(ptr[s + 1])
        dens = t["small_denominators"][den_start[s]:den_start[s + 1]]
        smalls.append(_sparse_elements((mj, mi), d, t["small_index"][lo:hi],
                                       _values(t["small_values"][lo:hi], field), dens))
    W = np.zeros((m_out, m_in), np.result_type(theta.dtype, *(B.dtype for B in smalls)))
    comps_out, comps_in = t["out_components"], t["in_components"]
    for j, i, s, out_offset, in_offset, p0 in t["blocks"]:
        K, k = int(comps_out[j, 1]), int(comps_in[i, 1])
        B = smalls[s]
        d, mj, mi = B.shape
        block = theta[p0:p0 + K * k * d].reshape(K, k, d)
        W[out_offset:out_offset + K * mj, in_offset:in_offset + k * mi] = (
            np.einsum("abt,trc->arbc", block, B).reshape(K * mj, k * mi))
    return W


def bias(t: dict[str, np.ndarray], theta_b: np.ndarray) -> np.ndarray:
    """The bias ``b`` for bias parameters ``theta_b``."""
    kind = str(t["kind"])
    field = int(t["field"])
    m_out = int(t["shape"][0])
    if kind in ("pattern", "sparse"):
        vectors = _values(t["bias_numerators"], field) / t["bias_denominators"][:, None]
        return theta_b @ vectors if vectors.size else np.zeros(m_out)
    b = np.zeros(m_out, np.result_type(theta_b.dtype, _values(t["bias_numerators"], field).dtype))
    den_start = np.concatenate([[0], np.cumsum(t["bias_blocks"][:, 1])])
    for j, (out_offset, c, p0) in enumerate(t["bias_blocks"]):
        mj, K = (int(x) for x in t["out_components"][j])
        lo, hi = int(t["bias_ptr"][j]), int(t["bias_ptr"][j + 1])
        if c == 0:
            continue
        vectors = _values(t["bias_numerators"][lo:hi], field).reshape(c, mj)
        vectors = vectors / t["bias_denominators"][den_start[j]:den_start[j + 1]][:, None]
        coeffs = theta_b[p0:p0 + K * c].reshape(K, c)
        b[out_offset:out_offset + K * mj] = (coeffs @ vectors).reshape(-1)
    return b


def demo() -> int:
    """Save a template with repkit, read it back here in a process without repkit, compare."""
    import os
    import subprocess
    import tempfile

    import repkit as rk  # only the demo uses repkit; the reader above never does

    G = rk.symmetric(5)
    V = rk.natural(G)
    B = rk.equivariant_basis(4 * V + rk.trivial(G), 4 * V)
    rng = np.random.default_rng(0)
    theta, theta_b = rng.standard_normal(B.dim), rng.standard_normal(B.bias_dim)
    with tempfile.TemporaryDirectory() as d:
        paths = [os.path.join(d, n) for n in ("t.npz", "theta.npy", "W.npy", "theta_b.npy", "b.npy")]
        B.save(paths[0])
        np.save(paths[1], theta)
        np.save(paths[3], theta_b)
        code = ("import runpy, sys; m = runpy.run_path(sys.argv[1]); rc = m['main'](sys.argv[2:]); "
                "sys.exit(rc if 'repkit' not in sys.modules else 3)")
        done = subprocess.run([sys.executable, "-I", "-c", code, __file__, paths[0], paths[1], paths[2],
                               paths[3], paths[4]], capture_output=True, text=True, cwd=d)
        print(done.stdout.strip())
        W, b = np.load(paths[2]), np.load(paths[4])
    W_ref, b_ref = B.apply(theta, theta_b)
    claims = {
        "the reader ran without importing repkit": done.returncode == 0,
        f"W ({W.shape[0]} x {W.shape[1]}) equals repkit's apply": bool(np.allclose(W, W_ref, atol=1e-12)),
        "b equals repkit's apply": bool(np.allclose(b, b_ref, atol=1e-12)),
        f"{B.dim} weights from {len(B.blocks)} small blocks": B.dim == 4 * 4 * 2 + 4 * 1,
    }
    for claim, ok in claims.items():
        print(f"{'ok' if ok else 'FAILED'}: {claim}")
    if not all(claims.values()):
        return 1
    print("all claims hold")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        return demo()
    if len(argv) not in (3, 5):
        print(__doc__.split("Usage::")[1].strip().splitlines()[0].strip(), file=sys.stderr)
        return 2
    t = load(argv[0])
    theta = np.load(argv[1], allow_pickle=False)
    meta = json.loads(str(t["metadata"]))
    n_bias = int(t["bias_dim"]) if "bias_dim" in t else int(t["bias_numerators"].shape[0])
    print(f"kind={t['kind']} schema={int(t['schema_version'])} shape={tuple(int(x) for x in t['shape'])} "
          f"weights={int(t['dim'])} biases={n_bias} group={meta.get('group', '?')}")
    np.save(argv[2], weights(t, theta))
    if len(argv) == 5:
        np.save(argv[4], bias(t, np.load(argv[3], allow_pickle=False)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
