"""Live report sections: tables or charts drawn from the portal's own records that an officer
embeds in a report by choosing them. The same HTML goes on screen and into the PDF pack.

Any app registers a section here (``register(ReportSection(...))``) from its ``AppConfig.ready``;
``partnerships`` assembles reports and packs without importing those apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    description: str
    render: Callable  # render(report) -> HTML; the report's agenda item gives board and meeting


SECTIONS: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    SECTIONS[section.key] = section
    return section


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in sorted(SECTIONS.values(), key=lambda s: s.title)]


def render_sections(report) -> SafeString:
    """The chosen sections of ``report``, each as a titled block; an unknown key (an app
    removed since) is skipped rather than breaking the report."""
    html = []
    for key in report.live_sections or []:
        section = SECTIONS.get(key)
        if section is not None:
            html.append(
                render_to_string(
                    "partnerships/includes/live_section.html",
                    {"section": section, "body": mark_safe(section.render(report))},
                )
            )
    return mark_safe("".join(html))


def _delivery_plan(report) -> str:
    from .models import Action

    item = getattr(report, "agenda_item", None)
    if item is None:
        return "<p>This report is not on an agenda, so it has no board.</p>"
    board = item.meeting.board
    actions = list(
        Action.objects.for_plan().filter(board=board).order_by("outcome__number", "due_date")
    )
    counts = {value: 0 for value, _ in Action.Rag.choices}
    for action in actions:
        counts[action.rag] += 1
    return render_to_string(
        "partnerships/includes/section_delivery_plan.html",
        {
            "board": board,
            "actions": actions,
            "summary": [(label, counts[value], value) for value, label in Action.Rag.choices],
        },
    )


register(
    ReportSection(
        key="partnerships.delivery_plan",
        title="Delivery plan progress",
        description="The board's delivery plan actions with their RAG status.",
        render=_delivery_plan,
    )
)
