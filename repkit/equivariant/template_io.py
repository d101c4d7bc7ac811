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
import zipfile
from typing import Any

import numpy as np

from ..errors import OptionalDependencyError, RepkitError, TemplateError
from ._file_io import DEFAULT_MAX_TEMPLATE_BYTES, MemberSpec, atomic_write, read_npz_members, read_regular_file
from .basis import DEFAULT_MAX_ENTRIES, SCHEMA_VERSION, STRUCTURED_SCHEMA_VERSION, WeightBasis, content_checksum
from .structured import StructuredBasis
from .structured_arrays import STRUCTURED_MEMBERS, structured_from_arrays

__all__ = ["save_template", "load_template", "save_safetensors", "FLOAT_VIEW_MAX_ENTRIES",
           "DEFAULT_MAX_TEMPLATE_BYTES"]

#: The float32 view is stored when the dense basis has at most this many entries.
FLOAT_VIEW_MAX_ENTRIES = 1 << 24

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_COMMON = {"schema_version", "kind", "shape", "dim", "field", "bias_numerators", "bias_denominators",
           "metadata", "checksum"}
_BY_KIND = {"pattern": {"pattern", "signs"}, "sparse": {"entry_index", "entry_values", "row_denominators"}}
#: What each member may hold, checked from the ``.npy`` header before its data is read (every
#: schema's members; which are required depends on the schema and kind).
_MEMBERS = {
    "schema_version": MemberSpec("i8", (0,)), "kind": MemberSpec("U", (0,), 16),
    "shape": MemberSpec("i8", (1,)), "dim": MemberSpec("i8", (0,)), "field": MemberSpec("i8", (0,)),
    "pattern": MemberSpec("i8", (2,)), "signs": MemberSpec("i1", (2,)),
    "entry_index": MemberSpec("i8", (1,)), "entry_values": MemberSpec("i8", (1, 2)),
    "row_denominators": MemberSpec("i8", (1,)), "bias_numerators": MemberSpec("i8", (2, 3)),
    "bias_denominators": MemberSpec("i8", (1,)), "float_view": MemberSpec("f4", (3,)),
    "metadata": MemberSpec("U", (0,), 1 << 20), "checksum": MemberSpec("U", (0,), 64),
    # schema 2 (structured; bias_numerators is then (n,) or (n, field))
    "bias_dim": MemberSpec("i8", (0,)), "in_components": MemberSpec("i8", (2,)),
    "out_components": MemberSpec("i8", (2,)), "blocks": MemberSpec("i8", (2,)),
    "small_shapes": MemberSpec("i8", (2,)), "small_ptr": MemberSpec("i8", (1,)),
    "small_index": MemberSpec("i8", (1,)), "small_values": MemberSpec("i8", (1, 2)),
    "small_denominators": MemberSpec("i8", (1,)), "bias_blocks": MemberSpec("i8", (2,)),
    "bias_ptr": MemberSpec("i8", (1,)),
}
_MEMBERS["bias_numerators"] = MemberSpec("i8", (1, 2, 3))


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
    """Write through a temporary file and a rename; see `repkit.equivariant._file_io.atomic_write`."""
    atomic_write(path, write)


def save_template(basis: WeightBasis | StructuredBasis, path: str | os.PathLike[str]) -> None:
    """Write ``basis`` to ``path`` as a template ``.npz`` (atomic: temporary file + rename).

    Parameters
    ----------
    basis : WeightBasis or StructuredBasis
        A `StructuredBasis` is written with schema 2 (``docs/export.md``), a `WeightBasis` with
        schema 1.
    path : str or PathLike
        Target file; its directory must exist. Written in full or not at all, through a temporary
        file in the same directory; a symbolic link or a non-regular target is refused, an
        existing file keeps its mode, a new one gets ``0666 & ~umask`` (see docs/limits.md).

    Raises
    ------
    FileWriteError
        If the path cannot be written safely (missing directory, directory, symlink, device,
        NUL byte, bytes path, an operating-system failure); the message names the path and cause.

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


def _read_all(path: str | os.PathLike[str], max_bytes: int) -> tuple[str, bytes, dict[str, np.ndarray]]:
    """The path, the bytes and the checked members of a template file (nothing decompressed)."""
    target, data = read_regular_file(path, max_bytes=max_bytes)
    return target, data, read_npz_members(data, _MEMBERS, path=target)


def _raw_checksum(kind: str, arrays: dict[str, np.ndarray]) -> str:
    """`WeightBasis.checksum` computed from the members read, before any basis is built."""
    names = ["shape", "dim", "field", "bias_numerators", "bias_denominators", *sorted(_BY_KIND[kind])]
    return content_checksum(kind, {name: arrays[name] for name in names})


def _pattern_shaped_sparse(arrays: dict[str, np.ndarray], size: int) -> bool:
    """Whether sparse members describe a sharing pattern (which `save` would have stored as one).

    Decided in O(nnz) without building the O(m_out m_in) pattern `WeightBasis.from_sparse` would.
    """
    idx, val, den = arrays["entry_index"], arrays["entry_values"], arrays["row_denominators"]
    if val.ndim != 1 or not np.all(den == 1) or not np.all(np.abs(val) == 1) or size == 0:
        return False
    flat = idx % size
    order = np.argsort(flat, kind="stable")
    if np.unique(flat).size != flat.size:
        return False
    labels, signs = (idx // size)[order], val[order]
    if not labels.size:
        return True
    running = np.maximum.accumulate(labels)
    before = np.concatenate([[-1], running[:-1]])
    new = labels > before
    return not np.any(labels > before + 1) and bool(np.all(signs[new] == 1))


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


def load_template(path: str | os.PathLike[str], *,
                  max_bytes: int = DEFAULT_MAX_TEMPLATE_BYTES) -> WeightBasis | StructuredBasis:
    """Read a template written by `WeightBasis.save`, validating everything.

    Parameters
    ----------
    path : str or PathLike
        A regular file (a FIFO, device, directory or socket is refused without being read).
    max_bytes : int, default 2 GiB
        The largest file read; checked with ``os.stat`` before reading.

    Returns
    -------
    WeightBasis or StructuredBasis
        Bit-exact copy of the saved basis (``rho_in``/``rho_out`` are None); a schema-2 file
        gives a `StructuredBasis`.

    Raises
    ------
    TemplateError
        If the path is not a regular file or is larger than ``max_bytes``; if the file is not a
        zip archive, is truncated or corrupt, has compressed, encrypted, duplicate, missing or
        unexpected members, holds object (pickled) arrays, a wrong dtype or shape (all checked
        from the zip directory and the ``.npy`` headers before any data is read), comes from a
        future schema, its checksum does not match its content (checked before the basis is
        built), or its bytes differ from the canonical encoding of that content. The message
        names the path or the member and the cause.
    TemplateNotFoundError
        If there is no such file (also a ``FileNotFoundError``).

    Notes
    -----
    O(file size) time and memory (the members are views of the bytes read). Never unpickles,
    never decompresses.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> B = WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]), metadata={"method": "orbital"})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     B.save(os.path.join(d, "w.npz")); C = load_template(os.path.join(d, "w.npz"))
    >>> C == B and np.array_equal(C.to_numpy(), B.to_numpy()) and C.metadata["method"] == "orbital"
    True
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise TemplateError(f"max_bytes: expected a non-negative int, got {max_bytes!r}")
    target, data, arrays = _read_all(path, max_bytes)
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
        return _load_structured(target, data, arrays, version, kind)
    if kind not in _BY_KIND:
        raise TemplateError(f"kind: expected 'pattern' or 'sparse', got {kind!r}")
    required = _COMMON | _BY_KIND[kind]
    missing = sorted(required - set(arrays))
    if missing:
        raise TemplateError(f"path: {target!r} misses the member(s) {missing}")
    unexpected = sorted(set(arrays) - required - {"float_view"})
    if unexpected:
        raise TemplateError(f"path: {target!r} has unexpected member(s) {unexpected}")
    meta = _metadata(arrays)
    shape = arrays["shape"]
    if shape.shape != (2,) or np.any(shape < 0):
        raise TemplateError(f"shape: expected two non-negative sizes, got {shape.tolist()}")
    m_out, m_in = int(shape[0]), int(shape[1])
    dim, field = _scalar(arrays, "dim"), _scalar(arrays, "field")
    if field < 1 or dim < 0:
        raise TemplateError(f"field, dim: expected field >= 1 and dim >= 0, got {field}, {dim}")
    if kind == "sparse" and dim * m_out * m_in >= 1 << 63:
        raise TemplateError(f"shape, dim: {dim} x {m_out} x {m_in} entries cannot be addressed by the int64 "
                            f"entry_index; the file is corrupt")
    stored = _text(arrays, "checksum")
    raw = _raw_checksum(kind, arrays)
    if stored != raw:
        raise TemplateError(f"checksum: stored {stored[:16]}..., content hashes to {raw[:16]}...; "
                            f"the file {target!r} is corrupt")
    if kind == "sparse" and field == 1 and _pattern_shaped_sparse(arrays, m_out * m_in):
        raise TemplateError(f"path: {target!r} stores a sharing pattern as sparse entries, which repkit never "
                            f"writes; the file was not written by repkit")
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
    if stored != basis.checksum:
        raise TemplateError(f"checksum: stored {stored[:16]}..., content hashes to {basis.checksum[:16]}...; "
                            f"the file is corrupt")
    if "float_view" in arrays:
        fv = arrays["float_view"]
        if fv.shape != (dim, m_out, m_in) or not np.array_equal(
                fv, basis.to_numpy(np.float32, max_entries=FLOAT_VIEW_MAX_ENTRIES)):
            raise TemplateError("float_view: does not match the exact basis")
    if data != _serialize(basis):
        raise TemplateError(f"path: {target!r} differs from the canonical encoding of its own content "
                            f"(a header, timestamp, member order or layout byte was changed); the file "
                            f"is corrupt or was edited")
    return basis


def _load_structured(target: str, data: bytes, arrays: dict[str, np.ndarray], version: int,
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
    meta = _metadata(arrays)
    shapes = arrays["small_shapes"]
    if shapes.ndim == 2 and shapes.shape[1] == 3 and shapes.size:
        # each small basis may be rebuilt as an O(m_out m_in) pattern: bound them before building
        sizes = [int(mo) * int(mi) for mo, mi, _ in shapes.tolist()]
        if max(sizes) > DEFAULT_MAX_ENTRIES or sum(sizes) > DEFAULT_MAX_ENTRIES:
            raise TemplateError(f"small_shapes: the small bases of {target!r} declare {sum(sizes)} entries "
                                f"(largest {max(sizes)}), more than DEFAULT_MAX_ENTRIES={DEFAULT_MAX_ENTRIES}; "
                                f"the file is corrupt or hostile")
    try:
        basis = structured_from_arrays({k: arrays[k] for k in STRUCTURED_MEMBERS}, metadata=meta)
    except RepkitError as exc:
        raise TemplateError(f"path: {target!r} holds an inconsistent structured basis: {exc}") from exc
    stored = _text(arrays, "checksum")
    if stored != basis.checksum:
        raise TemplateError(f"checksum: stored {stored[:16]}..., content hashes to {basis.checksum[:16]}...; "
                            f"the file is corrupt")
    if data != _serialize(basis):
        raise TemplateError(f"path: {target!r} differs from the canonical encoding of its own content; "
                            f"the file is corrupt or was edited")
    return basis


def _metadata(arrays: dict[str, np.ndarray]) -> dict[str, str]:
    text = _text(arrays, "metadata")
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(f"metadata: expected a JSON object, got invalid JSON ({exc})") from exc
    except RecursionError as exc:
        raise TemplateError("metadata: expected a flat JSON object of strings, got JSON nested too deeply "
                            "to parse") from exc
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise TemplateError("metadata: expected a JSON object of strings")
    return meta


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
