"""The command line: every command with good and bad input, exit codes, JSON that parses.

Most tests run in-process through ``repkit.cli.main(argv)``; a few run the real console entry
point in a subprocess (interrupt, broken pipe, closed stderr, an ASCII-only terminal).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import repkit as rk
from repkit.cli import build_group, build_rep, demo, main, parse_group_spec, parse_rep_spec
from repkit.cli.spec import RepAtom, RepMultiple, RepPower, RepSum, RepTensor

GROUPS = ["cyclic:6", "dihedral:4", "symmetric:4", "alternating:4", "quaternion", "dicyclic:3",
          "translations:2,3", "<r, f | r^4 = f^2 = e, r f = f r^-1>", "dihedral:3 x cyclic:2"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def assert_user_error(capsys, *argv: str, contains: str = "") -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2, (status, out, err)
    assert out == ""
    assert err.startswith("repkit: error: ") and err.count("\n") == 1, err   # one line
    assert "Traceback" not in err
    assert contains in err, err
    return err


# ------------------------------------------------------------------ spec languages
@pytest.mark.parametrize("text", [
    "regular", "3*natural + sign", "natural@natural", "2*(trivial + sign)@natural",
    "natural^2 + irrep:5", "perm:[1,2,3,0];[0,3,2,1]", "cosets:[r^2, f]", "(natural + sign)^2",
])
def test_rep_spec_str_parses_back_to_the_same_tree(text: str) -> None:
    spec = parse_rep_spec(text)
    assert parse_rep_spec(str(spec)) == spec


def test_rep_spec_precedence() -> None:
    spec = parse_rep_spec("3*natural@sign + trivial")
    assert isinstance(spec, RepSum)
    first = spec.terms[0]
    assert isinstance(first, RepMultiple) and first.count == 3
    assert isinstance(first.rep, RepTensor)
    assert parse_rep_spec("natural^2") == RepPower(RepAtom("natural", None, 0), 2)


@pytest.mark.parametrize("text, column", [
    ("3*natrual", 3), ("natural +", 10), ("natural @@ sign", 10), ("perm:[1,2,x]", 11),
    ("irrep:0", 7), ("0*natural", 1), ("(natural", 9), ("natural)", 8), ("cosets:", 8),
    ("99999999*regular", 1), ("natural^0", 9),
])
def test_rep_spec_errors_give_the_column(text: str, column: int) -> None:
    with pytest.raises(rk.SpecSyntaxError, match=f"at column {column} ") as info:
        parse_rep_spec(text)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text, column", [
    ("dihedral:x", 10), ("dihedral", 1), ("quaternion:3", 1), ("nosuch:3", 1),
    ("<a | a^2", 9), ("cyclic:2 y cyclic:3", 10), ("@", 2),
])
def test_group_spec_errors_give_the_column(text: str, column: int) -> None:
    with pytest.raises(rk.SpecSyntaxError, match=f"at column {column} "):
        parse_group_spec(text)


def test_spec_errors_do_not_echo_huge_input() -> None:
    text = "natural + " * 900 + "nosuch"
    with pytest.raises(rk.SpecSyntaxError) as info:
        parse_rep_spec(text)
    assert len(str(info.value)) < 400
    with pytest.raises(rk.SpecSyntaxError, match="at most"):
        parse_rep_spec("(" * 60 + "regular" + ")" * 60)
    with pytest.raises(rk.SpecSyntaxError, match="at most 10000 characters"):
        parse_rep_spec("regular+" * 2000)


@pytest.mark.parametrize("spec", [g for g in GROUPS if g != "alternating:4"])   # A4 has no sign
@pytest.mark.parametrize("rep", ["regular", "2*trivial + sign", "regular@sign", "(trivial + sign)^2"])
def test_built_reps_have_the_dimension_and_character_the_spec_says(spec: str, rep: str) -> None:
    G = build_group(parse_group_spec(spec))
    rho = build_rep(parse_rep_spec(rep), G)
    reg, one, sgn = rk.regular(G), rk.trivial(G), rk.sign(G)
    expected = {"regular": reg, "2*trivial + sign": one + one + sgn, "regular@sign": reg @ sgn,
                "(trivial + sign)^2": (one + sgn) @ (one + sgn)}[rep]
    assert rho.dim == expected.dim
    assert rho.character() == expected.character()


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_multiplicity_is_k_copies(k: int) -> None:
    G = rk.dihedral(4)
    rho = build_rep(parse_rep_spec(f"{k}*natural"), G)
    assert rho.dim == 4 * k
    assert rho.decompose().multiplicities == tuple(k * m for m in rk.natural(G).decompose().multiplicities)


def test_dimension_is_refused_before_anything_is_built() -> None:
    G = rk.symmetric(6)
    with pytest.raises(rk.SpecSyntaxError, match="max_dim=4096"):
        build_rep(parse_rep_spec("regular^30"), G)
    with pytest.raises(rk.SpecSyntaxError, match="max_dim=100"):
        build_rep(parse_rep_spec("1000000*trivial"), G, max_dim=100)


def test_group_spec_families_and_products() -> None:
    assert build_group(parse_group_spec("dihedral:4 x cyclic:2")).order == 16
    assert build_group(parse_group_spec("translations:4,4")).order == 16
    assert build_group(parse_group_spec("image:2")).order == rk.image_symmetry(2).order
    assert build_group(parse_group_spec("quaternion")).order == 8


def test_group_files(tmp_path) -> None:
    (tmp_path / "d4.txt").write_text("<r, f | r^4, f^2, (r f)^2>\n")
    (tmp_path / "s3.json").write_text(json.dumps({"s": [1, 0, 2], "c": [1, 2, 0]}))
    (tmp_path / "bad.json").write_text("{nope")
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00")
    assert build_group(parse_group_spec(f"@{tmp_path / 'd4.txt'}")).order == 8
    assert build_group(parse_group_spec(str(tmp_path / "s3.json"))).order == 6
    (tmp_path / "a4.g").write_text(rk.alternating(4).to_gap(kind="permutation"))
    (tmp_path / "q8.g").write_text(rk.quaternion().to_gap(kind="fp"))
    assert build_group(parse_group_spec(f"@{tmp_path / 'a4.g'}")).order == 12
    assert build_group(parse_group_spec(f"@{tmp_path / 'q8.g'}")).order == 8
    assert build_group(parse_group_spec(f"@{tmp_path / 'q8.g'} x cyclic:3")).order == 24
    with pytest.raises(rk.SpecSyntaxError, match="invalid JSON at line 1"):
        build_group(parse_group_spec(f"@{tmp_path / 'bad.json'}"))
    with pytest.raises(rk.SpecSyntaxError, match="not UTF-8"):
        build_group(parse_group_spec(f"@{tmp_path / 'bin'}"))
    with pytest.raises(rk.FileAccessError, match="regular file"):
        build_group(parse_group_spec(f"@{tmp_path}"))
    with pytest.raises(rk.FileAccessError, match="regular file"):
        build_group(parse_group_spec(f"@{tmp_path / 'missing'}"))


# ------------------------------------------------------------------ commands, good input
@pytest.mark.parametrize("spec", GROUPS)
def test_info_json(capsys, spec: str) -> None:
    G = build_group(parse_group_spec(spec))
    record = run_json(capsys, "info", spec)
    assert record["order"] == G.order
    assert record["generators"] == list(G.generators)
    assert sum(record["class_sizes"]) == G.order == len(record["elements"])
    assert record["nclasses"] == len(record["class_sizes"])
    assert record["abelian"] == (record["nclasses"] == G.order)
    assert G.order % record["center_order"] == 0 and G.order % record["derived_order"] == 0
    assert all(G.element_order(G.element(w)) for w in record["elements"])
    if record["presentation"] is not None:                     # it reads back to the group
        assert rk.Group.from_presentation(record["presentation"]).order == G.order


def test_info_of_a_group_too_large_to_enumerate(capsys) -> None:
    record = run_json(capsys, "info", "symmetric:12")
    assert record["order"] == 479001600 and record["abelian"] is False
    assert record["nclasses"] is None and record["elements"] is None
    status, out, _ = run(capsys, "info", "symmetric:12")
    assert status == 0 and "not computed" in out
    assert_user_error(capsys, "table", "symmetric:12", contains="max_order")


def test_info_text_and_list_limit(capsys) -> None:
    status, out, _ = run(capsys, "info", "symmetric:5", "--list-limit", "10")
    assert status == 0 and "order: 120" in out and "elements:" not in out
    assert run_json(capsys, "info", "symmetric:5", "--list-limit", "10")["elements"] is None
    status, out, _ = run(capsys, "group", "<a | a^3>")                 # the old name
    assert status == 0 and "order: 3" in out


@pytest.mark.parametrize("spec", GROUPS)
def test_table_json_satisfies_the_orthogonality_relations(capsys, spec: str) -> None:
    record = run_json(capsys, "table", spec)
    order = record["order"]
    degrees = [c["degree"] for c in record["characters"]]
    assert sum(d * d for d in degrees) == order
    sizes = [c["size"] for c in record["classes"]]
    assert sum(sizes) == order and len(sizes) == len(degrees)
    values = [[rk.Cyclotomic.from_gap(v) for v in c["values"]] for c in record["characters"]]
    for i, chi in enumerate(values):                     # row orthogonality, exactly
        for j, psi in enumerate(values):
            total = sum((s * a * b.conjugate() for s, a, b in zip(sizes, chi, psi)),
                        rk.Cyclotomic.from_gap("0"))
            assert total == rk.Cyclotomic.from_gap(str(order if i == j else 0))
    assert all(c["indicator"] in (-1, 0, 1) for c in record["characters"])


def test_table_text_is_gaps_display(capsys) -> None:
    status, out, _ = run(capsys, "table", "dihedral:4")
    assert status == 0 and out.startswith("CharacterTable( <group of order 8> )")
    assert "X.5   2" in out


@pytest.mark.parametrize("spec", GROUPS)
def test_classes_json(capsys, spec: str) -> None:
    G = build_group(parse_group_spec(spec))
    record = run_json(capsys, "classes", spec)
    seen = [w for c in record["classes"] for w in c["elements"]]
    assert sorted(G.element(w) for w in seen) == list(G.elements)     # a partition of G
    for c in record["classes"]:
        assert c["size"] == len(c["elements"]) and c["representative"] in c["elements"]
        assert {G.element_order(G.element(w)) for w in c["elements"]} == {c["element_order"]}
    status, out, _ = run(capsys, "classes", spec)
    assert status == 0 and f"{len(record['classes'])} conjugacy classes" in out


@pytest.mark.parametrize("spec", GROUPS)
def test_decompose_regular_has_each_irreducible_degree_times(capsys, spec: str) -> None:
    record = run_json(capsys, "decompose", spec, "regular")
    assert record["multiplicities"] == record["degrees"]
    assert record["dim"] == sum(m * d for m, d in zip(record["multiplicities"], record["degrees"]))
    assert record["faithful"] and record["kernel_order"] == 1


@pytest.mark.parametrize("rep", ["3*natural + sign", "natural@natural", "cosets:[r^2, f]",
                                 "perm:[1,2,3,0];[0,3,2,1]", "irrep:5^2", "rotation + sign"])
def test_decompose_dimension_is_the_sum_of_the_parts(capsys, rep: str) -> None:
    record = run_json(capsys, "decompose", "dihedral:4", rep)
    assert record["dim"] == sum(m * d for m, d in zip(record["multiplicities"], record["degrees"]))
    assert record["image_order"] * record["kernel_order"] == 8
    assert record["faithful"] == (record["kernel_order"] == 1)


@pytest.mark.parametrize("rep_in, rep_out", [("natural", "natural"), ("regular", "regular"),
                                             ("cosets:f", "natural"), ("natural", "trivial"),
                                             ("2*natural", "sign + natural")])
def test_basis_dimension_is_the_character_inner_product(capsys, rep_in: str, rep_out: str) -> None:
    G = rk.dihedral(4)
    record = run_json(capsys, "basis", "dihedral:4", rep_in, rep_out)
    chi_in = build_rep(parse_rep_spec(rep_in), G).character()
    chi_out = build_rep(parse_rep_spec(rep_out), G).character()
    assert record["dim"] == rk.inner_product(chi_in, chi_out)
    assert record["bias_dim"] == rk.inner_product(chi_out, rk.trivial(G).character())
    assert record["shape"] == [chi_out.degree, chi_in.degree] and record["output"] is None


def test_basis_saves_a_template_that_loads_back(capsys, tmp_path) -> None:
    path = tmp_path / "d4.npz"
    status, out, err = run(capsys, "basis", "dihedral:4", "natural", "-o", str(path))
    assert status == 0, err
    assert f"saved to {path}" in out
    B = rk.load_template(str(path))
    assert B.dim == 3
    assert np.array_equal(B.to_numpy(), rk.equivariant_basis(rk.natural(rk.dihedral(4)),
                                                             rk.natural(rk.dihedral(4))).to_numpy())
    assert run_json(capsys, "basis", "cyclic:3", "-o", str(tmp_path / "c3.npz"))["output"] \
        == str(tmp_path / "c3.npz")


def test_export_template_and_emlp(capsys, tmp_path) -> None:
    record = run_json(capsys, "export", "dihedral:4", "natural", "natural", "-o",
                      str(tmp_path / "t.npz"))
    assert record["format"] == "template" and rk.load_template(str(tmp_path / "t.npz")).dim == 3
    record = run_json(capsys, "export", "dihedral:4", "natural", "natural", "-o",
                      str(tmp_path / "q.npy"), "--format", "emlp")
    Q = np.load(tmp_path / "q.npy", allow_pickle=False)
    assert Q.shape == (16, 3) and record["format"] == "emlp"


def test_demo_reports_every_stage_of_the_pipeline() -> None:
    out = io.StringIO()
    assert demo(out) == 0
    text = out.getvalue()
    assert "order: 8" in text
    assert "normal form r^2*f" in text                      # what is f r^2
    assert "conjugacy classes (5)" in text
    assert "8 nodes, 16 edges" in text                      # Cayley graph
    assert "regular: dim 8, kernel order 1" in text
    assert "vertices of the square (permutation): dim 4, kernel order 1" in text
    assert "sum of squares 8 = |G|" in text
    assert "multiplicities [1, 1, 1, 1, 2]" in text
    assert "exact round trip: True" in text                 # the exported template loads back
    assert "pass --out DIR to keep it" in text


def test_demo_writes_only_into_the_directory_it_is_given(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert os.listdir(tmp_path) == []                       # nothing left behind
    out_dir = tmp_path / "results"
    out_dir.mkdir()
    assert main(["demo", "--out", str(out_dir)]) == 0
    assert os.listdir(out_dir) == ["d4_regular.npz"]
    assert f"wrote the template to {out_dir / 'd4_regular.npz'}" in capsys.readouterr().out
    assert rk.load_template(str(out_dir / "d4_regular.npz")).dim == 8
    assert_user_error(capsys, "demo", "--out", str(tmp_path / "missing"), contains="does not exist")


def test_help_and_version(capsys) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "decompose" in out and "3*natural + sign" in out
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("repkit ")
    for command in ("info", "table", "classes", "decompose", "basis", "export", "plot", "demo"):
        status, out, _ = run(capsys, command, "--help")
        assert status == 0 and out.startswith(f"usage: repkit {command}")


def test_progress_goes_to_stderr_only(capsys) -> None:
    status, out, err = run(capsys, "table", "dihedral:4", "--progress")
    assert status == 0 and "repkit: character table ..." in err and "repkit:" not in out
    status, _, err = run(capsys, "table", "dihedral:4", "-q")
    assert status == 0 and err == ""


# ------------------------------------------------------------------ commands, bad input
@pytest.mark.parametrize("argv, contains", [
    (["info"], "required: GROUP"),
    (["nosuch"], "invalid choice"),
    (["info", "dihedral:4", "--max-cosets", "-5"], "positive integer"),
    (["info", "dihedral:4", "--bogus"], "unrecognized arguments"),
    (["info", "dihedral:x"], "column 10"),
    (["info", "<a | a^>"], "^"),
    (["info", "<a, b | a^2>", "--max-cosets", "1000"], "max_cosets"),
    (["info", "<a | a^99999999999999999999999999>"], "max_word_length"),
    (["info", "<a|" + "(a" * 3000 + ")" * 3000 + ">"], "nested"),
    (["info", "@/nonexistent/file"], "regular file"),
    (["decompose", "dihedral:4", "3*natrual"], "column 3"),
    (["decompose", "<a | a^3>", "natural"], "natural"),
    (["decompose", "dihedral:4", "perm:[1,2,3,0];[0,1,2,3]"], "homomorphism"),
    (["decompose", "dihedral:4", "perm:[1,2,3,0]"], "one image list per generator"),
    (["decompose", "dihedral:4", "irrep:9"], "5 irreducible characters"),
    (["decompose", "dihedral:4", "regular^20"], "max_dim"),
    (["decompose", "dihedral:4", "cosets:[z]"], "z"),
    (["basis", "dihedral:4", "natural", "-o", ""], "empty string"),
    (["basis", "dihedral:4", "natural", "-o", "/nonexistent/dir/x.npz"], "does not exist"),
    (["basis", "dihedral:4", "natural", "-o", "/"], "is a directory"),
    (["basis", "dihedral:4", "natural", "-o", "a\0b"], "NUL"),
    (["export", "dihedral:4", "natural", "natural"], "required: -o"),
    (["export", "dihedral:4", "natural", "natural", "-o", "x", "--format", "pickle"], "invalid choice"),
    (["plot", "dihedral:4", "-o", ""], "empty string"),
], ids=lambda v: v if isinstance(v, str) else " ".join(x[:20] for x in v))
def test_user_errors_exit_2_with_one_line(capsys, argv: list[str], contains: str) -> None:
    assert_user_error(capsys, *argv, contains=contains)


def test_a_failed_save_is_an_error(capsys, tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):       # running as root: make the save fail another way
            target = locked / "sub"
            target.mkdir()
            path = str(target)
            contains = "is a directory"
        else:
            path, contains = str(locked / "x.npz"), "not writable"
        assert_user_error(capsys, "basis", "dihedral:4", "natural", "-o", path, contains=contains)
    finally:
        locked.chmod(0o700)


def test_save_failing_during_the_write_is_an_error(capsys, tmp_path, monkeypatch) -> None:
    from repkit.equivariant import basis as basis_module

    def refuse(self, path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(basis_module.WeightBasis, "save", refuse)
    err = assert_user_error(capsys, "basis", "dihedral:4", "-o", str(tmp_path / "w.npz"),
                            contains="cannot write")
    assert "Permission denied" in err


def test_keyboard_interrupt_exits_130(capsys, monkeypatch) -> None:
    from repkit.cli import commands

    def interrupted(args, progress):
        raise KeyboardInterrupt

    monkeypatch.setitem(commands.COMMANDS, "info", interrupted)
    status, out, err = run(capsys, "info", "cyclic:2")
    assert status == 130 and err == "repkit: interrupted\n" and out == ""


@pytest.mark.parametrize("exc, contains", [(MemoryError, "out of memory"),
                                           (RecursionError, "nested too deeply"),
                                           (OverflowError, "too large")])
def test_resource_exhaustion_is_a_user_error(capsys, monkeypatch, exc, contains) -> None:
    from repkit.cli import commands

    def fail(args, progress):
        raise exc("boom")

    monkeypatch.setitem(commands.COMMANDS, "table", fail)
    assert_user_error(capsys, "table", "cyclic:2", contains=contains)


# ------------------------------------------------------------------ the real process
def _cli(*argv: str, **kwargs):
    return subprocess.run([sys.executable, "-m", "repkit.cli", *argv], capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.mark.slow
def test_console_entry_point_json_and_error() -> None:
    done = _cli("table", "symmetric:3", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["order"] == 6
    done = _cli("decompose", "dihedral:4", "natrual")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_closed_stderr_still_gives_the_exit_status() -> None:
    done = subprocess.run([sys.executable, "-m", "repkit.cli", "info", "dihedral:x"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120,
                          preexec_fn=lambda: os.close(2))
    assert done.returncode == 2 and done.stdout == b""


def test_ascii_terminal_gets_replacement_characters() -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    done = _cli("info", "<\u03b1 | \u03b1^3>", env=env)
    assert done.returncode == 0, done.stderr
    assert "generators: ?" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.slow
def test_broken_pipe_exits_quietly() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "repkit.cli", "table", "symmetric:4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()                    # the reader goes away before anything is written
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == b""


def test_ctrl_c_exits_130_with_one_line() -> None:
    code = ("import sys, time\n"
            "from repkit.cli import commands, main\n"
            "def slow(args, progress):\n"
            "    sys.stderr.write('ready\\n'); sys.stderr.flush(); time.sleep(60)\n"
            "commands.COMMANDS['info'] = slow\n"
            "raise SystemExit(main(['info', 'cyclic:2']))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "repkit: interrupted\n" and out == ""


# ------------------------------------------------------------------ generated input
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ATOMS = st.sampled_from(["regular", "trivial", "sign", "natural", "standard", "rotation"]).map(
    lambda n: RepAtom(n, None, 0)) | st.integers(1, 5).map(lambda i: RepAtom("irrep", i, 0))
_TREES = st.recursive(
    _ATOMS,
    lambda sub: st.one_of(
        st.lists(sub, min_size=2, max_size=3).map(lambda t: RepSum(tuple(t))),
        st.tuples(st.integers(1, 4), sub).map(lambda t: RepMultiple(*t)),
        st.lists(sub, min_size=2, max_size=3).map(lambda t: RepTensor(tuple(t))),
        st.tuples(sub, st.integers(1, 3)).map(lambda t: RepPower(*t)),
    ), max_leaves=6)


def _strip_positions(node):
    """The tree with every atom's position set to 0 (positions are not part of ``str``)."""
    if isinstance(node, RepAtom):
        return RepAtom(node.name, node.arg, 0)
    if isinstance(node, RepSum):
        return RepSum(tuple(map(_strip_positions, node.terms)))
    if isinstance(node, RepMultiple):
        return RepMultiple(node.count, _strip_positions(node.rep))
    if isinstance(node, RepTensor):
        return RepTensor(tuple(map(_strip_positions, node.factors)))
    return RepPower(_strip_positions(node.rep), node.power)


def _flatten(node):
    """Normalise associativity: a sum of sums is one sum, a product of products one product."""
    if isinstance(node, RepSum):
        terms = []
        for t in map(_flatten, node.terms):
            terms += list(t.terms) if isinstance(t, RepSum) else [t]
        return RepSum(tuple(terms))
    if isinstance(node, RepTensor):
        factors = []
        for f in map(_flatten, node.factors):
            factors += list(f.factors) if isinstance(f, RepTensor) else [f]
        return RepTensor(tuple(factors))
    if isinstance(node, RepMultiple):
        return RepMultiple(node.count, _flatten(node.rep))
    if isinstance(node, RepPower):
        return RepPower(_flatten(node.rep), node.power)
    return node


@settings(max_examples=200, deadline=None)
@given(_TREES)
def test_generated_spec_trees_print_and_parse_back(tree) -> None:
    assert _flatten(_strip_positions(parse_rep_spec(str(tree)))) == _flatten(tree)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TREES)
def test_generated_specs_build_with_the_predicted_dimension(tree) -> None:
    G = rk.dihedral(4)
    from repkit.cli.spec import rep_dim_bound

    text = str(tree)
    dims = {"regular": 8, "trivial": 1, "sign": 1, "natural": 4, "standard": 3, "rotation": 2}
    predicted = rep_dim_bound(tree, lambda a: dims.get(a.name) or G.character_table().degrees[a.arg - 1])
    if predicted > 200:
        with pytest.raises(rk.SpecSyntaxError, match="max_dim=200"):
            build_rep(parse_rep_spec(text), G, max_dim=200)
        return
    rho = build_rep(parse_rep_spec(text), G, max_dim=200)
    assert rho.dim == predicted
    assert sum(m * d for m, d in zip(rho.decompose().multiplicities, G.character_table().degrees)) \
        == predicted


_JUNK = st.text(alphabet=st.sampled_from(list("<>|,^-*+@()[]:;=xe 0123456789abrfnatulegi")),
                max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=st.one_of(_JUNK, st.sampled_from(GROUPS)), rep=_JUNK)
def test_any_text_exits_0_or_2_without_a_traceback(group: str, rep: str) -> None:
    import contextlib

    with contextlib.redirect_stdout(io.StringIO()) as out_stream, \
            contextlib.redirect_stderr(io.StringIO()) as err_stream:
        status = main(["decompose", group, rep, "--max-cosets", "2000", "--max-dim", "64", "-q"])
    out, err = out_stream.getvalue(), err_stream.getvalue()
    assert status in (0, 2)
    if status == 2:
        assert out == "" and err.startswith("repkit: error: ") and err.count("\n") == 1
    else:
        assert err == "" and " = " in out


def test_multiplicities_give_structured_bases_that_save(capsys, tmp_path) -> None:
    path = tmp_path / "s.npz"
    record = run_json(capsys, "basis", "dihedral:4", "2*natural", "3*natural", "-o", str(path))
    assert record["dim"] == 2 * 3 * 3 and record["shape"] == [12, 8]       # 6 blocks of dim 3
    assert record["method"].startswith("structured")
    assert rk.load_template(str(path)).dim == 18
