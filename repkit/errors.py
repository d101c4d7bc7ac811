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
    "IncompatibleGroupError",
    "NoSuchRepresentationError",
    "CharacterTableError",
    "TemplateError",
    "OptionalDependencyError",
    "UnreachableComponentError",
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
