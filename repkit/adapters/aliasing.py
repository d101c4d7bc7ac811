"""Aliasing, measured: shift- and rotation-equivariance errors of a layer or model on images.

Framework-neutral: ``model`` is any callable on channels-first arrays ``(batch, C, H, W)``, NumPy
arrays or torch tensors (the input is transformed with the framework's own ops, the outputs are
compared as float64 NumPy arrays). Outputs are feature maps ``(batch, C', H', W')`` or invariant
vectors ``(batch, C')``.

`shift_equivariance_error` shifts the input circularly by ``s`` pixels (along rows and columns)
and compares ``model(shift_s x)`` with ``shift_{s/f} model(x)``, ``f`` the total downsampling
factor (``H / H'`` of the model, times the extra ``stride`` the function applies itself). When
``s / f`` is not an integer the reference shift is the exact band-limited (Fourier) shift, the
only translation defined between grid points; an invariant vector is compared with
``model(x)``. With ``stride > 1`` the function subsamples the model's (full-resolution) output,
after a ``[1, 2, 1] x [1, 2, 1] / 16`` binomial blur if ``blur=True`` (Zhang, "Making
convolutional networks shift-invariant again", ICML 2019, sec. 3): stride 2 keeps exactly the
even shifts; the blur lowers the error of the odd ones.

`rotation_equivariance_error` compares ``model(g x)`` with ``g model(x)`` for every element of a
point group, acting on space by the integer matrices ``A_g`` (``r`` like ``numpy.rot90``, ``f``
like ``numpy.fliplr``, as in `repkit.equivariant.steerable`) and on the channels by ``rho(g)``.

Examples
--------
>>> import numpy as np
>>> x = np.random.default_rng(0).normal(size=(2, 1, 8, 8))
>>> err = shift_equivariance_error(lambda a: a[:, :, ::2, ::2], x)        # plain subsampling
>>> err[2] < 1e-12 < err[1]                                               # only even shifts exact
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidOptionError, ShapeError
from ._lattice import default_point_group

__all__ = ["shift_equivariance_error", "rotation_equivariance_error", "blur_subsample", "fourier_shift",
           "spatial_action"]

_BINOMIAL = np.array([1.0, 2.0, 1.0]) / 4.0


def _is_torch(x: Any) -> bool:
    return type(x).__module__.split(".")[0] == "torch"


def _numpy(y: Any) -> np.ndarray:
    if _is_torch(y):
        y = y.detach().cpu()
        if y.is_complex():
            return y.numpy().astype(np.complex128)
        return y.double().numpy()
    return np.asarray(y, dtype=np.float64)


def _roll(x: Any, shift: tuple[int, int]) -> Any:
    if _is_torch(x):
        import torch  # noqa: PLC0415 - the input is already a torch tensor

        return torch.roll(x, shifts=shift, dims=(-2, -1))
    return np.roll(x, shift, axis=(-2, -1))


def blur_subsample(y: np.ndarray, stride: int, *, blur: bool = False) -> np.ndarray:
    """Subsample the last two axes by ``stride``, after a circular ``[1, 2, 1]`` binomial blur if asked.

    Parameters
    ----------
    y : numpy.ndarray
        ``(..., H, W)``.
    stride : int
        ``>= 1``.
    blur : bool, optional

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> y = np.arange(16.0).reshape(1, 4, 4)
    >>> blur_subsample(y, 2).tolist()
    [[[0.0, 2.0], [8.0, 10.0]]]
    >>> float(blur_subsample(np.ones((4, 4)), 2, blur=True).sum())     # the blur keeps constants
    4.0
    """
    if blur:
        for axis in (-2, -1):
            y = sum(w * np.roll(y, 1 - i, axis=axis) for i, w in enumerate(_BINOMIAL))
    return y[..., ::stride, ::stride]


def fourier_shift(y: np.ndarray, shift: tuple[float, float]) -> np.ndarray:
    """Shift the last two axes circularly by real amounts, exactly for band-limited signals.

    Integer shifts equal ``numpy.roll``; the Nyquist frequency of an even axis is shifted by its
    real part (a cosine), so a real input stays real.

    Examples
    --------
    >>> y = np.random.default_rng(1).normal(size=(3, 6, 4))
    >>> bool(np.allclose(fourier_shift(y, (1, 2)), np.roll(y, (1, 2), axis=(-2, -1))))
    True
    """
    out = np.fft.fft2(y, axes=(-2, -1))
    for axis, s in zip((-2, -1), shift):
        n = y.shape[axis]
        freq = np.fft.fftfreq(n) * n
        phase = np.exp(-2j * np.pi * freq * s / n)
        if n % 2 == 0:
            phase[n // 2] = np.cos(np.pi * s)
        shape = [1] * y.ndim
        shape[axis] = n
        out = out * phase.reshape(shape)
    res = np.fft.ifft2(out, axes=(-2, -1))
    return res.real if not np.iscomplexobj(y) else res


def _check_images(x: Any) -> None:
    if getattr(x, "ndim", None) != 4:
        raise ShapeError(f"x: expected a (batch, channels, H, W) array, got shape {tuple(np.shape(x))}")


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    den = float(np.linalg.norm(b))
    return float(np.linalg.norm(a - b)) / den if den else float(np.linalg.norm(a - b))


def shift_equivariance_error(model: Callable[[Any], Any], x: Any, shifts: Sequence[Any] = (1, 2), *,
                             blur: bool = False, stride: int = 1) -> dict[Any, float]:
    """The relative shift-equivariance error of ``model`` on ``x`` for each shift.

    Parameters
    ----------
    model : callable
        ``(batch, C, H, W) -> (batch, C', H', W')`` or ``(batch, C')`` (NumPy or torch).
    x : array or tensor
        ``(batch, C, H, W)``.
    shifts : sequence of int or (int, int), optional
        An int ``s`` shifts by ``(s, s)`` (rows, columns); default ``(1, 2)``.
    blur : bool, optional
        Blur the model's output with ``[1, 2, 1]`` before the subsampling by ``stride``.
    stride : int, optional
        Subsample the model's output by this factor (default 1: none).

    Returns
    -------
    dict
        shift -> ``|model'(shift x) - shift model'(x)| / |shift model'(x)|`` (Frobenius norms),
        ``model'`` the model followed by the optional blur and subsampling.

    Raises
    ------
    ShapeError
        If ``x`` is not 4-dimensional, the output's spatial size does not divide the input's, or
        a shift is not an int or a pair of ints.
    InvalidOptionError
        If ``stride`` is not an int ``>= 1``.

    Notes
    -----
    Two model evaluations per shift plus one, and one 2-d FFT per fractional reference shift.
    Circular shifts are exact symmetries of circularly padded stride-1 convolutions, so their
    error is rounding only; zero padding breaks them at the border.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(1, 2, 8, 8))
    >>> err = shift_equivariance_error(lambda a: np.roll(a, 3, axis=-1) ** 2, x, shifts=(1, (0, 3)))
    >>> max(err.values()) < 1e-12
    True
    """
    _check_images(x)
    if isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1:
        raise InvalidOptionError(f"stride: expected an int >= 1, got {stride!r}")

    def run(a: Any) -> np.ndarray:
        y = _numpy(model(a))
        return blur_subsample(y, int(stride), blur=blur) if y.ndim == 4 and (stride > 1 or blur) else y

    base = run(x)
    H, W = x.shape[-2], x.shape[-1]
    if base.ndim == 4 and (H % base.shape[-2] or W % base.shape[-1]):
        raise ShapeError(f"model: expected an output whose spatial size divides {(H, W)}, got {base.shape[-2:]}")
    out = {}
    for s in shifts:
        pair = (s, s) if isinstance(s, (int, np.integer)) and not isinstance(s, bool) else tuple(s) \
            if isinstance(s, (tuple, list)) else None
        if pair is None or len(pair) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                                     for v in pair):
            raise ShapeError(f"shifts: expected ints or pairs of ints, got {s!r}")
        moved = run(_roll(x, (int(pair[0]), int(pair[1]))))
        if base.ndim == 4:
            fh, fw = H // base.shape[-2], W // base.shape[-1]
            target = (pair[0] / fh, pair[1] / fw)
            if target[0] == int(target[0]) and target[1] == int(target[1]):
                ref = np.roll(base, (int(target[0]), int(target[1])), axis=(-2, -1))
            else:
                ref = fourier_shift(base, target)
        else:
            ref = base
        out[s if not isinstance(s, list) else tuple(s)] = _relative(moved, ref)
    return out


def spatial_action(A: Any, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays ``(rows, cols)`` with ``(A f)[p] = f[A^-1 p]`` about the centre of an image.

    Parameters
    ----------
    A : array-like
        An integer 2 x 2 signed permutation matrix acting on ``(row, col)`` offsets.
    size : (int, int)
        ``(H, W)``; must be square unless ``A`` is diagonal.

    Returns
    -------
    rows, cols : numpy.ndarray
        int64 ``(H, W)``: ``image[..., rows, cols]`` is the transformed image.

    Raises
    ------
    ShapeError
        If ``A`` is not a signed permutation matrix or moves pixels off a non-square image.

    Examples
    --------
    >>> img = np.arange(9).reshape(3, 3)
    >>> r, c = spatial_action([[0, -1], [1, 0]], (3, 3))
    >>> bool((img[r, c] == np.rot90(img)).all())
    True
    """
    M = np.asarray(A, dtype=np.int64)
    if M.shape != (2, 2) or sorted(np.abs(M).sum(axis=0).tolist()) != [1, 1] \
            or sorted(np.abs(M).sum(axis=1).tolist()) != [1, 1]:
        raise ShapeError(f"A: expected a 2 x 2 signed permutation matrix (square grid), got {M.tolist()}")
    H, W = size
    if M[0, 1] != 0 and H != W:
        raise ShapeError(f"size: a quarter turn needs a square image, got {(H, W)}")
    inv = M.T                                     # orthogonal
    i, j = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    # centred coordinates times 2 stay integers for even sizes
    p = np.stack([2 * i - (H - 1), 2 * j - (W - 1)], axis=-1)
    q = p @ inv.T
    return ((q[..., 0] + H - 1) // 2).astype(np.int64), ((q[..., 1] + W - 1) // 2).astype(np.int64)


def _act(x: Any, rows: np.ndarray, cols: np.ndarray, R: np.ndarray) -> Any:
    if _is_torch(x):
        import torch  # noqa: PLC0415 - the input is already a torch tensor

        moved = x[..., torch.as_tensor(rows, device=x.device), torch.as_tensor(cols, device=x.device)]
        return torch.einsum("ij,bj...->bi...", torch.as_tensor(R, dtype=x.dtype, device=x.device), moved)
    return np.einsum("ij,bj...->bi...", R, np.asarray(x)[..., rows, cols])


def rotation_equivariance_error(model: Callable[[Any], Any], rho_in: Any, rho_out: Any, x: Any, *,
                                point_group: Any = None) -> dict[str, float]:
    """The relative error of ``model(g x) = g model(x)`` for every element ``g`` of a point group.

    Parameters
    ----------
    model : callable
        ``(batch, rho_in.dim, H, W) -> (batch, rho_out.dim, H', W')`` or ``(batch, rho_out.dim)``.
    rho_in, rho_out : Rep
        Fibre representations of the point group's group.
    x : array or tensor
        ``(batch, rho_in.dim, H, W)``, square for groups with quarter turns.
    point_group : PointGroup, optional
        Default: chosen from ``rho_in.group`` by name (as `EquivariantConv2d` does).

    Returns
    -------
    dict
        Element word (``"1"``, ``"r"``, ``"r^2*f"``, ...) -> relative error (Frobenius norms).

    Raises
    ------
    ShapeError
        If ``x`` or the output has the wrong number of channels, or the point group is not of the
        square grid.
    InvalidOptionError
        If no point group is given and ``rho_in.group`` matches none by name.

    Notes
    -----
    ``|P|`` pairs of model evaluations; each element's matrices come from its word in the
    generators (no table of the group).

    Examples
    --------
    >>> import repkit as rk
    >>> from repkit.equivariant.steerable import point_group
    >>> P = point_group("D4")
    >>> rho = rk.trivial(P.group)
    >>> x = np.random.default_rng(0).normal(size=(1, 1, 5, 5))
    >>> err = rotation_equivariance_error(lambda a: a ** 3, rho, rho, x, point_group=P)
    >>> len(err), max(err.values()) < 1e-12
    (8, True)
    """

    _check_images(x)
    if x.shape[1] != rho_in.dim:
        raise ShapeError(f"x: expected {rho_in.dim} channels (rho_in.dim), got shape {tuple(x.shape)}")
    if point_group is None:
        point_group = default_point_group(rho_in.group)
    if point_group.grid != "square":
        raise ShapeError(f"point_group: expected a square-grid point group, got {point_group.name}")
    G = point_group.group
    base = _numpy(model(x))
    if base.shape[1] != rho_out.dim:
        raise ShapeError(f"model: expected {rho_out.dim} output channels (rho_out.dim), got {base.shape}")
    out = {}
    for g in G.elements:
        A = np.array(point_group.action(g).to_list(), dtype=np.int64)
        rows, cols = spatial_action(A, (x.shape[-2], x.shape[-1]))
        moved = _numpy(model(_act(x, rows, cols, rho_in(g).to_numpy(float))))
        R_out = rho_out(g).to_numpy(float)
        if base.ndim == 4:
            r2, c2 = spatial_action(A, (base.shape[-2], base.shape[-1]))
            ref = _act(base, r2, c2, R_out)
        else:
            ref = base @ R_out.T
        out[G.word_str(g)] = _relative(moved, ref)
    return out
