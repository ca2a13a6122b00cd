from types import SimpleNamespace

import pytest

from partnerships import sections
from partnerships.sections import ReportSection


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", {})
    sections.register(
        ReportSection(
            key="demo.whole",
            title="Whole board table",
            description="",
            render=lambda report: "<p>whole</p>",
        )
    )
    sections.register(
        ReportSection(
            key="demo.one",
            title="One programme",
            description="",
            render=lambda report, value: f"<p>programme {value}</p>",
            options=lambda: [("7", "Work programme 2007/08"), ("8", "Work programme 2008/09")],
        )
    )


def test_a_section_with_options_offers_one_choice_per_record(registry):
    assert sections.choices() == [
        ("demo.one:7", "One programme: Work programme 2007/08"),
        ("demo.one:8", "One programme: Work programme 2008/09"),
        ("demo.whole", "Whole board table"),
    ]


def test_the_chosen_record_is_rendered_and_stale_choices_are_skipped(registry):
    report = SimpleNamespace(
        live_sections=["demo.one:8", "demo.whole", "gone.section", "demo.one", "demo.whole:3"]
    )
    html = sections.render_sections(report)
    assert "<p>programme 8</p>" in html
    assert html.count("<p>whole</p>") == 1
    assert "<h3>One programme</h3>" in html
