"""Careful file primitives: bounded reads of regular files, ``.npz`` members checked before use, atomic writes.

Reading trusts nothing. `read_regular_file` accepts regular files only (a FIFO, a device, a
directory or a socket is refused after ``os.stat`` and again after opening with ``O_NONBLOCK``, so
a swapped-in FIFO cannot hang the reader) and refuses a file larger than ``max_bytes`` before
reading a byte. `read_npz_members` then works on those bytes alone: the zip end record (number and
size of the directory entries) is checked before the directory is parsed, every member's name,
flags and storage method before it is opened (only stored, unencrypted members of the expected
names; nothing is ever decompressed), and every ``.npy`` header (dtype, rank, byte order, size)
before its data is touched, so no declared shape can make the reader allocate more than the file.

Writing (`atomic_write`) goes to a temporary file in the target's directory, fsynced and renamed
over the target, and removes the temporary file on every failure path; temporary files left by a
save that was killed (their process is gone) are removed by the next save of the same target. The
target must be a regular file or absent: a **symbolic link is refused** (neither followed nor
replaced), as are directories, FIFOs, sockets and device nodes. A new file gets the mode
``0o666 & ~umask`` (``0644`` under the usual umask ``022``); an existing file keeps its mode.
"""

from __future__ import annotations

import io
import math
import os
import re
import secrets
import stat
import struct
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from ..errors import FileWriteError, TemplateError, TemplateNotFoundError

__all__ = ["MemberSpec", "DEFAULT_MAX_TEMPLATE_BYTES", "read_regular_file", "read_npz_members",
           "atomic_write", "checked_path"]

#: Largest template file `load_template` reads unless given ``max_bytes=`` (2 GiB).
DEFAULT_MAX_TEMPLATE_BYTES = 1 << 31

_EOCD = struct.Struct("<4sHHHHIIH")
_EOCD_SIG = b"PK\x05\x06"
_ZIP64_LOCATOR_SIG = b"PK\x06\x07"
_MAX_DIRECTORY_ENTRY = 512          # bytes per central-directory entry we accept (46 + name + extras)
_MAX_NPY_HEADER = 4096
_TMP_SUFFIX = ".repkit-tmp"
_TMP_STEM = 200                      # characters of the target name kept in a temporary name


@dataclass(frozen=True)
class MemberSpec:
    """What one ``.npy`` member of an archive may hold.

    Attributes
    ----------
    dtype : str
        A NumPy dtype code (``"i8"``, ``"i1"``, ``"f4"``; native byte order), or ``"U"`` for a
        unicode string of at most ``max_chars`` characters.
    ndims : tuple of int
        Allowed numbers of axes.
    max_chars : int
        For ``dtype="U"``: the longest string accepted.
    """

    dtype: str
    ndims: tuple[int, ...]
    max_chars: int = 0


def _describe(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO (named pipe)"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISLNK, "symbolic link")):
        if test(mode):
            return name
    return "non-regular file"


def checked_path(path: object, error: type[Exception], what: str = "path") -> str:
    """``os.fspath(path)`` as a non-empty ``str`` without NUL bytes, else ``error`` naming the cause.

    Examples
    --------
    >>> checked_path("a.npz", ValueError)
    'a.npz'
    >>> try:
    ...     checked_path(b"a.npz", ValueError)
    ... except ValueError as exc:
    ...     print("bytes" in str(exc))
    True
    """
    try:
        target = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        raise error(f"{what}: expected a str or os.PathLike path, got {type(path).__name__}") from None
    if isinstance(target, bytes):
        raise error(f"{what}: expected a str path, got a bytes path {target[:200]!r}; decode it first "
                    f"(os.fsdecode)")
    if not target:
        raise error(f"{what}: expected a file name, got an empty path")
    if "\0" in target:
        raise error(f"{what}: the path {target[:200]!r} contains a NUL byte, which no file name can hold")
    return target


def read_regular_file(path: object, *, max_bytes: int) -> tuple[str, bytes]:
    """Read a whole regular file of at most ``max_bytes`` bytes, refusing anything else.

    Parameters
    ----------
    path : str or PathLike
    max_bytes : int
        Size bound, checked before reading.

    Returns
    -------
    (str, bytes)
        The path as a string and the file's content.

    Raises
    ------
    TemplateNotFoundError
        If there is no such file.
    TemplateError
        If the path is not a regular file, is larger than ``max_bytes``, cannot be read, or
        changes size while being read.

    Notes
    -----
    O(file size). ``os.stat`` before opening and ``os.fstat`` after opening with ``O_NONBLOCK``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     try:
    ...         read_regular_file(d, max_bytes=10)
    ...     except TemplateError as exc:
    ...         print("directory" in str(exc))
    True
    """
    target = checked_path(path, TemplateError)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise TemplateNotFoundError(f"path: no such template file {target!r}") from None
    except OSError as exc:
        raise TemplateError(f"path: cannot read the template {target!r}: {exc.strerror or exc}") from exc
    _check_regular(target, st, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags)
    except FileNotFoundError:
        raise TemplateNotFoundError(f"path: no such template file {target!r}") from None
    except OSError as exc:
        raise TemplateError(f"path: cannot open the template {target!r}: {exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        _check_regular(target, st, max_bytes)
        chunks, got = [], 0
        while got <= st.st_size:
            chunk = os.read(fd, min(st.st_size + 1 - got, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise TemplateError(f"path: cannot read the template {target!r}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if got != st.st_size:
        raise TemplateError(f"path: the template {target!r} changed size while being read "
                            f"({st.st_size} bytes announced, {got} read)")
    return target, b"".join(chunks)


def _check_regular(target: str, st: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise TemplateError(f"path: expected a regular template file, got a {_describe(st.st_mode)} "
                            f"at {target!r}")
    if st.st_size > max_bytes:
        raise TemplateError(f"path: the template {target!r} has {st.st_size} bytes, more than the bound "
                            f"max_bytes={max_bytes}; pass a larger max_bytes= to load_template to read it")


def read_npz_members(data: bytes, specs: Mapping[str, MemberSpec], *, path: str) -> dict[str, np.ndarray]:
    """The ``.npy`` members of a stored zip archive held in ``data``, each checked against ``specs``.

    Parameters
    ----------
    data : bytes
        The whole archive.
    specs : Mapping[str, MemberSpec]
        Allowed member names (without ``.npy``) and what each may hold; which members are
        required is the caller's business (it depends on the schema).
    path : str
        Named in error messages.

    Returns
    -------
    dict of str to numpy.ndarray
        Read-only arrays viewing ``data`` (no copy).

    Raises
    ------
    TemplateError
        If ``data`` is not a zip archive, has more or larger directory entries than ``specs``
        allows, a member of another name, a duplicate, an encrypted or compressed member, a
        ``.npy`` header that is malformed, declares an object (pickled), Fortran-ordered or
        unexpected dtype or rank, or a size that differs from the member's, or a CRC error.

    Notes
    -----
    O(len(data)); allocates nothing beyond the directory (at most ``len(specs)`` entries). Zip
    layout: PKWARE APPNOTE.TXT 6.3, sections 4.3.12 and 4.3.16; ``.npy``: NumPy NEP 1.

    Examples
    --------
    >>> import io, zipfile, numpy as np
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as zf:
    ...     b = io.BytesIO(); np.save(b, np.arange(3)); zf.writestr("x.npy", b.getvalue())
    >>> read_npz_members(buf.getvalue(), {"x": MemberSpec("i8", (1,))}, path="mem")["x"].tolist()
    [0, 1, 2]
    """
    _check_end_record(data, len(specs), path)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, struct.error, OSError, NotImplementedError) as exc:
        raise TemplateError(f"path: {path!r} is not a readable zip archive: {exc}") from exc
    out: dict[str, np.ndarray] = {}
    with zf:
        for info in zf.infolist():
            name = info.filename[:-4] if info.filename.endswith(".npy") else None
            if name not in specs:
                raise TemplateError(f"path: {path!r} has unexpected member(s) [{info.filename[:80]!r}]; "
                                    f"expected members among {sorted(specs)}")
            if name in out:
                raise TemplateError(f"path: {path!r} holds the member {info.filename!r} twice")
            if info.flag_bits & 0x1:
                raise TemplateError(f"{name}: the member is flagged encrypted in {path!r}; repkit "
                                    f"templates are never encrypted")
            if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
                raise TemplateError(f"{name}: the member is compressed (method {info.compress_type}) in "
                                    f"{path!r}; repkit templates store members uncompressed")
            if info.header_offset + info.file_size > len(data):
                raise TemplateError(f"{name}: the member claims {info.file_size} bytes, beyond the end of "
                                    f"{path!r} ({len(data)} bytes); the file is truncated or corrupt")
            out[name] = _read_member(zf, info, specs[name], name, path)
    return out


def _check_end_record(data: bytes, max_members: int, path: str) -> None:
    pos = data.rfind(_EOCD_SIG, max(0, len(data) - _EOCD.size - 0xFFFF))
    if pos < 0 or len(data) - pos < _EOCD.size:
        raise TemplateError(f"path: expected a repkit template (.npz zip archive), got a file that is not "
                            f"a zip archive: {path!r}")
    _, disk, cd_disk, here, total, cd_size, _, _ = _EOCD.unpack_from(data, pos)
    if pos >= 20 and data[pos - 20:pos - 16] == _ZIP64_LOCATOR_SIG or 0xFFFF in (here, total):
        raise TemplateError(f"path: {path!r} is a zip64 archive; repkit templates are plain zip archives")
    if disk or cd_disk or here != total:
        raise TemplateError(f"path: {path!r} is a multi-volume zip archive; not a repkit template")
    if total > max_members or cd_size > total * _MAX_DIRECTORY_ENTRY:
        raise TemplateError(f"path: {path!r} declares {total} members in a {cd_size}-byte directory; a "
                            f"template has at most {max_members} members")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, spec: MemberSpec, name: str,
                 path: str) -> np.ndarray:
    try:
        with zf.open(info) as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh, max_header_size=_MAX_NPY_HEADER)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh, max_header_size=_MAX_NPY_HEADER)
            else:
                raise TemplateError(f"{name}: unsupported .npy format version {version} in {path!r}")
            _check_header(shape, fortran, dtype, spec, name, path)
            nbytes = math.prod(shape) * dtype.itemsize
            left = info.file_size - fh.tell()
            if nbytes != left:
                raise TemplateError(f"{name}: the header declares shape {shape} of {dtype} ({nbytes} bytes) "
                                    f"but the member holds {left} data bytes in {path!r}")
            raw = fh.read(nbytes)
            if len(raw) != nbytes or fh.read(1):
                raise TemplateError(f"{name}: the member of {path!r} is truncated")
    except (zipfile.BadZipFile, EOFError, ValueError, struct.error, KeyError, OSError,
            NotImplementedError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"{name}: the member of {path!r} is corrupt or truncated: {exc}") from exc
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape)
    return arr


def _check_header(shape: tuple[int, ...], fortran: bool, dtype: np.dtype, spec: MemberSpec, name: str,
                  path: str) -> None:
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise TemplateError(f"{name}: the member of {path!r} holds pickled (object) or structured arrays "
                            f"(dtype {dtype}); templates hold plain numbers and strings only")
    if spec.dtype == "U":
        if dtype.kind != "U" or dtype.byteorder not in "=|" or dtype.itemsize // 4 > spec.max_chars:
            raise TemplateError(f"{name}: expected dtype unicode of at most {spec.max_chars} characters, "
                                f"got {dtype}")
    elif dtype != np.dtype(spec.dtype):
        raise TemplateError(f"{name}: expected dtype {np.dtype(spec.dtype)}, got {dtype}")
    if len(shape) not in spec.ndims:
        raise TemplateError(f"{name}: expected an array with {' or '.join(map(str, spec.ndims))} axes, got "
                            f"shape {shape}")
    if fortran and len(shape) > 1:
        raise TemplateError(f"{name}: the member of {path!r} is stored in Fortran order; repkit writes C order")


def atomic_write(path: object, write: Callable[[BinaryIO], object]) -> None:
    """Write a file through ``write(fh)`` into a temporary file, then rename it over ``path``.

    Parameters
    ----------
    path : str or PathLike
        The target: absent, or an existing regular file (its mode is kept). Its directory must exist.
    write : callable
        Called once with the open binary temporary file.

    Raises
    ------
    FileWriteError
        If the path is empty, a bytes path, holds a NUL byte, ends in a separator, its directory
        does not exist, or the target is a symbolic link, a directory or another non-regular file;
        or if the operating system refuses the write (permission, full disk...). The target is
        untouched and the temporary file removed.

    Notes
    -----
    O(size written) plus a scan of the directory for stale temporary files of the same target
    (``.<name>.<pid>.<hex>.repkit-tmp`` whose process is gone), which are removed.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "f.bin"); atomic_write(p, lambda fh: fh.write(b"ok"))
    ...     os.symlink(p, os.path.join(d, "link"))
    ...     try:
    ...         atomic_write(os.path.join(d, "link"), lambda fh: fh.write(b"no"))
    ...     except FileWriteError as exc:
    ...         print(open(p, "rb").read(), "symbolic link" in str(exc), sorted(os.listdir(d)))
    b'ok' True ['f.bin', 'link']
    """
    target = checked_path(path, FileWriteError)
    directory, base = os.path.split(os.path.abspath(target))
    if not base or target.endswith(os.sep) or (os.altsep and target.endswith(os.altsep)):
        raise FileWriteError(f"path: expected a file name, got the directory path {target!r}")
    try:
        dst = os.stat(directory)
        if not stat.S_ISDIR(dst.st_mode):
            raise FileWriteError(f"path: cannot write {target!r}: {directory!r} is not a directory")
    except FileNotFoundError:
        raise FileWriteError(f"path: cannot write {target!r}: the directory {directory!r} does not exist") \
            from None
    except OSError as exc:
        if isinstance(exc, FileWriteError):
            raise
        raise FileWriteError(f"path: cannot write {target!r}: {exc.strerror or exc}") from exc
    mode = _existing_mode(target)
    stem = base[:_TMP_STEM]
    _remove_stale_temps(directory, stem)
    tmp = os.path.join(directory, f".{stem}.{os.getpid()}.{secrets.token_hex(4)}{_TMP_SUFFIX}")
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    done = False
    try:
        fd = os.open(tmp, flags, 0o666)      # the umask applies: 0644 under 022
        with os.fdopen(fd, "wb") as fh:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise FileWriteError(f"path: could not write {target!r}: {exc.strerror or exc}") from exc
    finally:
        if not done:
            _unlink_quietly(tmp)


def _existing_mode(target: str) -> int | None:
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileWriteError(f"path: cannot write {target!r}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise FileWriteError(f"path: {target!r} is a symbolic link; repkit neither writes through nor "
                             f"replaces symlinks: save to the link's target ({os.path.realpath(target)!r})")
    if not stat.S_ISREG(st.st_mode):
        raise FileWriteError(f"path: {target!r} is a {_describe(st.st_mode)}, not a regular file; "
                             f"refusing to replace it")
    return stat.S_IMODE(st.st_mode)


def _remove_stale_temps(directory: str, stem: str) -> None:
    """Remove temporary files of earlier saves of the same target whose process has exited."""
    if os.name != "posix":
        return
    pattern = re.compile(re.escape(f".{stem}.") + r"(\d+)\.[0-9a-f]{8}" + re.escape(_TMP_SUFFIX))
    try:
        with os.scandir(directory) as entries:
            stale = [e.path for e in entries if (m := pattern.fullmatch(e.name))
                     and e.is_file(follow_symlinks=False) and not _alive(int(m.group(1)))]
    except OSError:
        return                          # an unreadable directory: nothing to clean, the write reports
    for p in stale:
        _unlink_quietly(p)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _unlink_quietly(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass                            # already gone, or best effort: the next save cleans it
