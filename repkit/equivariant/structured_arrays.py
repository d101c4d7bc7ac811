"""The exact content of a `StructuredBasis` as named integer arrays, and back (schema 2).

These arrays are the members of a schema-2 template (``docs/export.md`` specifies each one); the
checksum of a structured basis is computed from them, so a basis and its reloaded copy compare
equal exactly when their arrays are equal.

Examples
--------
>>> import repkit as rk
>>> V = rk.natural(rk.symmetric(3))
>>> B = rk.equivariant_basis(2 * V, V + rk.trivial(V.group))
>>> arrays = structured_to_arrays(B)
>>> arrays["blocks"].tolist()        # out, in, small, out_offset, in_offset, param_offset
[[0, 0, 0, 0, 0, 0], [1, 0, 1, 3, 0, 4]]
>>> structured_from_arrays(arrays) == B
True
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

import numpy as np

from ..errors import RepkitError, ShapeError
from .basis import WeightBasis
from .structured import StructuredBasis, _lift_values

__all__ = ["structured_to_arrays", "structured_from_arrays", "STRUCTURED_MEMBERS"]

#: The array members of a structured basis (besides schema_version, kind, metadata, checksum).
STRUCTURED_MEMBERS = frozenset({
    "shape", "dim", "bias_dim", "field", "in_components", "out_components", "blocks",
    "small_shapes", "small_ptr", "small_index", "small_values", "small_denominators",
    "bias_blocks", "bias_ptr", "bias_numerators", "bias_denominators",
})


def _weights_key(b: WeightBasis, field: int) -> bytes:
    idx, val, den = b._coo()
    h = hashlib.sha256(repr((b.shape, b.dim)).encode())
    for a in (idx, _lift_values(val, b.field, field), den):
        h.update(np.ascontiguousarray(a, np.int64).tobytes())
    return h.digest()


def _i64(a: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    out = np.array(a, dtype=np.int64, order="C")
    if shape is not None:
        out = out.reshape(shape)
    out.setflags(write=False)
    return out


def structured_to_arrays(basis: StructuredBasis) -> dict[str, np.ndarray]:
    """The canonical arrays of ``basis`` (see ``docs/export.md``, schema 2).

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(3))
    >>> structured_to_arrays(rk.equivariant_basis(V, 2 * V))["out_components"].tolist()
    [[3, 2]]
    """
    field = basis.field
    extra = () if field == 1 else (field,)
    keys: dict[bytes, int] = {}
    shapes, ptr, idx_parts, val_parts, den_parts = [], [0], [], [], []
    rows = []
    for b in basis.blocks:
        key = _weights_key(b.basis, field)
        if key not in keys:
            keys[key] = len(keys)
            idx, val, den = b.basis._coo()
            shapes.append((*b.basis.shape, b.basis.dim))
            idx_parts.append(idx)
            val_parts.append(_lift_values(val, b.basis.field, field))
            den_parts.append(den)
            ptr.append(ptr[-1] + idx.size)
        rows.append((b.out_index, b.in_index, keys[key], b.out_offset, b.in_offset, b.param_offset))
    bias_rows, bias_ptr, bias_num, bias_den = [], [0], [], []
    for bb in basis.bias_blocks:
        bias_rows.append((bb.out_offset, bb.dim, bb.param_offset))
        f_from = 1 if bb.numerators.ndim == 2 else int(bb.numerators.shape[-1])
        num = _lift_values(bb.numerators, f_from, field)
        bias_num.append(num.reshape((-1,) + extra))
        bias_den.append(bb.denominators)
        bias_ptr.append(bias_ptr[-1] + num.shape[0] * num.shape[1])
    cat = (lambda parts, tail: _i64(np.concatenate(parts)) if parts
           else _i64(np.zeros((0,) + tail, np.int64)))
    return {
        "shape": _i64(basis.shape),
        "dim": _i64(basis.dim),
        "bias_dim": _i64(basis.bias_dim),
        "field": _i64(field),
        "in_components": _i64(basis.in_components, (-1, 2)),
        "out_components": _i64(basis.out_components, (-1, 2)),
        "blocks": _i64(rows, (-1, 6)) if rows else _i64(np.zeros((0, 6))),
        "small_shapes": _i64(shapes, (-1, 3)) if shapes else _i64(np.zeros((0, 3))),
        "small_ptr": _i64(ptr),
        "small_index": cat(idx_parts, ()),
        "small_values": cat(val_parts, extra),
        "small_denominators": cat(den_parts, ()),
        "bias_blocks": _i64(bias_rows, (-1, 3)),
        "bias_ptr": _i64(bias_ptr),
        "bias_numerators": cat(bias_num, extra),
        "bias_denominators": cat(bias_den, ()),
    }


def _require(cond: bool, name: str, message: str) -> None:
    if not cond:
        raise ShapeError(f"{name}: {message}")


def structured_from_arrays(arrays: Mapping[str, np.ndarray], *,
                           metadata: Mapping[str, str] | None = None) -> StructuredBasis:
    """Rebuild a `StructuredBasis` from its arrays, validating every one.

    Parameters
    ----------
    arrays : mapping of str to numpy.ndarray
        The members listed in ``STRUCTURED_MEMBERS`` (int64).
    metadata : mapping, optional

    Returns
    -------
    StructuredBasis

    Raises
    ------
    ShapeError
        If a member is missing, of the wrong shape, or inconsistent with the others (offsets,
        pointers, small bases that are not in canonical form, ...).

    Notes
    -----
    O(total size of the arrays); the small bases are validated by `WeightBasis.from_sparse`.

    Examples
    --------
    >>> import repkit as rk
    >>> V = rk.natural(rk.symmetric(4))
    >>> B = rk.equivariant_basis(3 * V, 2 * V)
    >>> structured_from_arrays(B.canonical_arrays()).dim == B.dim == 12
    True
    """
    missing = sorted(STRUCTURED_MEMBERS - set(arrays))
    _require(not missing, "arrays", f"missing member(s) {missing}")
    a = {k: np.asarray(arrays[k]) for k in STRUCTURED_MEMBERS}
    for k, v in a.items():
        _require(v.dtype == np.int64, k, f"expected int64, got {v.dtype}")
    for k in ("dim", "bias_dim", "field"):
        _require(a[k].shape == (), k, f"expected a scalar, got shape {a[k].shape}")
    field = int(a["field"])
    _require(field >= 1, "field", f"expected a conductor >= 1, got {field}")
    extra = () if field == 1 else (field,)
    ins, outs = a["in_components"], a["out_components"]
    for k, comps in (("in_components", ins), ("out_components", outs)):
        _require(comps.ndim == 2 and comps.shape[1] == 2 and comps.shape[0] >= 1
                 and bool(np.all(comps >= 1)), k, "expected (n, 2) positive (dim, multiplicity) rows")
    shapes, ptr = a["small_shapes"], a["small_ptr"]
    _require(shapes.ndim == 2 and shapes.shape[1] == 3 and bool(np.all(shapes >= 0)), "small_shapes",
             "expected (n_small, 3) non-negative rows")
    n_small = shapes.shape[0]
    _require(ptr.shape == (n_small + 1,) and int(ptr[0]) == 0 and bool(np.all(np.diff(ptr) >= 0))
             and int(ptr[-1]) == a["small_index"].shape[0], "small_ptr",
             "expected n_small + 1 non-decreasing pointers from 0 to len(small_index)")
    _require(a["small_index"].ndim == 1, "small_index", "expected a 1-d array")
    _require(a["small_values"].shape == a["small_index"].shape + extra, "small_values",
             f"expected shape {a['small_index'].shape + extra}, got {a['small_values'].shape}")
    dcum = np.concatenate([[0], np.cumsum(shapes[:, 2])]).astype(np.int64)
    _require(a["small_denominators"].shape == (int(dcum[-1]),), "small_denominators",
             f"expected {int(dcum[-1])} entries (the sum of the small dims)")
    bias_blocks, bptr = a["bias_blocks"], a["bias_ptr"]
    _require(bias_blocks.shape == (outs.shape[0], 3), "bias_blocks",
             f"expected shape ({outs.shape[0]}, 3), got {bias_blocks.shape}")
    _require(bptr.shape == (outs.shape[0] + 1,) and int(bptr[0]) == 0
             and int(bptr[-1]) == a["bias_numerators"].shape[0], "bias_ptr",
             "expected n_out + 1 pointers from 0 to len(bias_numerators)")
    _require(a["bias_numerators"].shape[1:] == extra, "bias_numerators",
             f"expected a trailing shape {extra}, got {a['bias_numerators'].shape[1:]}")
    cb = bias_blocks[:, 1]
    _require(bool(np.all(cb >= 0)) and a["bias_denominators"].shape == (int(cb.sum()),),
             "bias_denominators", "expected one entry per small bias vector")
    try:
        weights = []
        for s in range(n_small):
            mo, mi, d = (int(x) for x in shapes[s])
            lo, hi = int(ptr[s]), int(ptr[s + 1])
            vals = a["small_values"][lo:hi]
            weights.append((mo, mi, d, a["small_index"][lo:hi], vals,
                            a["small_denominators"][int(dcum[s]):int(dcum[s + 1])]))
        small: dict[tuple[int, int], WeightBasis] = {}
        biases = []
        cden = np.concatenate([[0], np.cumsum(cb)]).astype(np.int64)
        for j, (mj, _) in enumerate(outs):
            c = int(cb[j])
            lo, hi = int(bptr[j]), int(bptr[j + 1])
            _require(hi - lo == c * int(mj), "bias_ptr", f"component {j}: expected {c}*{int(mj)} entries")
            num = a["bias_numerators"][lo:hi].reshape((c, int(mj)) + extra)
            biases.append((num, a["bias_denominators"][int(cden[j]):int(cden[j + 1])]))
        blocks = a["blocks"]
        _require(blocks.ndim == 2 and blocks.shape[1] == 6, "blocks", "expected (n_blocks, 6) rows")
        seen = {}
        for row in blocks:
            j, i, s = int(row[0]), int(row[1]), int(row[2])
            _require(0 <= j < outs.shape[0] and 0 <= i < ins.shape[0] and 0 <= s < n_small, "blocks",
                     f"row {row.tolist()} names a component or small basis that does not exist")
            _require((j, i) not in seen, "blocks", f"the pair {(j, i)} appears twice")
            seen[(j, i)] = s
        for j, (mj, _) in enumerate(outs):
            num, den = biases[j]
            for i, (mi, _) in enumerate(ins):
                s = seen.get((j, i))
                if s is None:
                    small[(j, i)] = WeightBasis.from_sparse(
                        (int(mj), int(mi)), 0, np.zeros(0, np.int64),
                        np.zeros((0,) + extra, np.int64), field=field,
                        bias_numerators=num, bias_denominators=den)
                    continue
                mo, m_i, d, idx, vals, dens = weights[s]
                _require((mo, m_i) == (int(mj), int(mi)) and d >= 1, "small_shapes",
                         f"small basis {s} has shape {(mo, m_i, d)}, expected ({int(mj)}, {int(mi)}, d >= 1)")
                small[(j, i)] = WeightBasis.from_sparse((mo, m_i), d, idx, vals, dens, field=field,
                                                        bias_numerators=num, bias_denominators=den)
    except RepkitError as exc:
        raise ShapeError(f"arrays: inconsistent structured basis: {exc}") from exc
    basis = StructuredBasis.assemble(tuple(map(tuple, ins.tolist())), tuple(map(tuple, outs.tolist())),
                                     small, metadata=metadata)
    stored = {k: a[k] for k in ("shape", "dim", "bias_dim", "blocks", "bias_blocks")}
    rebuilt = structured_to_arrays(basis)
    for k, v in stored.items():
        _require(np.array_equal(v, rebuilt[k]), k, "does not match the layout implied by the other members")
    _require(int(rebuilt["field"]) == field or basis.dim == 0, "field",
             f"stored {field}, the content needs {int(rebuilt['field'])}")
    return basis
