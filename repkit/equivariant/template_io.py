"""Weight templates on disk: deterministic, versioned, validated ``.npz`` files.

Layout (schema version 1): an uncompressed zip archive of ``.npy`` members (no pickles), written
with fixed timestamps in sorted member order, so that equal bases give byte-identical files (and no
zlib version can change them):

==================  ======================  ==================================================
member              dtype, shape            meaning
==================  ======================  ==================================================
schema_version      int64, ()               layout version (1)
kind                unicode, ()             ``"pattern"`` or ``"sparse"``
shape               int64, (2,)             ``(m_out, m_in)``
dim                 int64, ()               number of basis elements
field               int64, ()               conductor of Q(zeta_n), 1 for Q
pattern, signs      int64 / int8, (m_out,   pattern storage: parameter index per entry (-1 =
                    m_in)                   zero) and its sign
entry_index,        int64, (nnz,) /         sparse storage: ``k m_out m_in + i m_in + j``,
entry_values,       (nnz[, n]) / (dim,)     integer numerators, row denominators
row_denominators
bias_numerators,    int64, (dim_b, m_out    exact bias basis
bias_denominators   [, n]) / (dim_b,)
float_view          float32, (dim, m_out,   the basis as float32, present when it has at most
                    m_in)                   2**24 entries
metadata            unicode, ()             JSON object of strings (version, group, reps, method)
checksum            unicode, ()             sha256 of the exact content (`WeightBasis.checksum`)
==================  ======================  ==================================================

Loading never unpickles (``allow_pickle=False``) and rejects anything that does not match:
truncated or corrupt archives, object arrays, missing or unexpected members, wrong dtypes or
shapes, a schema newer than this repkit, a checksum mismatch, or any byte that differs from the
canonical encoding of the content read (so a flipped byte anywhere, even in a zip header or the
metadata text, is caught) -- all as `TemplateError`.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tempfile
import zipfile
import zlib  # noqa: F401  (zlib.error from corrupt archives)
from typing import Any

import numpy as np

from ..errors import OptionalDependencyError, RepkitError, TemplateError
from .basis import SCHEMA_VERSION, STRUCTURED_SCHEMA_VERSION, WeightBasis
from .structured import StructuredBasis
from .structured_arrays import STRUCTURED_MEMBERS, structured_from_arrays

__all__ = ["save_template", "load_template", "save_safetensors", "FLOAT_VIEW_MAX_ENTRIES"]

#: The float32 view is stored when the dense basis has at most this many entries.
FLOAT_VIEW_MAX_ENTRIES = 1 << 24

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_COMMON = {"schema_version", "kind", "shape", "dim", "field", "bias_numerators", "bias_denominators",
           "metadata", "checksum"}
_BY_KIND = {"pattern": {"pattern", "signs"}, "sparse": {"entry_index", "entry_values", "row_denominators"}}
_DTYPES = {"schema_version": "i8", "shape": "i8", "dim": "i8", "field": "i8", "pattern": "i8",
           "signs": "i1", "entry_index": "i8", "entry_values": "i8", "row_denominators": "i8",
           "bias_numerators": "i8", "bias_denominators": "i8", "float_view": "f4"}


def _arrays(basis: WeightBasis | StructuredBasis) -> dict[str, np.ndarray]:
    out = dict(basis.canonical_arrays())
    structured = isinstance(basis, StructuredBasis)
    out["schema_version"] = np.array(STRUCTURED_SCHEMA_VERSION if structured else SCHEMA_VERSION, np.int64)
    out["kind"] = np.array(basis.kind)
    meta = {str(k): str(v) for k, v in basis.metadata.items()}
    out["metadata"] = np.array(json.dumps(meta, sort_keys=True))
    out["checksum"] = np.array(basis.checksum)
    if structured:
        return out
    m_out, m_in = basis.shape
    if basis.dim * m_out * m_in <= FLOAT_VIEW_MAX_ENTRIES and basis.is_real():
        out["float_view"] = basis.to_numpy(np.float32, max_entries=FLOAT_VIEW_MAX_ENTRIES)
    return out


def _atomic_write(path: str | os.PathLike[str], write: Any) -> None:
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".repkit-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_template(basis: WeightBasis | StructuredBasis, path: str | os.PathLike[str]) -> None:
    """Write ``basis`` to ``path`` as a template ``.npz`` (atomic: temporary file + rename).

    Parameters
    ----------
    basis : WeightBasis or StructuredBasis
        A `StructuredBasis` is written with schema 2 (``docs/export.md``), a `WeightBasis` with
        schema 1.
    path : str or PathLike
        Target file; its directory must exist. Written in full or not at all.

    Notes
    -----
    O(size of the exact arrays); deterministic bytes (fixed zip timestamps, sorted stored
    members, no pickles). The npy format: NumPy NEP 1.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save_template(B, os.path.join(d, "a.npz")); save_template(B, os.path.join(d, "b.npz"))
    ...     same = open(os.path.join(d, "a.npz"), "rb").read() == open(os.path.join(d, "b.npz"), "rb").read()
    >>> same
    True
    """
    payload = _serialize(basis)
    _atomic_write(path, lambda fh: fh.write(payload))


def _serialize(basis: WeightBasis | StructuredBasis) -> bytes:
    """The canonical bytes of a template (stored zip members, fixed headers, sorted names)."""
    arrays = _arrays(basis)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name], order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, buf.getvalue())
    return out.getvalue()


def _read_all(path: str) -> dict[str, np.ndarray]:
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"path: expected a repkit template (.npz zip archive), got a file that is "
                            f"not a zip archive: {path!r}")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: np.asarray(data[name]) for name in data.files}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError, NotImplementedError,
            struct.error) as exc:
        raise TemplateError(f"path: {path!r} is corrupt, truncated or holds pickled (object) arrays: "
                            f"{exc}") from exc


def _scalar(arrays: dict[str, np.ndarray], name: str) -> int:
    a = arrays[name]
    if a.shape != ():
        raise TemplateError(f"{name}: expected a scalar, got shape {a.shape}")
    return int(a)


def _text(arrays: dict[str, np.ndarray], name: str) -> str:
    a = arrays[name]
    if a.dtype.kind != "U" or a.shape != ():
        raise TemplateError(f"{name}: expected a unicode scalar, got {a.dtype} of shape {a.shape}")
    return str(a)


def load_template(path: str | os.PathLike[str]) -> WeightBasis | StructuredBasis:
    """Read a template written by `WeightBasis.save`, validating everything.

    Parameters
    ----------
    path : str or PathLike

    Returns
    -------
    WeightBasis or StructuredBasis
        Bit-exact copy of the saved basis (``rho_in``/``rho_out`` are None); a schema-2 file
        gives a `StructuredBasis`.

    Raises
    ------
    TemplateError
        If the file is not a zip archive, is truncated or corrupt, holds object (pickled)
        arrays, misses a member or has an unexpected one, has a wrong dtype or shape, comes from a
        future schema, its checksum does not match its content, or its bytes differ from the
        canonical encoding of that content.
    FileNotFoundError
        If there is no such file.

    Notes
    -----
    O(file size). Never unpickles (``allow_pickle=False``).

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]), metadata={"method": "orbital"})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     B.save(os.path.join(d, "w.npz")); C = load_template(os.path.join(d, "w.npz"))
    >>> C == B and np.array_equal(C.to_numpy(), B.to_numpy()) and C.metadata["method"] == "orbital"
    True
    """
    target = os.fspath(path)
    if not os.path.exists(target):
        raise FileNotFoundError(f"path: no such template file {target!r}")
    arrays = _read_all(target)
    if "schema_version" not in arrays:
        raise TemplateError(f"path: {target!r} has no 'schema_version' member; not a repkit template")
    version = _scalar(arrays, "schema_version")
    if version > STRUCTURED_SCHEMA_VERSION:
        raise TemplateError(f"schema_version: this repkit reads templates up to schema "
                            f"{STRUCTURED_SCHEMA_VERSION}, got schema {version} (written by a newer repkit)")
    if version < 1:
        raise TemplateError(f"schema_version: expected a positive version, got {version}")
    if "kind" not in arrays:
        raise TemplateError("kind: missing member 'kind'")
    kind = _text(arrays, "kind")
    if version == STRUCTURED_SCHEMA_VERSION or kind == "structured":
        return _load_structured(target, arrays, version, kind)
    if kind not in _BY_KIND:
        raise TemplateError(f"kind: expected 'pattern' or 'sparse', got {kind!r}")
    required = _COMMON | _BY_KIND[kind]
    missing = sorted(required - set(arrays))
    if missing:
        raise TemplateError(f"path: {target!r} misses the member(s) {missing}")
    unexpected = sorted(set(arrays) - required - {"float_view"})
    if unexpected:
        raise TemplateError(f"path: {target!r} has unexpected member(s) {unexpected}")
    for name, code in _DTYPES.items():
        if name in arrays and arrays[name].dtype != np.dtype(code):
            raise TemplateError(f"{name}: expected dtype {np.dtype(code)}, got {arrays[name].dtype}")
    try:
        meta = json.loads(_text(arrays, "metadata"))
    except json.JSONDecodeError as exc:
        raise TemplateError(f"metadata: expected a JSON object, got invalid JSON ({exc})") from exc
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise TemplateError("metadata: expected a JSON object of strings")
    shape = arrays["shape"]
    if shape.shape != (2,) or np.any(shape < 0):
        raise TemplateError(f"shape: expected two non-negative sizes, got {shape.tolist()}")
    m_out, m_in = int(shape[0]), int(shape[1])
    dim, field = _scalar(arrays, "dim"), _scalar(arrays, "field")
    if field < 1 or dim < 0:
        raise TemplateError(f"field, dim: expected field >= 1 and dim >= 0, got {field}, {dim}")
    try:
        if kind == "pattern":
            basis = WeightBasis.from_pattern(
                arrays["pattern"], arrays["signs"], bias_numerators=arrays["bias_numerators"],
                bias_denominators=arrays["bias_denominators"], metadata=meta)
        else:
            basis = WeightBasis.from_sparse(
                (m_out, m_in), dim, arrays["entry_index"], arrays["entry_values"],
                arrays["row_denominators"], field=field, bias_numerators=arrays["bias_numerators"],
                bias_denominators=arrays["bias_denominators"], metadata=meta)
    except RepkitError as exc:
        raise TemplateError(f"path: {target!r} holds an inconsistent basis: {exc}") from exc
    if basis.shape != (m_out, m_in) or basis.dim != dim or basis.field != field or basis.kind != kind:
        raise TemplateError(f"shape, dim, field: stored {(m_out, m_in)}, {dim}, {field} do not match the "
                            f"content {basis.shape}, {basis.dim}, {basis.field}")
    stored = _text(arrays, "checksum")
    if stored != basis.checksum:
        raise TemplateError(f"checksum: stored {stored[:16]}..., content hashes to {basis.checksum[:16]}...; "
                            f"the file is corrupt")
    if "float_view" in arrays:
        fv = arrays["float_view"]
        if fv.shape != (dim, m_out, m_in) or not np.array_equal(
                fv, basis.to_numpy(np.float32, max_entries=FLOAT_VIEW_MAX_ENTRIES)):
            raise TemplateError("float_view: does not match the exact basis")
    with open(target, "rb") as fh:
        if fh.read() != _serialize(basis):
            raise TemplateError(f"path: {target!r} differs from the canonical encoding of its own content "
                                f"(a header, timestamp, member order or layout byte was changed); the file "
                                f"is corrupt or was edited")
    return basis


def _load_structured(target: str, arrays: dict[str, np.ndarray], version: int,
                     kind: str) -> StructuredBasis:
    """The schema-2 half of `load_template` (members as in ``docs/export.md``)."""
    if version != STRUCTURED_SCHEMA_VERSION or kind != "structured":
        raise TemplateError(f"kind: schema {STRUCTURED_SCHEMA_VERSION} holds kind 'structured' only; got "
                            f"kind {kind!r} with schema {version}")
    required = STRUCTURED_MEMBERS | {"schema_version", "kind", "metadata", "checksum"}
    missing = sorted(required - set(arrays))
    if missing:
        raise TemplateError(f"path: {target!r} misses the member(s) {missing}")
    unexpected = sorted(set(arrays) - required)
    if unexpected:
        raise TemplateError(f"path: {target!r} has unexpected member(s) {unexpected}")
    try:
        meta = json.loads(_text(arrays, "metadata"))
    except json.JSONDecodeError as exc:
        raise TemplateError(f"metadata: expected a JSON object, got invalid JSON ({exc})") from exc
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise TemplateError("metadata: expected a JSON object of strings")
    try:
        basis = structured_from_arrays({k: arrays[k] for k in STRUCTURED_MEMBERS}, metadata=meta)
    except RepkitError as exc:
        raise TemplateError(f"path: {target!r} holds an inconsistent structured basis: {exc}") from exc
    stored = _text(arrays, "checksum")
    if stored != basis.checksum:
        raise TemplateError(f"checksum: stored {stored[:16]}..., content hashes to {basis.checksum[:16]}...; "
                            f"the file is corrupt")
    with open(target, "rb") as fh:
        if fh.read() != _serialize(basis):
            raise TemplateError(f"path: {target!r} differs from the canonical encoding of its own content; "
                                f"the file is corrupt or was edited")
    return basis


def save_safetensors(basis: WeightBasis, path: str | os.PathLike[str]) -> None:
    """Write the exact arrays of ``basis`` with the ``safetensors`` format (optional package).

    Parameters
    ----------
    basis : WeightBasis
    path : str or PathLike

    Raises
    ------
    OptionalDependencyError
        If the ``safetensors`` package is not installed.

    Notes
    -----
    Same exact members as the ``.npz`` layout (0-d members as shape ``(1,)``); metadata and the
    checksum go into the safetensors header. Written atomically.

    Examples
    --------
    >>> import numpy as np, importlib.util
    >>> B = WeightBasis.from_pattern(np.array([[0]]))
    >>> if importlib.util.find_spec("safetensors") is None:
    ...     try:
    ...         save_safetensors(B, "unused.safetensors")
    ...     except OptionalDependencyError as exc:
    ...         print("needs safetensors")
    ... else:
    ...     print("needs safetensors")
    needs safetensors
    """
    try:
        from safetensors.numpy import save as st_save
    except ImportError as exc:
        raise OptionalDependencyError(
            "safetensors: save_safetensors needs the optional package 'safetensors' "
            "(pip install safetensors); it is not installed") from exc
    arrays = {k: np.ascontiguousarray(v.reshape(1) if v.ndim == 0 else v)
              for k, v in basis.canonical_arrays().items()}
    header = {"kind": basis.kind, "checksum": basis.checksum, "schema_version": str(SCHEMA_VERSION),
              **{str(k): str(v) for k, v in basis.metadata.items()}}
    payload = st_save(arrays, metadata=header)
    _atomic_write(path, lambda fh: fh.write(payload))
