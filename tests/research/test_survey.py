"""The survey's numbers are the character identities: dim Hom = <chi, chi'>, biases = <chi, 1>."""

from __future__ import annotations

import json

import pytest

import repkit as rk
from repkit.cli import main as cli_main
from repkit.research import SURVEY_FIELDS, survey

GROUPS = {"D4": lambda: rk.dihedral(4), "S3": lambda: rk.symmetric(3), "Q8": lambda: rk.quaternion(),
          "C6": lambda: rk.cyclic(6), "A4": lambda: rk.alternating(4)}


def _ip(a: rk.Rep, b: rk.Rep) -> int:
    value = rk.inner_product(rk.character(a), rk.character(b))
    assert value == int(value)
    return int(value)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_rows_agree_with_characters(name: str) -> None:
    G = GROUPS[name]()
    rho_in = rk.regular(G)
    one = rk.trivial(G)
    result = survey(G, rho_in, one)
    assert [r.name for r in result.rows][0] == "regular" and result.rows[-1].name == "irreducibles"
    for row in result.rows:
        assert tuple(row.__dataclass_fields__) == SURVEY_FIELDS
        H = result.candidates[row.name]
        assert row.dim == H.dim
        assert row.weights_hidden == _ip(H, H) and row.weights_in == _ip(rho_in, H)
        assert row.biases == _ip(one, H) and row.weights_out == _ip(H, one)
        chi = rk.character(H)
        assert row.kernel_order == sum(1 for g in G.elements if chi(g) == H.dim)
        assert row.faithful == (row.kernel_order == 1)
        assert row.dim >= 1 and row.weights_out <= row.dim
    # every coset representation G/H has dimension |G : H|, biases 1 (it is transitive)
    for row in result.rows[1:-1]:
        assert G.order % row.dim == 0 and row.biases == 1 and row.reaches_output


def test_given_candidates_and_reach() -> None:
    G = rk.dihedral(4)
    rot = rk.dihedral_rotation(G)
    result = survey(G, rk.natural(G), rk.trivial(G), {"rotation": rot, "4 rotations": 4 * rot})
    assert not result.row("rotation").reaches_output and result.row("4 rotations").weights_hidden == 16
    with pytest.raises(rk.InvalidOptionError, match="name"):
        result.row("nope")
    with pytest.raises(rk.IncompatibleGroupError, match="candidates"):
        survey(G, rk.natural(G), rk.trivial(G), {"other": rk.regular(rk.cyclic(3))})
    with pytest.raises(rk.GroupTooLargeError, match="max_order"):
        survey(rk.symmetric(7), rk.natural(rk.symmetric(7)), rk.trivial(rk.symmetric(7)))
    assert "candidate" in str(result) and len(result.records()) == len(result.rows)


def test_cli_survey(capsys) -> None:
    assert cli_main(["survey", "dihedral:4", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["rho_in"] == "natural" and record["rows"][0]["name"] == "regular"
    assert set(record["rows"][0]) == set(SURVEY_FIELDS)
    assert cli_main(["survey", "cyclic:4", "--in", "regular", "--out", "regular"]) == 0
    assert "W hid" in capsys.readouterr().out
    assert cli_main(["survey", "dihedral:4", "--in", "bad+"]) == 2
    assert "--in" in capsys.readouterr().err
