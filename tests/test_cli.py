"""The command line: the demo walks the whole pipeline; errors exit with status 2 and a message."""

from __future__ import annotations

import io

from repkit.cli import demo, main


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


def test_bad_presentation_exits_with_status_2(capsys) -> None:
    assert main(["group", "<a | a^>"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("repkit: error:") and "^" in err


def test_infinite_group_hits_the_coset_limit(capsys) -> None:
    assert main(["group", "<a, b | a^2>", "--max-cosets", "1000"]) == 2
    assert "max_cosets" in capsys.readouterr().err
