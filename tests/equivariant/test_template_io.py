"""Weight templates: deterministic bytes, bit-exact round trips, and every corruption rejected."""

from __future__ import annotations

import io
import json
import pathlib
import zipfile

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant.template_io import FLOAT_VIEW_MAX_ENTRIES


def _bases() -> dict[str, rk.WeightBasis]:
    S4 = rk.symmetric(4)
    V = rk.natural(S4)
    R = rk.dihedral_rotation(5)
    D5 = R.group
    C3 = rk.cyclic(3)
    chi = rk.cyclic_character(C3, 1)
    Q = rk.Matrix([[1, rk.E(3)], [0, 1]])
    return {
        "pattern S4 VV->V": rk.equivariant_basis(V @ V, V),
        "signed S4 sgnV->V": rk.equivariant_basis(rk.sign(S4) @ V, rk.sign(S4) @ V),
        "sparse D5 rot^2": rk.equivariant_basis(R @ R, R @ R + rk.trivial(D5), structured=False),
        "cyclotomic Z3": rk.equivariant_basis((chi + rk.trivial(C3)).change_basis(Q), chi + rk.trivial(C3),
                                              structured=False),
        "structured D5 2rot+1->3rot": rk.equivariant_basis(2 * R + rk.trivial(D5), 3 * R),
        "structured S4 3V+sgn->2V+1": rk.equivariant_basis(3 * V + rk.sign(S4), 2 * V + rk.trivial(S4)),
        "structured cyclotomic Z3": rk.equivariant_basis(2 * chi + rk.trivial(C3), chi + 2 * rk.trivial(C3)),
        "empty": rk.equivariant_basis(rk.sign(S4), rk.trivial(S4)),
    }


@pytest.fixture(scope="module")
def bases() -> dict[str, rk.WeightBasis]:
    return _bases()


NAMES = ["pattern S4 VV->V", "signed S4 sgnV->V", "sparse D5 rot^2", "cyclotomic Z3", "empty"]


def _assert_bit_exact(a: rk.WeightBasis, b: rk.WeightBasis) -> None:
    assert a == b
    assert a.kind == b.kind and a.shape == b.shape and a.dim == b.dim and a.field == b.field
    assert np.array_equal(a.numerators, b.numerators) and a.numerators.dtype == b.numerators.dtype
    assert np.array_equal(a.denominators, b.denominators)
    assert (a.pattern is None) == (b.pattern is None)
    if a.pattern is not None:
        assert np.array_equal(a.pattern, b.pattern)
    assert np.array_equal(a.bias_numerators, b.bias_numerators)
    assert np.array_equal(a.bias_denominators, b.bias_denominators)
    dtype = np.float32 if a.is_real() else np.complex64
    assert a.to_numpy(dtype).tobytes() == b.to_numpy(dtype).tobytes()
    assert dict(a.metadata) == dict(b.metadata)


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_is_bit_exact(bases: dict, name: str, tmp_path: pathlib.Path) -> None:
    B = bases[name]
    path = tmp_path / "w.npz"
    B.save(str(path))
    C = rk.load_template(path)
    _assert_bit_exact(B, C)
    assert C.rho_in is None and C.rho_out is None
    assert C.exact_matrices() == B.exact_matrices()


@pytest.mark.parametrize("name", NAMES)
def test_same_inputs_give_identical_bytes(name: str, tmp_path: pathlib.Path) -> None:
    first = _bases()[name]
    second = _bases()[name]                     # recomputed from scratch
    first.save(str(tmp_path / "a.npz"))
    second.save(str(tmp_path / "b.npz"))
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_save_leaves_no_temporary_files(bases: dict, tmp_path: pathlib.Path) -> None:
    bases["pattern S4 VV->V"].save(str(tmp_path / "w.npz"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npz"]


def test_npz_is_readable_by_numpy_without_pickle(bases: dict, tmp_path: pathlib.Path) -> None:
    B = bases["sparse D5 rot^2"]
    B.save(str(tmp_path / "w.npz"))
    with np.load(tmp_path / "w.npz", allow_pickle=False) as data:
        assert int(data["schema_version"]) == rk.SCHEMA_VERSION
        assert np.array_equal(data["float_view"], B.to_numpy(np.float32))
        assert str(data["checksum"]) == B.checksum


# -- corruption --------------------------------------------------------------------------------

def _members(path: pathlib.Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}


def _write_members(path: pathlib.Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _npy(array: np.ndarray, *, allow_pickle: bool = False) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, allow_pickle=allow_pickle)
    return buf.getvalue()


@pytest.fixture
def saved(bases: dict, tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "good.npz"
    bases["pattern S4 VV->V"].save(str(path))
    return path


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_file(saved: pathlib.Path, cut: float) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(rk.TemplateError):
        rk.load_template(saved)


def test_every_flipped_byte_is_detected(saved: pathlib.Path) -> None:
    data = saved.read_bytes()
    step = max(1, len(data) // 397)
    for pos in [*range(0, len(data), step), len(data) - 1]:
        bad = bytearray(data)
        bad[pos] ^= 0x5A
        saved.write_bytes(bytes(bad))
        with pytest.raises(rk.TemplateError):
            rk.load_template(saved)


def test_flipped_payload_value_fails_checksum(saved: pathlib.Path) -> None:
    members = _members(saved)
    arr = np.load(io.BytesIO(members["bias_numerators.npy"]))
    arr = arr.copy()
    arr[0, 0] += 1
    members["bias_numerators.npy"] = _npy(arr)
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="checksum"):
        rk.load_template(saved)


def test_pickled_object_array(saved: pathlib.Path) -> None:
    members = _members(saved)
    members["metadata.npy"] = _npy(np.array([{"evil": "payload"}], dtype=object), allow_pickle=True)
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="pickled"):
        rk.load_template(saved)


def test_future_schema(saved: pathlib.Path) -> None:
    members = _members(saved)
    members["schema_version.npy"] = _npy(np.array(rk.STRUCTURED_SCHEMA_VERSION + 1, np.int64))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="newer"):
        rk.load_template(saved)


def test_schema_two_holds_structured_bases_only(saved: pathlib.Path) -> None:
    members = _members(saved)
    members["schema_version.npy"] = _npy(np.array(rk.STRUCTURED_SCHEMA_VERSION, np.int64))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="structured"):
        rk.load_template(saved)


@pytest.mark.parametrize("member", ["pattern", "checksum", "metadata", "bias_numerators", "kind"])
def test_missing_member(saved: pathlib.Path, member: str) -> None:
    members = _members(saved)
    del members[member + ".npy"]
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError):
        rk.load_template(saved)


def test_unexpected_member(saved: pathlib.Path) -> None:
    members = _members(saved)
    members["extra.npy"] = _npy(np.zeros(3))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="unexpected"):
        rk.load_template(saved)


@pytest.mark.parametrize("member,dtype", [("pattern", np.int32), ("signs", np.int64),
                                          ("bias_numerators", np.float64), ("shape", np.int32)])
def test_wrong_dtype(saved: pathlib.Path, member: str, dtype: type) -> None:
    members = _members(saved)
    arr = np.load(io.BytesIO(members[member + ".npy"]))
    members[member + ".npy"] = _npy(arr.astype(dtype))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="dtype"):
        rk.load_template(saved)


def test_wrong_shape_and_inconsistent_content(saved: pathlib.Path) -> None:
    members = _members(saved)
    pat = np.load(io.BytesIO(members["pattern.npy"]))
    members["pattern.npy"] = _npy(pat[:, :-1].copy())
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError):
        rk.load_template(saved)


def test_bad_metadata_json(saved: pathlib.Path) -> None:
    members = _members(saved)
    members["metadata.npy"] = _npy(np.array("{not json"))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="JSON"):
        rk.load_template(saved)


def test_not_a_zip_and_missing_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "x.npz"
    path.write_bytes(b"hello, not a template")
    with pytest.raises(rk.TemplateError, match="zip"):
        rk.load_template(path)
    with pytest.raises(FileNotFoundError):
        rk.load_template(tmp_path / "missing.npz")


def test_edited_metadata_is_rejected(saved: pathlib.Path) -> None:
    # metadata is not in the exact checksum, but any byte off the canonical encoding is caught
    members = _members(saved)
    meta = json.loads(str(np.load(io.BytesIO(members["metadata.npy"]))))
    meta["method"] = "edited"
    members["metadata.npy"] = _npy(np.array(json.dumps(meta, sort_keys=True)))
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="canonical"):
        rk.load_template(saved)


def test_rezipped_identical_members_are_rejected(saved: pathlib.Path) -> None:
    _write_members(saved, _members(saved))      # same members, other zip headers
    with pytest.raises(rk.TemplateError, match="canonical"):
        rk.load_template(saved)


def test_float_view_is_checked_when_present(saved: pathlib.Path) -> None:
    members = _members(saved)
    fv = np.load(io.BytesIO(members["float_view.npy"])).copy()
    fv[0, 0, 0] += 0.5
    members["float_view.npy"] = _npy(fv)
    _write_members(saved, members)
    with pytest.raises(rk.TemplateError, match="float_view"):
        rk.load_template(saved)


def test_large_pattern_has_no_float_view_but_round_trips(tmp_path: pathlib.Path) -> None:
    G = rk.cyclic(300)
    V = rk.natural(G)
    B = rk.equivariant_basis(V, V)
    assert B.dim * 300 * 300 > FLOAT_VIEW_MAX_ENTRIES
    B.save(str(tmp_path / "big.npz"))
    with np.load(tmp_path / "big.npz") as data:
        assert "float_view" not in data.files
    C = rk.load_template(tmp_path / "big.npz")
    assert C == B and np.array_equal(C.pattern, B.pattern)


def test_safetensors_is_optional(bases: dict, tmp_path: pathlib.Path) -> None:
    import importlib.util

    B = bases["pattern S4 VV->V"]
    if importlib.util.find_spec("safetensors") is None:
        with pytest.raises(rk.OptionalDependencyError, match="safetensors"):
            B.save_safetensors(str(tmp_path / "w.safetensors"))
        assert not (tmp_path / "w.safetensors").exists()
    else:
        B.save_safetensors(str(tmp_path / "w.safetensors"))
        from safetensors.numpy import load_file

        data = load_file(str(tmp_path / "w.safetensors"))
        assert np.array_equal(data["pattern"], B.pattern)
