"""The Compact compliance scorecard as a live section of reports and packs."""

from types import SimpleNamespace

import pytest

from partnerships.sections import SECTIONS, choices, render_sections

pytestmark = pytest.mark.django_db


def test_each_round_is_a_choice_and_renders_its_scorecard(world):
    round = world["round"]
    key = f"compact.scorecard:{round.pk}"
    assert (key, f"Compact compliance scorecard: {round.title} (West Cheshire Compact)") in (
        choices()
    )
    html = render_sections(SimpleNamespace(live_sections=[key]))
    assert "<h3>Compact compliance scorecard</h3>" in html
    assert "Ratings by code" in html and "Ratings by sector" in html
    assert "Alcohol Strategy for West Cheshire" in html  # the finding from records


def test_a_round_since_deleted_says_so(world):
    section = SECTIONS["compact.scorecard"]
    assert "no longer in the portal" in section.render(None, "99999")
    assert "no longer in the portal" in section.render(None, "x")
