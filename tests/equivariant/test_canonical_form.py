"""`WeightBasis.from_sparse` / `from_pattern` / `load_template` accept only the canonical form (issue 12).

The canonical form (module docstring of `repkit.equivariant.basis`): reduced row echelon rows with
strictly increasing pivots, each row a primitive integer vector with a positive pivot, denominators 1,
and for cyclotomic fields every entry in its canonical coefficient encoding.
"""

from __future__ import annotations

import hashlib
import io
import pathlib
import zipfile
from fractions import Fraction
from math import gcd, lcm

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repkit as rk
from repkit.equivariant.basis import _canonical_array_bytes

W = rk.WeightBasis

# (name, shape, dim, entry_index, entry_values, row_denominators, what the message names)
DEFECTS = [
    ("two identical rows", (1, 2), 2, [0, 1, 2, 3], [1, 2, 1, 2], None, "same pivot"),
    ("two identical 0/1 rows", (1, 2), 2, [0, 1, 2, 3], [1, 1, 1, 1], None, "same pivot"),
    ("dependent rows", (1, 3), 2, [0, 1, 3, 4, 5], [1, 2, 2, 4, 1], None, "same pivot"),
    ("pivots decreasing", (1, 3), 2, [1, 2, 3], [1, 1, 1], None, "earlier pivot"),
    ("pivot column used by another row", (1, 3), 2, [0, 1, 4], [1, 1, 1], None, "reduced row echelon"),
    ("first row nonzero at the third pivot", (1, 4), 3, [0, 3, 5, 11], [1, 1, 1, 1], None, "reduced row echelon"),
    ("row not primitive", (1, 2), 1, [0, 1], [2, 4], None, "primitive"),
    ("second row not primitive", (1, 3), 2, [0, 4, 5], [1, 3, 6], None, "primitive"),
    ("first nonzero entry negative", (1, 2), 1, [0, 1], [-1, 2], None, "positive rational pivot"),
    ("denominator not 1", (1, 2), 1, [0, 1], [1, 2], [3], "row_denominators"),
]


@pytest.mark.parametrize("case", DEFECTS, ids=[c[0] for c in DEFECTS])
def test_from_sparse_rejects_non_canonical_rows(case: tuple) -> None:
    _, shape, dim, idx, val, den, word = case
    dens = None if den is None else np.array(den, np.int64)
    with pytest.raises(rk.ShapeError, match=word) as info:
        W.from_sparse(shape, dim, np.array(idx, np.int64), np.array(val, np.int64), dens)
    assert isinstance(info.value, ValueError) and "canonical form" in str(info.value)


CYCLOTOMIC_DEFECTS = [
    # Q(zeta_3): 1 = -zeta - zeta^2 has canonical row (1, 0, 0); zeta^0 + zeta + zeta^2 = 0
    ("pivot not rational", 3, [0, 1], [[0, 1, 0], [1, 0, 0]], "positive rational pivot"),
    ("pivot a negative rational", 3, [0, 1], [[-1, 0, 0], [0, 1, 0]], "positive rational pivot"),
    ("entry not canonically encoded", 3, [0, 1], [[1, 0, 0], [1, 1, 0]], "Zumbroich"),   # 1 + zeta
    ("a zero written as a nonzero row", 3, [0, 1], [[1, 0, 0], [1, 1, 1]], "Zumbroich"),
    ("coefficients with a common factor", 4, [0, 1], [[2, 0, 0, 0], [0, 2, 0, 0]], "primitive"),
]


@pytest.mark.parametrize("case", CYCLOTOMIC_DEFECTS, ids=[c[0] for c in CYCLOTOMIC_DEFECTS])
def test_from_sparse_rejects_non_canonical_cyclotomic_rows(case: tuple) -> None:
    _, field, idx, val, word = case
    with pytest.raises(rk.ShapeError, match=word):
        W.from_sparse((1, 2), 1, np.array(idx, np.int64), np.array(val, np.int64), field=field)


def test_canonical_cyclotomic_rows_are_accepted() -> None:
    B = W.from_sparse((1, 2), 1, np.array([0, 1]), np.array([[1, 0, 0, 0], [0, 1, 0, 0]]), field=4)
    assert B.dim == 1 and B.exact_matrices()[0].to_list() == [[1, rk.E(4)]]
    C = W.from_sparse((1, 2), 1, np.array([0, 1]), np.array([[1, 0, 0], [0, 0, -1]]), field=3)
    assert C.exact_matrices()[0].to_list() == [[1, 1 + rk.E(3)]]                # -zeta^2 = 1 + zeta


@pytest.mark.parametrize("pattern,signs,word", [
    ([[1, 0]], None, "first occurrence"),
    ([[0, 2, 1]], None, "first occurrence"),
    ([[0, 1], [2, 4]], None, "first occurrence"),
    ([[0, 0]], [[-1, 1]], "first occurrence"),
    ([[0, 1, 1]], [[1, -1, 1]], "first occurrence"),
    ([[0, -1]], [[1, 1]], "signs"),
    ([[0, 1]], [[1, 2]], "signs"),
], ids=["swapped", "skipped-label", "gap-in-second-row", "negative-first", "negative-first-of-second",
        "sign-on-zero", "sign-two"])
def test_from_pattern_rejects_non_canonical_patterns(pattern: list, signs: list | None, word: str) -> None:
    s = None if signs is None else np.array(signs)
    with pytest.raises(rk.ShapeError, match=word):
        W.from_pattern(np.array(pattern), s)


def _canonical_rows(M: rk.Matrix) -> list[list[int]]:
    """Reference canonical form: rref, then each row scaled to a primitive integer vector."""
    R, piv = M.rref()
    out = []
    for row in R.to_list()[:len(piv)]:
        q = [Fraction(x) for x in row]
        den = 1
        for x in q:
            den = lcm(den, x.denominator)
        ints = [int(x * den) for x in q]
        g = 0
        for z in ints:
            g = gcd(g, z)
        out.append([z // g for z in ints])
    return out


def _sparse(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    n = len(rows[0]) if rows else 0
    idx = [k * n + t for k, r in enumerate(rows) for t, z in enumerate(r) if z]
    val = [z for r in rows for z in r if z]
    return np.array(idx, np.int64), np.array(val, np.int64)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(-3, 3), min_size=5, max_size=5), min_size=1, max_size=4),
       st.sampled_from(["swap", "duplicate", "scale", "negate", "add"]))
def test_canonical_rows_pass_and_every_edit_of_them_fails(entries: list, edit: str) -> None:
    rows = _canonical_rows(rk.Matrix(entries))
    if not rows:
        return
    idx, val = _sparse(rows)
    B = W.from_sparse((1, 5), len(rows), idx, val)
    assert B.dim == len(rows)                                    # the canonical form is accepted
    bad = [list(r) for r in rows]
    if edit == "swap" and len(rows) > 1:
        bad[0], bad[1] = bad[1], bad[0]
    elif edit == "duplicate":
        bad.append(list(bad[-1]))
    elif edit == "scale":
        bad[-1] = [3 * z for z in bad[-1]]
    elif edit == "negate":
        bad[0] = [-z for z in bad[0]]
    elif edit == "add" and len(rows) > 1:
        bad[0] = [a + b for a, b in zip(bad[0], bad[1])]
    else:
        return
    idx, val = _sparse(bad)
    with pytest.raises(rk.ShapeError, match="canonical form"):
        W.from_sparse((1, 5), len(bad), idx, val)


def _bases() -> dict[str, rk.WeightBasis]:
    S3 = rk.symmetric(3)
    V = rk.natural(S3)
    R = rk.dihedral_rotation(5)
    C3 = rk.cyclic(3)
    chi = rk.cyclic_character(C3, 1)
    Q = rk.Matrix([[1, rk.E(3)], [0, 1]])
    return {
        "nullspace S3": rk.equivariant_basis(V @ V, V, method="nullspace"),
        "rotation D5": rk.equivariant_basis(R @ R, R @ R + rk.trivial(R.group), structured=False),
        "cyclotomic C3": rk.equivariant_basis((chi + rk.trivial(C3)).change_basis(Q), chi + rk.trivial(C3),
                                              structured=False),
        "structured C3": rk.equivariant_basis(2 * chi + rk.trivial(C3), chi + 2 * rk.trivial(C3)).to_weight_basis(),
        "localized": rk.equivariant_basis(R @ R, R @ R, structured=False).localize(
            np.eye(4, dtype=bool) | np.eye(4, k=1, dtype=bool) | np.eye(4, k=-1, dtype=bool)
            | np.eye(4, k=3, dtype=bool) | np.eye(4, k=-3, dtype=bool)),
    }


@pytest.fixture(scope="module")
def produced() -> dict[str, rk.WeightBasis]:
    return _bases()


@pytest.mark.parametrize("name", ["nullspace S3", "rotation D5", "cyclotomic C3", "structured C3", "localized"])
def test_what_repkit_produces_is_canonical(produced: dict, name: str) -> None:
    B = produced[name]
    idx, val, den = B._coo()
    again = W.from_sparse(B.shape, B.dim, idx, val, den, field=B.field, bias_numerators=B.bias_numerators,
                          bias_denominators=B.bias_denominators)
    assert again == B


# -- load_template ------------------------------------------------------------------------------

def _forged(path: pathlib.Path, shape: tuple[int, int], dim: int, idx: list, val: list, field: int = 1) -> None:
    """A sparse template with a correct checksum (a forger can hash too)."""
    extra = () if field == 1 else (field,)
    arrays = {"schema_version": np.array(1, np.int64), "kind": np.array("sparse"),
              "shape": np.array(shape, np.int64), "dim": np.array(dim, np.int64),
              "field": np.array(field, np.int64), "entry_index": np.array(idx, np.int64),
              "entry_values": np.array(val, np.int64).reshape((-1,) + extra),
              "row_denominators": np.ones(dim, np.int64),
              "bias_numerators": np.zeros((0, shape[0]) + extra, np.int64),
              "bias_denominators": np.zeros(0, np.int64), "metadata": np.array("{}")}
    h = hashlib.sha256(b"sparse")
    for name in sorted(set(arrays) - {"schema_version", "kind", "metadata"}):
        h.update(_canonical_array_bytes(name, arrays[name]))
    arrays["checksum"] = np.array(h.hexdigest())
    with zipfile.ZipFile(path, "w") as zf:
        for name, arr in sorted(arrays.items()):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            zf.writestr(name + ".npy", buf.getvalue())


@pytest.mark.parametrize("case", [c for c in DEFECTS if c[5] is None], ids=[c[0] for c in DEFECTS if c[5] is None])
def test_load_template_rejects_non_canonical_rows(case: tuple, tmp_path: pathlib.Path) -> None:
    _, shape, dim, idx, val, _, word = case
    path = tmp_path / "w.npz"
    _forged(path, shape, dim, idx, val)
    with pytest.raises(rk.TemplateError, match=word):
        rk.load_template(path)


def test_load_template_rejects_a_non_canonical_cyclotomic_entry(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    _forged(path, (1, 2), 1, [0, 1], [[1, 0, 0], [1, 1, 1]], field=3)
    with pytest.raises(rk.TemplateError, match="Zumbroich"):
        rk.load_template(path)


def test_load_template_rejects_two_identical_structured_rows(produced: dict, tmp_path: pathlib.Path) -> None:
    S3 = rk.symmetric(3)
    V = rk.natural(S3)
    B = rk.equivariant_basis(2 * V, V)
    assert isinstance(B, rk.StructuredBasis)
    arrays = dict(B.canonical_arrays())
    assert arrays["small_shapes"].shape[0] == 1
    d = int(arrays["small_shapes"][0, 2])
    idx, vals = arrays["small_index"], arrays["small_values"]
    size = int(arrays["small_shapes"][0, 0] * arrays["small_shapes"][0, 1])
    first = idx < size                                   # element 0, then a copy of it as element 1
    new_idx = np.concatenate([idx[first], idx[first] + size] + [idx[idx >= 2 * size]])
    new_val = np.concatenate([vals[first], vals[first]] + [vals[idx >= 2 * size]])
    assert d >= 2 and new_idx.size == np.unique(new_idx).size
    from repkit.equivariant.structured_arrays import structured_from_arrays
    arrays["small_index"], arrays["small_values"] = new_idx, new_val
    arrays["small_ptr"] = np.array([0, new_idx.size], np.int64)
    with pytest.raises(rk.ShapeError, match="same pivot"):
        structured_from_arrays(arrays, metadata={})
