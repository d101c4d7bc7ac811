"""`SetLinear` and `SetPooling`: size-free permutation layers of S_n on k-tuples (Deep Sets and beyond).

A `SetLinear` maps features on ``k_in``-tuples of the points of a set to features on
``k_out``-tuples, equivariantly under every permutation of the points, with parameters that do not
depend on the number ``n`` of points: one weight per channel pair and per **orbit type** of index
tuples ``(I, J)`` (``|I| = k_out``, ``|J| = k_in``), the equality pattern of the ``k_out + k_in``
positions written as a restricted growth string (`repkit.equivariant.sets.orbit_types`: output
positions first, each position gets the number of its block, blocks numbered by first occurrence;
types in lexicographic order). For Deep Sets (``k_in = k_out = 1``) the types are ``(0, 0)``
(``i = j``, weight ``lambda``) and ``(0, 1)`` (``i != j``, weight ``gamma``):
``y = lambda x + gamma (sum x - x)``. Pairs to pairs have 15 types (Maron et al., ICLR 2019).

The layer never builds an ``n^(k_in + k_out)`` pattern: the weights are turned exactly (an integer
Moebius matrix, `repkit.equivariant.sets.orbit_type_moebius`) into weights of the "type or coarser"
maps ``A_pi``, and each ``A_pi`` is one ``einsum``: a block of ``pi`` met twice in the input takes
a diagonal, a block met only in the input is summed, a block met only in the output is broadcast,
a block met twice in the output is placed on a diagonal.

Layout: channels-first, ``(batch, channels, n, ..., n)`` with ``k`` trailing axes of one length
``n`` (any ``n``, also different from call to call); ``k = 0`` is ``(batch, channels)``.

Examples
--------
>>> import pytest; torch = pytest.importorskip("torch")
>>> from repkit.adapters.torch import SetLinear, SetPooling
>>> layer = SetLinear(1, 1, 1, 1, bias=False, dtype=torch.float64)
>>> with torch.no_grad():
...     _ = layer.weight.copy_(torch.tensor([[[2.0, 1.0]]]))    # lambda = 2, gamma = 1
>>> layer(torch.tensor([[[1.0, 2.0, 3.0]]], dtype=torch.float64)).tolist()
[[[7.0, 8.0, 9.0]]]
>>> SetPooling("max")(torch.tensor([[[1.0, 5.0, 3.0]]])).tolist()
[[5.0]]
"""

from __future__ import annotations

import math
from typing import Any

from ...equivariant.sets import orbit_type_moebius, orbit_types
from ...errors import InvalidOptionError, ShapeError
from . import require_torch

__all__ = ["SetLinear", "SetPooling", "einsum_plan"]

torch = require_torch()

_LETTERS = "abdefghijklmnpqrstuvwxyz"    # 'c' and 'o' name the channels


def einsum_plan(pi: tuple[int, ...], k_out: int) -> tuple[str, str, int, tuple[int, ...]]:
    """The ``einsum`` of the map ``A_pi`` (sum over the tuples constant on the blocks of ``pi``).

    Parameters
    ----------
    pi : tuple of int
        A restricted growth string of length ``k_out + k_in`` (output positions first).
    k_out : int
        Number of output positions.

    Returns
    -------
    tuple
        ``(input letters, output letters, number of identity matrices, blocks to broadcast)``:
        the operands are ``x[..., input letters]``, then the ``n x n`` identities (their
        letters are the pairs that follow in the output), then one ``ones(n)`` per broadcast
        block, giving ``y[..., output letters]``.

    Examples
    --------
    >>> einsum_plan((0, 1), 1)          # Deep Sets gamma + lambda: sum over j, broadcast over i
    ('b', 'a', 0, (0,))
    >>> einsum_plan((0, 0, 0, 0), 2)    # the diagonal of x placed on the diagonal of y
    ('aa', 'ab', 1, ())
    """
    letters = iter(_LETTERS)
    block_letter = {b: next(letters) for b in sorted(set(pi))}
    ins = "".join(block_letter[b] for b in pi[k_out:])
    outs, eyes, seen = [], 0, set()
    for b in pi[:k_out]:
        if b in seen:
            outs.append(next(letters))
            eyes += 1
        else:
            outs.append(block_letter[b])
            seen.add(b)
    broadcast = tuple(b for b in sorted(seen) if b not in set(pi[k_out:]))
    return ins, "".join(outs), eyes, broadcast


def _operands(pi: tuple[int, ...], k_out: int) -> tuple[str, str]:
    """The einsum subscripts of the extra operands of `einsum_plan` and the output letters."""
    ins, outs, _, broadcast = einsum_plan(pi, k_out)
    letters = iter(_LETTERS)
    block_letter = {b: next(letters) for b in sorted(set(pi))}
    extra, first = [], {}
    for p, b in enumerate(pi[:k_out]):
        if b in first:
            extra.append(block_letter[b] + outs[p])
        else:
            first[b] = p
    extra.extend(block_letter[b] for b in broadcast)
    return ",".join(extra), outs


def _check_order(k: Any, name: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ShapeError(f"{name}: expected a tensor order, an int >= 0, got {k!r}")
    return k


def _check_channels(c: Any, name: str) -> int:
    if isinstance(c, bool) or not isinstance(c, int) or c < 1:
        raise ShapeError(f"{name}: expected a number of channels, an int >= 1, got {c!r}")
    return c


class SetLinear(torch.nn.Module):
    """Size-free S_n-equivariant linear layer from ``k_in``-tuples to ``k_out``-tuples of a set.

    Parameters
    ----------
    k_in, k_out : int
        Tensor orders of the input and output (``1`` for features on points, ``2`` on pairs,
        ``0`` for invariants).
    channels_in, channels_out : int
        Feature channels.
    bias : bool
        Add a size-free bias: one value per output channel and per orbit type of
        ``k_out``-tuples (`orbit_types(k_out, 0)`: for pairs, the diagonal and the rest).
    aggregation : {"sum", "mean"}
        ``"sum"`` (default): the coefficient of a type multiplies the plain sum over its tuples,
        exactly the layer of `repkit.equivariant_basis`. ``"mean"``: the coefficient of type
        ``s`` is divided by ``n^d(s)``, ``d(s)`` the number of blocks of ``s`` met only at input
        positions (the free summation indices), so each term is an average and its size does
        not grow with ``n``: the choice for a layer trained on one size and run on much larger
        sets (``examples/deep_sets.py``). Still the equivariant_basis layer for each ``n``,
        with the coefficients rescaled.
    dtype, device
        As in ``torch.nn.Linear`` (float32 by default).

    Attributes
    ----------
    weight : torch.nn.Parameter
        ``(channels_out, channels_in, len(orbit_types(k_out, k_in)))``; the last index is the
        orbit type, in the order of `repkit.equivariant.sets.orbit_types` (growth strings of
        ``(I, J)``, output positions first, lexicographic).
    bias : torch.nn.Parameter or None
        ``(channels_out, len(orbit_types(k_out, 0)))``.
    types, bias_types : tuple of tuple of int
        The growth strings labelling the last axis of ``weight`` and ``bias``.

    Notes
    -----
    ``y[b, o, I] = sum_c sum_J weight[o, c, type(I, J)] x[b, c, J] + bias[o, type(I)]``, equal to
    the layer of ``rk.equivariant_basis(V ** k_in, V ** k_out)`` for each ``n`` (tests: n = 2..10);
    types with more blocks than ``n`` are empty for that ``n``. Cost per call: for each of the
    Bell(k_in + k_out) types one einsum of ``O(batch * channels_out * channels_in * n^k_in +
    batch * channels_out * n^k_out)``, never ``n^(k_in + k_out)``. Reference: Zaheer et al., Deep
    Sets, NeurIPS 2017, Lemma 3; Maron, Ben-Hamu, Shamir, Lipman, Invariant and equivariant graph
    networks, ICLR 2019, sec. 3 (the orbit types); Moebius inversion on set partitions: Stanley,
    *Enumerative Combinatorics* I, 2nd ed., Example 3.10.4.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> layer = SetLinear(2, 2, 3, 4)                      # pairs to pairs
    >>> layer.weight.shape, len(layer.types), layer.bias_types
    (torch.Size([4, 3, 15]), 15, ((0, 0), (0, 1)))
    >>> x = torch.randn(5, 3, 6, 6)
    >>> perm = torch.randperm(6)
    >>> y = layer(x)
    >>> torch.allclose(layer(x[:, :, perm][:, :, :, perm]), y[:, :, perm][:, :, :, perm], atol=1e-5)
    True
    >>> layer(torch.randn(2, 3, 11, 11)).shape             # the same parameters, another n
    torch.Size([2, 4, 11, 11])
    """

    def __init__(self, k_in: int, k_out: int, channels_in: int, channels_out: int, *,
                 bias: bool = True, aggregation: str = "sum", dtype: Any = None,
                 device: Any = None) -> None:
        super().__init__()
        if aggregation not in ("sum", "mean"):
            raise InvalidOptionError(f"aggregation: expected 'sum' or 'mean', got {aggregation!r}")
        self.aggregation = aggregation
        self.k_in, self.k_out = _check_order(k_in, "k_in"), _check_order(k_out, "k_out")
        self.channels_in = _check_channels(channels_in, "channels_in")
        self.channels_out = _check_channels(channels_out, "channels_out")
        self.types = orbit_types(self.k_out, self.k_in)
        #: per type, the number of blocks met only at input positions (summed indices)
        self.summed_blocks = tuple(len(set(t[self.k_out:]) - set(t[:self.k_out])) for t in self.types)
        self.bias_types = orbit_types(self.k_out, 0)
        factory = {"dtype": dtype, "device": device}
        self.weight = torch.nn.Parameter(torch.empty(channels_out, channels_in, len(self.types),
                                                     **factory))
        if bias:
            self.bias = torch.nn.Parameter(torch.empty(channels_out, len(self.bias_types), **factory))
        else:
            self.register_parameter("bias", None)
        kind = self.weight.dtype
        self.register_buffer("_moebius", torch.as_tensor(orbit_type_moebius(self.k_out, self.k_in),
                                                         dtype=kind, device=device), persistent=False)
        self.register_buffer("_bias_moebius", torch.as_tensor(orbit_type_moebius(self.k_out, 0),
                                                              dtype=kind, device=device), persistent=False)
        self._plans = tuple((einsum_plan(pi, self.k_out)[0],) + _operands(pi, self.k_out)
                            for pi in self.types)
        self._bias_plans = tuple(_operands(pi, self.k_out) for pi in self.bias_types)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Uniform initialisation, ``|w| <= 1 / sqrt(channels_in * number of types)``, bias zero."""
        bound = 1.0 / math.sqrt(self.channels_in * len(self.types))
        torch.nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            torch.nn.init.zeros_(self.bias)

    def extra_repr(self) -> str:
        """The orders, channels and number of types."""
        return (f"k_in={self.k_in}, k_out={self.k_out}, channels_in={self.channels_in}, "
                f"channels_out={self.channels_out}, types={len(self.types)}, bias={self.bias is not None}, "
                f"aggregation={self.aggregation!r}")

    def forward(self, x: Any, *, n: int | None = None) -> Any:
        """Apply the layer to ``(batch, channels_in, n, ..., n)`` (``k_in`` trailing axes).

        ``n`` (the number of points) is needed only when ``k_in = 0 < k_out``: then ``x`` holds
        invariants, and the output's size must be given.
        """
        k_in = self.k_in
        if x.ndim != 2 + k_in or x.shape[1] != self.channels_in or len(set(x.shape[2:])) > 1:
            raise ShapeError(f"x: expected (batch, {self.channels_in}" + ", n" * k_in
                             + f") with {k_in} trailing axes of one length, got {tuple(x.shape)}")
        if k_in:
            if n is not None and n != x.shape[-1]:
                raise ShapeError(f"n: expected None or the input's set size {x.shape[-1]}, got {n!r}")
            n = x.shape[-1]
        elif self.k_out:
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ShapeError(f"n: expected the number of points (an int >= 1) for a layer from "
                                 f"invariants (k_in = 0) to {self.k_out}-tuples, got {n!r}")
        else:
            n = 1
        eye = torch.eye(n, dtype=x.dtype, device=x.device)
        ones = torch.ones(n, dtype=x.dtype, device=x.device)
        weight = self.weight
        if self.aggregation == "mean":
            scale = torch.tensor([float(n) ** -d for d in self.summed_blocks], dtype=weight.dtype,
                                 device=weight.device)
            weight = weight * scale
        coeffs = weight @ self._moebius.T.to(weight.dtype)   # weights of the A_pi
        y = None
        for t, (ins, extra, outs) in enumerate(self._plans):
            operands = [coeffs[:, :, t], x] + self._extra(extra, eye, ones)
            spec = f"oc,...c{ins}" + ("," + extra if extra else "") + f"->...o{outs}"
            term = torch.einsum(spec, *operands)
            y = term if y is None else y + term
        if self.bias is not None:
            bias_coeffs = self.bias @ self._bias_moebius.T.to(self.bias.dtype)
            for t, (extra, outs) in enumerate(self._bias_plans):
                spec = "o" + ("," + extra if extra else "") + f"->o{outs}"
                y = y + torch.einsum(spec, bias_coeffs[:, t], *self._extra(extra, eye, ones))
        return y

    @staticmethod
    def _extra(extra: str, eye: Any, ones: Any) -> list[Any]:
        """The identity matrices and ones vectors named by an operand string of `_operands`."""
        return [eye if len(s) == 2 else ones for s in extra.split(",")] if extra else []


class SetPooling(torch.nn.Module):
    """Sum, mean or maximum over the set axes: ``(batch, channels, n, ..., n) -> (batch, channels)``.

    Parameters
    ----------
    mode : {"sum", "mean", "max"}
        The reduction over every axis after the channels (all ``n^k`` entries).

    Notes
    -----
    Invariant under any permutation of the points applied to all set axes at once. For ``k >= 2``
    it is one invariant of several: ``SetLinear(k, 0, ...)`` gives all Bell(k) of them (for
    pairs, the trace and the off-diagonal sum). O(batch * channels * n^k).

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> x = torch.tensor([[[1.0, 2.0], [3.0, 4.0]]]).unsqueeze(0)     # (1, 1, 2, 2)
    >>> SetPooling("sum")(x).tolist(), SetPooling("mean")(x).tolist()
    ([[10.0]], [[2.5]])
    """

    MODES = ("sum", "mean", "max")

    def __init__(self, mode: str = "sum") -> None:
        super().__init__()
        if mode not in self.MODES:
            raise InvalidOptionError(f"mode: expected one of {self.MODES}, got {mode!r}")
        self.mode = mode

    def extra_repr(self) -> str:
        """The reduction."""
        return f"mode={self.mode!r}"

    def forward(self, x: Any) -> Any:
        """Reduce ``(batch, channels, n, ..., n)`` over the set axes."""
        if x.ndim < 2:
            raise ShapeError(f"x: expected (batch, channels, n, ..., n), got {tuple(x.shape)}")
        flat = x.reshape(x.shape[0], x.shape[1], -1)
        if self.mode == "sum":
            return flat.sum(-1)
        if self.mode == "mean":
            return flat.mean(-1)
        return flat.amax(-1)
