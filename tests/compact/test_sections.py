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


def test_the_scorecard_prints_in_a_report_pdf(world):
    import io

    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from partnerships.models import Report
    from partnerships.packs import render_pdf

    report = Report.objects.create(
        title="Compact compliance 2009/10",
        author="Alison Armstrong",
        live_sections=[f"compact.scorecard:{world['round'].pk}"],
    )
    item = SimpleNamespace(number=8, get_kind_display="Discussion", exempt=False)
    html = render_to_string("partnerships/pdf/report.html", {"report": report, "item": item})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(html))).pages)
    assert "Compact compliance scorecard" in text
    assert "Ratings by code" in text and "Ratings by sector" in text
    text = " ".join(text.split())
    assert "Code 2: Consultation and Policy Appraisal 0 0 1 0 0% 1" in text
    assert "Alcohol Strategy for West Cheshire" in text
