"""Hostile inputs (issue 13): bounded resources, no crash, no silent wrong answer, careful files.

Every case runs in its own child process under an address-space cap (``RLIMIT_AS``) and a time
limit (tests/hostile_helpers.py), so a FLINT abort, a runaway allocation or a hang fails the
case instead of the suite. Each case checks the error class (a `RepkitError` subclass) and that
the child's peak resident memory stayed under the stated bound. The generated cases run
hypothesis inside one capped child per family. The bounds and their defaults: docs/limits.md.
"""

from __future__ import annotations

import os
import sys

import pytest

from hostile_helpers import run_capped

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps and FIFOs need Linux")

#: (id, body, expected error class, memory cap in MiB, peak-memory bound in MiB)
CASES = [
    # -- the process dies: FLINT aborts on huge allocations -------------------------------
    ("character-table-z2^16", "import repkit as rk\nrk.translations((2,) * 16).character_table()",
     "ResourceLimitError", 1536, 800),
    ("identity-1e9", "import repkit as rk\nrk.Matrix.identity(10**9)", "ResourceLimitError", 768, 300),
    ("zeros-rows-1e9", "import repkit as rk\nrk.Matrix.zeros(10**9, 0)", "ResourceLimitError", 768, 300),
    ("trivial-rep-dim-1e9", "import repkit as rk\n"
     "rk.Rep.from_generators(rk.Group.from_presentation('<|>'), {}, dim=10**9)", "ResourceLimitError", 768, 300),
    ("outer-product", "import repkit as rk\nrk.Matrix.zeros(10**5, 1) @ rk.Matrix.zeros(1, 10**5)",
     "ResourceLimitError", 768, 300),
    ("kron", "import repkit as rk\nrk.Matrix.identity(10**3).kron(rk.Matrix.identity(10**3))",
     "ResourceLimitError", 1024, 600),
    ("permutation-matrix-1e5", "import repkit as rk\nrk.Matrix.permutation(list(range(10**5)))",
     "ResourceLimitError", 768, 300),
    # -- tiny inputs, unbounded memory or time: the parser -----------------------------------
    ("left-normed-commutator", "import repkit as rk\n"
     "rk.Group.from_presentation('<a, b | [a, ' + ', '.join(['b'] * 27) + ']>')",
     "PresentationSyntaxError", 768, 300),
    ("commutator-in-word", "from repkit.groups.presentation import parse_word\n"
     "parse_word('[a, ' + ', '.join(['b'] * 40) + ']', ['a', 'b'])", "PresentationSyntaxError", 768, 300),
    ("conjugate-chain", "from repkit.groups.presentation import parse_word\n"
     "parse_word('a' + '^(a b a b a b a b)' * 1 + ''.join('^(' + 'ab' * 20 for _ in range(60)) + ')' * 60, ['a', 'b'])",
     "PresentationSyntaxError", 768, 300),
    ("nesting-a^(", "from repkit.groups.presentation import parse_word\n"
     "parse_word('a^(' * 199 + 'a' + ')' * 199, ['a', 'b'])", "PresentationSyntaxError", 768, 300),
    ("nesting-brackets-1e5", "from repkit.groups.presentation import parse_word\n"
     "parse_word('(' * 10**5 + 'a' + ')' * 10**5, ['a'])", "PresentationSyntaxError", 768, 300),
    ("nesting-commutators", "from repkit.groups.presentation import parse_word\n"
     "parse_word('[a,' * 500 + 'a' + ']' * 500, ['a'])", "PresentationSyntaxError", 768, 300),
    ("exponent-5000-digits", "from repkit.groups.presentation import parse_word\n"
     "parse_word('a^' + '9' * 5000, ['a'])", "PresentationSyntaxError", 768, 300),
    ("identity-to-huge-power", "from repkit.groups.presentation import parse_word\n"
     "parse_word('1^' + '9' * 40, ['a'])", "PresentationSyntaxError", 768, 300),
    ("superscript-digits", "from repkit.groups.presentation import parse_word\n"
     "parse_word('a' + '\\u2079' * 5000, ['a'])", "PresentationSyntaxError", 768, 300),
    ("power-word-1e9", "import repkit as rk\nrk.Group.from_presentation('<a | a^1000000000>')",
     "PresentationSyntaxError", 768, 300),
    ("word_power-api", "from repkit.groups.words import word_power\nword_power((1, 2), 10**40)",
     "ResourceLimitError", 768, 300),
    # -- tiny inputs, unbounded memory or time: enumeration, closure, bases --------------------
    ("todd-coxeter-300-free-generators", "import repkit as rk\n"
     "from repkit.groups.todd_coxeter import enumerate_cosets\n"
     "from repkit.groups.presentation import Presentation\n"
     "enumerate_cosets(Presentation(tuple(f'x{i}' for i in range(300)), ()), max_table_entries=2**22)",
     "CosetEnumerationLimitError", 768, 350),
    ("from-matrices-det-2", "import repkit as rk\nrk.Group.from_matrices({'a': [[2]]}).order",
     "GroupTooLargeError", 768, 300),
    ("from-matrices-unipotent", "import repkit as rk\nrk.Group.from_matrices({'a': [[1, 1], [0, 1]]}).order",
     "GroupTooLargeError", 768, 300),
    ("from-matrices-infinite-product", "import repkit as rk\nfrom fractions import Fraction as F\n"
     "rk.Group.from_matrices({'a': [[0, 1], [1, 0]], 'b': [[0, 2], [F(1, 2), 0]]}).order", "GroupTooLargeError", 768, 300),
    ("from-matrices-200-permutation", "import random, repkit as rk\n"
     "p = list(range(200)); random.Random(1).shuffle(p)\n"
     "rk.Group.from_matrices({'a': rk.Matrix.permutation(p)}).order", "ResourceLimitError", 768, 300),
    ("basis-regular-Z20000", "import repkit as rk\nR = rk.regular(rk.cyclic(20000))\nrk.equivariant_basis(R, R)",
     "ResourceLimitError", 1024, 400),
    ("basis-regular-S8", "import repkit as rk\nR = rk.regular(rk.symmetric(8))\nR >> R",
     "ResourceLimitError", 1024, 500),
    ("tensor-power-20", "import repkit as rk\nrk.dihedral_rotation(4) ** 20", "ResourceLimitError", 768, 300),
    ("tensor-power-perm-20", "import repkit as rk\nrk.natural(rk.symmetric(3)) ** 20", "ResourceLimitError", 768, 300),
    # -- silent wrong answers ---------------------------------------------------------------
    ("cosets-of-a-foreign-subgroup", "import repkit as rk\n"
     "rk.cyclic(6).left_cosets(rk.cyclic(12).subgroup(['t^2']))", "NotASubgroupError", 768, 300),
    ("right-cosets-of-a-foreign-subgroup", "import repkit as rk\n"
     "rk.dihedral(4).right_cosets(rk.symmetric(3).subgroup([]))", "NotASubgroupError", 768, 300),
    ("equivariance-error-nan", "import numpy as np, repkit as rk\n"
     "from repkit.equivariant.nonlinear import equivariance_error\nrho = rk.dihedral_rotation(4)\n"
     "equivariance_error(lambda x: x * np.nan, rho, rho, np.ones((3, 2)))", "NonFiniteValueError", 768, 300),
    ("equivariance-error-inf-off-the-inputs", "import numpy as np, repkit as rk\n"
     "from repkit.equivariant.nonlinear import equivariance_error\nrho = rk.dihedral_rotation(4)\n"
     "f = lambda x: np.where(x < 0, np.inf, x)\n"
     "equivariance_error(f, rho, rho, np.ones((3, 2)))", "NonFiniteValueError", 768, 300),
    ("equivariance-error-nan-inputs", "import numpy as np, repkit as rk\n"
     "from repkit.equivariant.nonlinear import equivariance_error\nrho = rk.dihedral_rotation(4)\n"
     "equivariance_error(lambda x: x, rho, rho, np.full((3, 2), np.nan))", "NonFiniteValueError", 768, 300),
    # -- errors outside the contract --------------------------------------------------------
    ("huge-message-unknown-generator", "import repkit as rk\n"
     "rk.Group.from_presentation('<a | ' + 'x' * 10**6 + '>')", "UnknownGeneratorSyntaxError", 768, 300),
    ("huge-permutation-message", "import repkit as rk\nrk.Matrix.permutation([0] * 10**4)",
     "InvalidPermutationError", 768, 300),
]


#: Cases over ~3 s on a loaded 2-core machine (``pytest -m "not slow"`` skips them).
SLOW_CASE_IDS = {"basis-regular-Z20000", "huge-message-unknown-generator"}


@pytest.mark.parametrize("body,expected,mem_mb,peak_mb",
                         [pytest.param(*c[1:], marks=pytest.mark.slow) if c[0] in SLOW_CASE_IDS else c[1:]
                          for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_case(body: str, expected: str, mem_mb: int, peak_mb: int) -> None:
    out = run_capped(body, mem_mb=mem_mb, seconds=60)
    assert out.is_repkit_error(expected), f"expected {expected}, got {out.raised}: {out.message[:500]}"
    assert out.message_length < 2000, f"message of {out.message_length} characters"
    assert out.peak_mb < peak_mb, f"peak memory {out.peak_mb:.0f} MiB >= {peak_mb} MiB"


# -- files: reading trusts nothing ---------------------------------------------------------------

_CRAFTED = '''
import hashlib, io, zipfile, numpy as np, repkit as rk
from repkit.equivariant.basis import _canonical_array_bytes
shape = (1 << 20, 1 << 14)
arrays = {"schema_version": np.array(1, np.int64), "kind": np.array("sparse"),
          "shape": np.array(shape, np.int64), "dim": np.array(1, np.int64), "field": np.array(1, np.int64),
          "entry_index": np.array([0], np.int64), "entry_values": np.array([VALUE], np.int64),
          "row_denominators": np.array([1], np.int64), "bias_numerators": np.zeros((0, shape[0]), np.int64),
          "bias_denominators": np.zeros(0, np.int64), "metadata": np.array("{}")}
h = hashlib.sha256(b"sparse")
for name in sorted(set(arrays) - {"schema_version", "kind", "metadata"}):
    h.update(_canonical_array_bytes(name, arrays[name]))
arrays["checksum"] = np.array(h.hexdigest())
with zipfile.ZipFile("crafted.npz", "w") as zf:
    for name, arr in arrays.items():
        buf = io.BytesIO(); np.lib.format.write_array(buf, arr); zf.writestr(name + ".npy", buf.getvalue())
assert len(open("crafted.npz", "rb").read()) < 16_000
rk.load_template("crafted.npz")
'''

_BOMB = '''
import io, zipfile, numpy as np, repkit as rk
B = rk.equivariant_basis(rk.natural(rk.symmetric(3)), rk.natural(rk.symmetric(3)))
B.save("w.npz")
with np.load("w.npz") as z:
    arrays = {k: z[k] for k in z.files}
header = io.BytesIO()
np.lib.format.write_array_header_1_0(header, {"descr": "<i8", "fortran_order": False, "shape": (1 << 30,)})
with zipfile.ZipFile("bomb.npz", "w", compression=zipfile.ZIP_DEFLATED) as zf:
    for name, arr in arrays.items():
        buf = io.BytesIO(); np.lib.format.write_array(buf, arr); zf.writestr(name + ".npy", buf.getvalue())
    zf.writestr("float_view.npy", header.getvalue() + bytes(1 << 27))      # 128 MiB of zeros, ~130 KB
rk.load_template("bomb.npz")
'''

FILE_CASES = [
    ("fifo", "import os, repkit as rk\nos.mkfifo('pipe.npz')\nrk.load_template('pipe.npz')", "TemplateError"),
    ("dev-zero", "import repkit as rk\nrk.load_template('/dev/zero')", "TemplateError"),
    ("directory", "import repkit as rk\nrk.load_template('.')", "TemplateError"),
    ("crafted-sparse-pattern", _CRAFTED.replace("VALUE", "1"), "TemplateError"),
    ("crafted-sparse-huge-shape", _CRAFTED.replace("VALUE", "3"), "TemplateError"),
    ("deflate-bomb", _BOMB, "TemplateError"),
    ("save-over-symlink", "import os, numpy as np, repkit as rk\nopen('t.npz', 'w').write('keep')\n"
     "os.symlink('t.npz', 'l.npz')\nrk.WeightBasis.from_pattern(np.array([[0]])).save('l.npz')", "FileWriteError"),
    ("save-over-device", "import numpy as np, repkit as rk\n"
     "rk.WeightBasis.from_pattern(np.array([[0]])).save('/dev/null')", "FileWriteError"),
    ("save-missing-directory", "import numpy as np, repkit as rk\n"
     "rk.WeightBasis.from_pattern(np.array([[0]])).save('no/such/dir/w.npz')", "FileWriteError"),
    ("save-bytes-path", "import numpy as np, repkit as rk\n"
     "rk.WeightBasis.from_pattern(np.array([[0]])).save(b'w.npz')", "FileWriteError"),
]


@pytest.mark.parametrize("body,expected", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_hostile_file(body: str, expected: str, tmp_path) -> None:
    out = run_capped(body, mem_mb=1024, seconds=60, cwd=tmp_path)
    assert out.is_repkit_error(expected), f"expected {expected}, got {out.raised}: {out.message[:500]}"
    assert out.peak_mb < 400, f"peak memory {out.peak_mb:.0f} MiB"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".repkit-tmp")]


# -- generated cases: hypothesis inside one capped child per family -------------------------------

_FUZZ_PARSER = '''
import repkit as rk
from hypothesis import given, settings, strategies as st, HealthCheck
from repkit.groups.presentation import parse_presentation, parse_word

pieces = st.sampled_from(["a", "b", "ab", "e", "1", "^", "^-", "^(", "(", ")", "[", "]", ",", "*", "**", "=",
                          "|", "<", ">", "{", "}", "-", "99", "9" * 40, "0", " ", "\\u207b", "\\u00b2", "\\\\langle",
                          "\\\\mid", "\\\\rangle", ";", "x", "s_{1}", "a^b", "[a, b, b, b]"])
texts = st.lists(pieces, max_size=60).map("".join) | st.builds(lambda p, k: p * k, pieces, st.integers(1, 3000))

@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(texts)
def check(text):
    for parse in (lambda t: parse_presentation(t, max_word_length=10**5),
                  lambda t: parse_word(t, ["a", "b"], max_word_length=10**5)):
        try:
            parse(text)
        except rk.RepkitError as exc:
            assert len(str(exc)) < 2000, f"a message of {len(str(exc))} characters: {str(exc)[:300]}"
check()
'''

_FUZZ_TEMPLATE = '''
import os, random, numpy as np, repkit as rk
from hypothesis import given, settings, strategies as st, HealthCheck
B = rk.equivariant_basis(rk.natural(rk.symmetric(4)) @ rk.natural(rk.symmetric(4)), rk.natural(rk.symmetric(4)))
B.save("good.npz")
good = open("good.npz", "rb").read()

@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(1, 255)), min_size=1, max_size=8),
       st.integers(0, len(good)))
def check(flips, cut):
    data = bytearray(good[:cut] if cut < len(good) else good)
    for pos, x in flips:
        if pos < len(data):
            data[pos] ^= x
    open("bad.npz", "wb").write(bytes(data))
    try:
        C = rk.load_template("bad.npz")
    except rk.TemplateError:
        return
    assert bytes(data) == good and C == B, f"a corrupted template loaded: flips {flips}, cut {cut}"
check()
'''

_FUZZ_SAVE = '''
import os, stat, numpy as np, repkit as rk
from hypothesis import given, settings, strategies as st, HealthCheck
B = rk.WeightBasis.from_pattern(np.array([[0, 1], [1, 0]]))
os.mkdir("d"); os.mkfifo("fifo"); os.symlink("d", "link")
names = st.sampled_from(["w.npz", "d", "d/", "fifo", "link", "link/w.npz", "missing/w.npz", "", "a\\x00b",
                         "x" * 300, "d/w.npz", "/dev/null", "\\u00e9.npz", "."])

@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(names, st.booleans())
def check(name, as_bytes):
    path = os.fsencode(name) if as_bytes else name
    try:
        B.save(path)
    except rk.FileWriteError as exc:
        assert isinstance(exc, OSError) and len(str(exc)) < 2000, str(exc)[:300]
    else:
        assert not as_bytes and rk.load_template(name) == B
    assert not [p for p in os.listdir(".") + os.listdir("d") if p.endswith(".repkit-tmp")]
    assert stat.S_ISFIFO(os.stat("fifo").st_mode) and os.path.islink("link")
check()
'''

FUZZ = [("parser", _FUZZ_PARSER), ("template-bytes", _FUZZ_TEMPLATE), ("save-paths", _FUZZ_SAVE)]


@pytest.mark.parametrize("body", [f[1] for f in FUZZ], ids=[f[0] for f in FUZZ])
def test_generated_hostile_inputs(body: str, tmp_path) -> None:
    out = run_capped(body.replace("EXAMPLES", "60"), mem_mb=1024, seconds=120, cwd=tmp_path)
    assert out.raised is None, f"{out.raised}: {out.message[:2000]}"
    assert out.peak_mb < 500, f"peak memory {out.peak_mb:.0f} MiB"


@pytest.mark.slow
@pytest.mark.parametrize("body", [f[1] for f in FUZZ], ids=[f[0] for f in FUZZ])
def test_generated_hostile_inputs_long(body: str, tmp_path) -> None:
    out = run_capped(body.replace("EXAMPLES", "1500"), mem_mb=1024, seconds=900, cwd=tmp_path)
    assert out.raised is None, f"{out.raised}: {out.message[:2000]}"


SLOW_CASES = [
    # the default table bound with 300 generators: a 2 GiB table, then a clean error
    ("todd-coxeter-300-generators-default", "from repkit.groups.todd_coxeter import enumerate_cosets\n"
     "from repkit.groups.presentation import Presentation\n"
     "enumerate_cosets(Presentation(tuple(f'x{i}' for i in range(300)), ()))", "CosetEnumerationLimitError", 4096,
     3000),
    # 900 KB of juxtaposed letters parses in linear time (the time limit is the guard)
    ("juxtaposed-900KB", "from repkit.groups.presentation import parse_presentation\n"
     "return len(parse_presentation('<a, b | ' + 'ab,' * 300000 + 'a>').relators)", None, 2048, 1500),
]


@pytest.mark.slow
@pytest.mark.parametrize("body,expected,mem_mb,peak_mb", [c[1:] for c in SLOW_CASES], ids=[c[0] for c in SLOW_CASES])
def test_hostile_case_long(body: str, expected: str | None, mem_mb: int, peak_mb: int) -> None:
    out = run_capped(body, mem_mb=mem_mb, seconds=120)
    assert out.raised == expected, f"expected {expected}, got {out.raised}: {out.message[:500]}"
    assert out.peak_mb < peak_mb, f"peak memory {out.peak_mb:.0f} MiB >= {peak_mb} MiB"
