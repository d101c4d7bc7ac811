"""Careful terminal and file handling for the command line.

Standard output and standard error are reconfigured to replace characters the terminal's
encoding cannot show (an ASCII-only terminal gets ``?`` instead of a ``UnicodeEncodeError``); an
error is one line on standard error even when standard error is closed; a closed pipe on
standard output (``repkit table ... | head -1``) ends the program quietly; output paths are checked
before any long computation starts; progress goes to standard error only.

Examples
--------
>>> import io
>>> err = io.StringIO()
>>> error_line("bad input\\nsecond line", stream=err)
>>> err.getvalue()
'repkit: error: bad input second line\\n'
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

from ..errors import FileWriteError

__all__ = ["configure_streams", "error_line", "silence_stdout", "check_output_path",
           "Progress", "MAX_MESSAGE"]

#: Longest error message printed (longer ones are cut, so a huge input is never echoed whole).
MAX_MESSAGE = 2000


def configure_streams() -> None:
    """Make stdout/stderr replace unencodable characters instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def error_line(message: str, *, stream: TextIO | None = None, prefix: str = "repkit: error: ") -> None:
    """Write ``message`` as one line on standard error (silently nothing if it is closed)."""
    stream = stream if stream is not None else sys.stderr
    if stream is None:          # started with standard error closed (2>&-)
        return
    text = " ".join(str(message).split())
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + f"... ({len(text) - MAX_MESSAGE} more characters)"
    try:
        stream.write(prefix + text + "\n")
        stream.flush()
    except OSError:             # nowhere left to report to; the exit status still says it
        pass


def silence_stdout() -> None:
    """After a broken pipe: point standard output at ``/dev/null`` so the final flush is quiet."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):      # an in-memory stream (tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def check_output_path(path: str | None, *, option: str = "-o") -> str | None:
    """Refuse an output path that cannot be written, before any work is done.

    Raises
    ------
    FileWriteError
        For an empty path, a path with a NUL byte, a directory, or a parent that is missing or
        not a directory.

    Examples
    --------
    >>> check_output_path("")
    Traceback (most recent call last):
    ...
    repkit.errors.FileWriteError: -o: expected a file name, got an empty string
    """
    if path is None:
        return None
    if path == "":
        raise FileWriteError(f"{option}: expected a file name, got an empty string")
    if "\0" in path:
        raise FileWriteError(f"{option}: the path contains a NUL byte: {path[:200]!r}")
    if os.path.isdir(path):
        raise FileWriteError(f"{option}: {path!r} is a directory; expected a file name")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise FileWriteError(f"{option}: the directory {parent!r} of {path!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise FileWriteError(f"{option}: the directory {parent!r} is not writable")
    return path


class Progress:
    """Stage messages and coset-enumeration progress on standard error.

    Parameters
    ----------
    enabled : bool
        Print anything at all (``--progress``, or standard error is a terminal and no ``--quiet``).
    stream : text stream, optional
        Standard error by default.
    quiet_for : float
        Print nothing during the first ``quiet_for`` seconds (on a terminal, quick commands stay
        silent; ``--progress`` reports every stage).

    Examples
    --------
    >>> import io
    >>> s = io.StringIO()
    >>> Progress(True, stream=s).stage("character table")
    >>> s.getvalue()
    'repkit: character table ...\\n'
    """

    def __init__(self, enabled: bool, *, stream: TextIO | None = None, quiet_for: float = 0.0) -> None:
        self.enabled = enabled
        self.stream = stream
        self._start = time.monotonic()
        self._quiet_until = self._start + quiet_for
        self._last = 0.0

    def _write(self, text: str) -> None:
        stream = self.stream if self.stream is not None else sys.stderr
        if not self.enabled or stream is None or time.monotonic() < self._quiet_until:
            return
        try:
            stream.write(text)
            stream.flush()
        except OSError:
            self.enabled = False

    def stage(self, what: str) -> None:
        """Announce the start of a stage of the work."""
        self._write(f"repkit: {what} ...\n")

    def enumeration(self, record: Any) -> None:
        """A ``progress=`` callback for coset enumeration (at most two lines a second)."""
        now = time.monotonic()
        if now - self._last < 0.5:
            return
        self._last = now
        fields = (f"defined={record.defined} live={record.live} passes={record.passes}"
                  if hasattr(record, "live") else str(record))
        self._write(f"repkit: enumerating cosets: {fields}\n")
