"""Templates are read like untrusted input and written like a careful tool (issue 13, items 2 and 3)."""

from __future__ import annotations

import hashlib
import io
import os
import pathlib
import stat
import zipfile

import numpy as np
import pytest

import repkit as rk
from repkit.equivariant._file_io import atomic_write
from repkit.equivariant.basis import _canonical_array_bytes

POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, modes and symlinks are POSIX features")


@pytest.fixture
def basis() -> rk.WeightBasis:
    return rk.equivariant_basis(rk.natural(rk.symmetric(3)), rk.natural(rk.symmetric(3)))


def _write_zip(path: pathlib.Path, arrays: dict[str, np.ndarray], *, compression: int = zipfile.ZIP_STORED) -> None:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=True)
            zf.writestr(name + ".npy", buf.getvalue())


def _sparse_members(shape: tuple[int, int], value: int) -> dict[str, np.ndarray]:
    """A tiny sparse template declaring a huge shape, with a correct checksum (the attacker can hash too)."""
    arrays = {"schema_version": np.array(1, np.int64), "kind": np.array("sparse"),
              "shape": np.array(shape, np.int64), "dim": np.array(1, np.int64), "field": np.array(1, np.int64),
              "entry_index": np.array([0], np.int64), "entry_values": np.array([value], np.int64),
              "row_denominators": np.array([1], np.int64),
              "bias_numerators": np.zeros((0, shape[0]), np.int64), "bias_denominators": np.zeros(0, np.int64),
              "metadata": np.array("{}")}
    h = hashlib.sha256(b"sparse")
    for name in sorted(["shape", "dim", "field", "bias_numerators", "bias_denominators", "entry_index",
                        "entry_values", "row_denominators"]):
        h.update(_canonical_array_bytes(name, arrays[name]))
    arrays["checksum"] = np.array(h.hexdigest())
    return arrays


# -- reading ------------------------------------------------------------------------------------

@POSIX
def test_fifo_is_refused_without_blocking(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)
    with pytest.raises(rk.TemplateError, match="FIFO"):
        rk.load_template(fifo)


@POSIX
@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(path: str) -> None:
    with pytest.raises(rk.TemplateError, match="character device"):
        rk.load_template(path)


def test_directory_missing_file_and_bad_paths(tmp_path: pathlib.Path) -> None:
    with pytest.raises(rk.TemplateError, match="directory"):
        rk.load_template(tmp_path)
    with pytest.raises(rk.TemplateNotFoundError) as info:
        rk.load_template(tmp_path / "missing.npz")
    assert isinstance(info.value, FileNotFoundError) and "missing.npz" in str(info.value)
    for bad, word in [(b"w.npz", "bytes"), ("a\0b.npz", "NUL"), ("", "empty"), (3, "int")]:
        with pytest.raises(rk.TemplateError, match=word):
            rk.load_template(bad)  # type: ignore[arg-type]


def test_size_cap_is_checked_before_reading(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    basis.save(str(path))
    size = path.stat().st_size
    with pytest.raises(rk.TemplateError, match=f"{size} bytes.*max_bytes={size - 1}"):
        rk.load_template(path, max_bytes=size - 1)
    assert rk.load_template(path, max_bytes=size) == basis


def test_compressed_members_are_never_decompressed(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    basis.save(str(path))
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    _write_zip(path, arrays, compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(rk.TemplateError, match="compressed"):
        rk.load_template(path)


def test_member_names_are_checked_before_reading(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/evil.npy", b"\0" * 100)
    with pytest.raises(rk.TemplateError, match="unexpected member"):
        rk.load_template(path)


def test_encrypted_flag_is_a_template_error(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    basis.save(str(path))
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x01\x02")          # last central-directory entry: set its 'encrypted' bit
    data[cd + 8] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(rk.TemplateError, match="encrypted"):
        rk.load_template(path)


def test_declared_shape_larger_than_member_is_refused_before_allocation(tmp_path: pathlib.Path) -> None:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<i8", "fortran_order": False,
                                                  "shape": (1 << 40, 1 << 10)})
    path = tmp_path / "w.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pattern.npy", header.getvalue() + b"\0" * 64)
    with pytest.raises(rk.TemplateError, match="declares shape"):
        rk.load_template(path)


@pytest.mark.parametrize("value", [1, 2])
def test_huge_declared_sparse_shape_with_valid_checksum(tmp_path: pathlib.Path, value: int) -> None:
    # value 1: would become an O(m_out m_in) pattern -- refused as non-canonical, without allocating it;
    # value 2: a genuine sparse basis of a huge space, loaded in O(nnz) memory.
    path = tmp_path / "w.npz"
    _write_zip(path, _sparse_members((1 << 20, 1 << 20), value))
    assert path.stat().st_size < 16_000
    with pytest.raises(rk.TemplateError, match="sharing pattern" if value == 1 else "canonical"):
        rk.load_template(path)


@pytest.mark.parametrize("bad", [np.array(np.nan), np.array(np.inf), np.array(1 + 2j), np.array("1"),
                                 np.array([1, 2], np.int64), np.array(1, np.int32)],
                         ids=["nan", "inf", "complex", "str", "vector", "int32"])
def test_schema_version_of_any_type_is_a_template_error(tmp_path: pathlib.Path, bad: np.ndarray) -> None:
    arrays = _sparse_members((2, 2), 2)
    arrays["schema_version"] = bad
    path = tmp_path / "w.npz"
    _write_zip(path, arrays)
    with pytest.raises(rk.TemplateError, match="schema_version"):
        rk.load_template(path)


@pytest.mark.parametrize("text", ["[" * 200_000, '{"a":' * 200_000], ids=["list", "object"])
def test_deep_json_metadata(tmp_path: pathlib.Path, text: str) -> None:
    arrays = _sparse_members((2, 2), 2)
    arrays["metadata"] = np.array(text)
    path = tmp_path / "w.npz"
    _write_zip(path, arrays)
    with pytest.raises(rk.TemplateError, match="metadata"):
        rk.load_template(path)


def test_object_member_is_refused_from_its_header(tmp_path: pathlib.Path) -> None:
    arrays = _sparse_members((2, 2), 2)
    arrays["metadata"] = np.array([{"x": 1}], dtype=object)
    path = tmp_path / "w.npz"
    _write_zip(path, arrays)
    with pytest.raises(rk.TemplateError, match="pickled"):
        rk.load_template(path)


# -- writing ------------------------------------------------------------------------------------

@POSIX
@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_honour_the_umask(basis: rk.WeightBasis, tmp_path: pathlib.Path, umask: int,
                                    expected: int) -> None:
    old = os.umask(umask)
    try:
        basis.save(str(tmp_path / "w.npz"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "w.npz").stat().st_mode) == expected


@POSIX
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_overwriting_keeps_the_mode(basis: rk.WeightBasis, tmp_path: pathlib.Path, mode: int) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(b"old")
    path.chmod(mode)
    basis.save(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == mode and rk.load_template(path) == basis


@POSIX
def test_symlinks_are_refused_and_their_target_untouched(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    target = tmp_path / "real.npz"
    target.write_bytes(b"keep me")
    link = tmp_path / "link.npz"
    link.symlink_to(target)
    with pytest.raises(rk.FileWriteError, match="symbolic link"):
        basis.save(str(link))
    assert link.is_symlink() and target.read_bytes() == b"keep me"
    dangling = tmp_path / "dangling.npz"
    dangling.symlink_to(tmp_path / "nowhere.npz")
    with pytest.raises(rk.FileWriteError, match="symbolic link"):
        basis.save(str(dangling))
    assert not (tmp_path / "nowhere.npz").exists()


@POSIX
def test_non_regular_targets_are_refused(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)
    for target, word in [(fifo, "FIFO"), (tmp_path, "directory"), (pathlib.Path("/dev/null"), "device")]:
        with pytest.raises(rk.FileWriteError, match=word) as info:
            basis.save(str(target))
        assert isinstance(info.value, OSError)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("bad,word", [("nodir/w.npz", "does not exist"), ("a\0b.npz", "NUL"),
                                      (b"w.npz", "bytes"), ("", "empty"), ("sub/", "directory")],
                         ids=["missing-dir", "nul", "bytes", "empty", "trailing-sep"])
def test_every_save_failure_is_a_file_write_error(basis: rk.WeightBasis, tmp_path: pathlib.Path,
                                                  monkeypatch: pytest.MonkeyPatch, bad: object,
                                                  word: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(rk.FileWriteError, match=word):
        basis.save(bad)  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []


def test_temp_file_removed_on_every_failure(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(b"old")

    def fail(exc: BaseException):
        def write(fh):
            fh.write(b"x" * 1000)
            raise exc
        return write

    for exc in (KeyboardInterrupt(), OSError(28, "No space left on device"), ValueError("bug")):
        with pytest.raises((type(exc), rk.FileWriteError)):
            atomic_write(str(path), fail(exc))
        assert sorted(os.listdir(tmp_path)) == ["w.npz"] and path.read_bytes() == b"old"


@POSIX
def test_stale_temp_files_of_dead_saves_are_cleaned(basis: rk.WeightBasis, tmp_path: pathlib.Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    stale = tmp_path / f".w.npz.{pid}.0123abcd.repkit-tmp"
    stale.write_bytes(b"partial")
    live = tmp_path / f".w.npz.{os.getpid()}.0123abcd.repkit-tmp"     # a save in progress is kept
    live.write_bytes(b"in progress")
    other = tmp_path / f".v.npz.{pid}.0123abcd.repkit-tmp"            # another target's is kept
    other.write_bytes(b"other")
    basis.save(str(tmp_path / "w.npz"))
    assert not stale.exists() and live.exists() and other.exists()


def test_structured_template_with_huge_declared_small_bases(tmp_path: pathlib.Path) -> None:
    V = rk.natural(rk.symmetric(3))
    S = rk.equivariant_basis(2 * V, 2 * V)          # a StructuredBasis (schema 2)
    path = tmp_path / "s.npz"
    S.save(str(path))
    assert rk.load_template(path) == S
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    shapes = arrays["small_shapes"].copy()
    shapes[:, :2] = 1 << 20                          # 2**40 entries per small basis, in a few bytes
    arrays["small_shapes"] = shapes
    _write_zip(path, arrays)
    with pytest.raises(rk.TemplateError, match="small_shapes"):
        rk.load_template(path)
