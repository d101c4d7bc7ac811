"""repkit.research: exact comparisons for choosing hidden-layer representations.

Examples
--------
>>> import repkit as rk
>>> G = rk.cyclic(4)
>>> survey(G, rk.regular(G), rk.trivial(G)).row("regular").dim
4
"""

from __future__ import annotations

from .survey import SURVEY_FIELDS, Survey, SurveyRow, default_candidates, survey

__all__ = ["survey", "Survey", "SurveyRow", "default_candidates", "SURVEY_FIELDS"]
