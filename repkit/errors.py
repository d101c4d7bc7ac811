"""The exception hierarchy of repkit.

Every error repkit raises for bad input is a :class:`RepkitError`, and also
derives from the builtin exception a Python user would expect (``ValueError``,
``TypeError``, ``KeyError``-like lookups are ``ValueError``), so both
``except rk.RepkitError`` and ``except ValueError`` work.

Messages name the argument, say what was expected and show what came.

Examples
--------
>>> import repkit as rk
>>> issubclass(rk.PresentationSyntaxError, ValueError)
True
>>> issubclass(rk.CosetEnumerationLimitError, rk.RepkitError)
True
"""

from __future__ import annotations

__all__ = [
    "RepkitError",
    "InvalidOptionError",
    "NotAPresentationError",
    "ExactnessError",
    "ShapeError",
    "SingularMatrixError",
    "FieldMismatchError",
    "PresentationSyntaxError",
    "UnknownGeneratorError",
    "CosetEnumerationLimitError",
    "GroupTooLargeError",
    "NotAnElementError",
    "InvalidPermutationError",
    "NotASubgroupError",
    "NotAHomomorphismError",
    "PresentationMismatchError",
    "IncompatibleGroupError",
    "NoSuchRepresentationError",
    "CharacterTableError",
    "TemplateError",
    "OptionalDependencyError",
    "UnreachableComponentError",
    "MaskNotInvariantError",
    "ResourceLimitError",
    "FileWriteError",
    "TemplateNotFoundError",
    "NonFiniteValueError",
    "SpecSyntaxError",
    "GapSyntaxError",
    "FileAccessError",
    "UsageError",
]


class RepkitError(Exception):
    """Base class of every error raised by repkit."""


class InvalidOptionError(RepkitError, ValueError):
    """An option of a repkit function (a bound, a strategy name, a method) has an invalid value."""


class NotAPresentationError(RepkitError, TypeError):
    """An object given as a presentation has no usable ``generators``/``relators``.

    Also raised when a relator or subgroup word is not a sequence of ints.
    """


class ExactnessError(RepkitError, TypeError):
    """A float, NaN, infinity or other inexact value reached exact code."""


class ShapeError(RepkitError, ValueError):
    """A matrix or array has the wrong shape or sizes do not match."""


class SingularMatrixError(RepkitError, ValueError):
    """A matrix that must be invertible is singular."""


class FieldMismatchError(RepkitError, ValueError):
    """Values live in cyclotomic fields that cannot be combined as asked."""


class PresentationSyntaxError(RepkitError, ValueError):
    """A presentation or word could not be parsed; the message shows the column."""


class UnknownGeneratorError(RepkitError, ValueError):
    """A generator name is not one of the group's generators."""


class CosetEnumerationLimitError(RepkitError, RuntimeError):
    """Coset enumeration exceeded ``max_cosets``; the message says how far it got."""


class GroupTooLargeError(RepkitError, RuntimeError):
    """An operation needs every element, and the group is larger than the given limit."""


class NotAnElementError(RepkitError, ValueError):
    """A value is not an element (or word, or index) of the group."""


class InvalidPermutationError(RepkitError, ValueError):
    """A list that should be a 0-based permutation image list is not one."""


class NotASubgroupError(RepkitError, ValueError):
    """Elements or a group given as a subgroup are not a subgroup of the group at hand."""


class NotAHomomorphismError(RepkitError, ValueError):
    """Generator images do not satisfy a relator; the message names the relator."""


class PresentationMismatchError(RepkitError, ValueError):
    """Permutations satisfy a presentation's relators but generate a smaller group than it
    defines (the message gives both orders)."""


class IncompatibleGroupError(RepkitError, ValueError):
    """Two objects that must belong to the same group belong to different groups."""


class NoSuchRepresentationError(RepkitError, ValueError):
    """A requested representation does not exist for this group (e.g. no sign rep)."""


class CharacterTableError(RepkitError, RuntimeError):
    """The character table could not be computed within the given limits."""


class TemplateError(RepkitError, ValueError):
    """A weight-template file is corrupt, truncated, pickled or from a future schema."""


class OptionalDependencyError(RepkitError, ImportError):
    """An optional dependency (torch, jax, matplotlib, safetensors) is not installed."""


class UnreachableComponentError(RepkitError, ValueError):
    """A hidden representation has components that can never influence the network's output."""


class MaskNotInvariantError(RepkitError, ValueError):
    """A locality mask is not invariant under the group: it cuts an orbit of index pairs."""


class ResourceLimitError(RepkitError, MemoryError):
    """A size bound of repkit's resource model would be exceeded (checked before allocating).

    The message names the bound (a keyword argument or a module constant), the size asked for and
    how to raise the bound; docs/limits.md lists every bound and its default.
    """


class FileWriteError(RepkitError, OSError):
    """A file could not be written safely; the message names the path and the cause.

    Raised for a missing directory, a target that is a directory, a symlink or another
    non-regular file, a path with a NUL byte, a bytes path, or an operating-system failure
    during the write (the target is then left as it was).
    """


class TemplateNotFoundError(TemplateError, FileNotFoundError):
    """A weight-template path names no file."""


class NonFiniteValueError(RepkitError, ValueError):
    """A float measurement met NaN or infinity (in its inputs, in a callable's output, or by overflow)."""


class NotARepresentationError(RepkitError, TypeError):
    """An argument that must be a `repkit.Rep` is something else.

    Examples
    --------
    >>> from repkit.equivariant import bias_basis
    >>> try:
    ...     bias_basis([[1, 0], [0, 1]])
    ... except NotARepresentationError as exc:
    ...     print(str(exc))
    rho_out: expected a repkit.Rep, got list
    """


class BasisTooLargeError(RepkitError, MemoryError):
    """A dense view of a basis would exceed the ``max_entries`` bound given to it.

    Examples
    --------
    >>> import numpy as np
    >>> from repkit.equivariant import WeightBasis
    >>> B = WeightBasis.from_pattern(np.arange(16).reshape(4, 4))      # 16 x 4 x 4 = 256 entries
    >>> try:
    ...     B.to_numpy(max_entries=255)
    ... except BasisTooLargeError as exc:
    ...     print("256 entries" in str(exc), isinstance(exc, MemoryError))
    True True
    """


class ExactOverflowError(RepkitError, OverflowError):
    """An exact integer of a basis does not fit the int64 arrays of a template.

    Examples
    --------
    >>> issubclass(ExactOverflowError, OverflowError)
    True
    """


class MissingImageError(RepkitError, ValueError):
    """A generator of the group has no image in the mapping given for a representation."""


class FamilyParameterError(RepkitError, ValueError):
    """A family was asked for with a parameter outside its range (e.g. ``dihedral(0)``).

    Examples
    --------
    >>> issubclass(FamilyParameterError, ValueError)
    True
    """


class UnknownGeneratorSyntaxError(PresentationSyntaxError, UnknownGeneratorError):
    """A name in a relator or word is not a generator; the message shows its column.

    Examples
    --------
    >>> issubclass(UnknownGeneratorSyntaxError, UnknownGeneratorError)
    True
    """


class SparseFillError(RepkitError, RuntimeError):
    """Sparse elimination exceeded its ``max_entries`` budget (too much fill-in).

    Examples
    --------
    >>> issubclass(SparseFillError, RuntimeError) and issubclass(SparseFillError, RepkitError)
    True
    """


class CyclotomicSyntaxError(RepkitError, ValueError):
    """Text given to ``Cyclotomic.from_gap`` is not a GAP cyclotomic; the message shows the column.

    Examples
    --------
    >>> issubclass(CyclotomicSyntaxError, ValueError)
    True
    """


#: The equivariant solver's option errors are `InvalidOptionError` (one class for every invalid
#: option); this name stays for code written against repkit 0.1.
InvalidArgumentError = InvalidOptionError


def _short_repr(value: object, limit: int = 200) -> str:
    """A ``repr`` for error messages that stays short and cheap for huge inputs.

    Long strings and sequences are cut (with their length), array-likes with many entries are
    described by type and shape (never converted to text in full).

    Examples
    --------
    >>> _short_repr("x" * 10**6)[-22:]
    '... (1000000 characters)'
    >>> _short_repr(list(range(10**6)))
    'list of 1000000 items [0, 1, 2, 3, 4, 5, ...]'
    """
    import reprlib

    if isinstance(value, (str, bytes)):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} characters)"
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(s, int) for s in shape):
        size = 1
        for s in shape:
            size *= s
        if size > 64:
            return f"{type(value).__name__} of shape {shape}"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        text = reprlib.repr(value)
        return f"{type(value).__name__} of {len(value)} items {text}" if len(value) > 6 else text
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


class SpecSyntaxError(RepkitError, ValueError):
    """A group or representation spec of the command line (``dihedral:4``, ``3*natural + sign``)
    cannot be read; the message gives the column."""


class GapSyntaxError(RepkitError, ValueError):
    """Text in GAP's format (a presentation, permutations in cycle notation, a character table)
    cannot be read; the message gives the position."""


class FileAccessError(RepkitError, OSError):
    """An input file cannot be read (missing, not a regular file, no permission); the message
    names the path and the cause. (Writing failures are :class:`FileWriteError`.)"""


class UsageError(RepkitError, ValueError):
    """The arguments of a ``repkit`` command do not fit it (unknown option, missing argument)."""
