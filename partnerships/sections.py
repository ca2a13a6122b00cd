"""Live report sections: tables or charts drawn from the portal's own records that an officer
embeds in a report by choosing them. The same HTML goes on screen and into the PDF pack.

Any app registers a section here (``register(ReportSection(...))``) from its ``AppConfig.ready``;
``partnerships`` assembles reports and packs without importing those apps.

A section drawn from one record of several (a work programme, a fund) gives ``options``: a
callable returning ``[(value, label), ...]``. Each option is then a choice of its own, stored as
``"<key>:<value>"``, and ``render(report, value)`` is called with the chosen value.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from portal.pdf import register_stylesheet  # noqa: F401  (apps register their CSS here)


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    description: str
    render: Callable  # render(report[, value]) -> HTML; the report's agenda item gives its board
    options: Callable[[], list[tuple[str, str]]] | None = None


SECTIONS: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    SECTIONS[section.key] = section
    return section


def choices() -> list[tuple[str, str]]:
    result = []
    for section in sorted(SECTIONS.values(), key=lambda s: s.title):
        if section.options is None:
            result.append((section.key, section.title))
        else:
            result += [
                (f"{section.key}:{value}", f"{section.title}: {label}")
                for value, label in section.options()
            ]
    return result


def render_sections(report) -> SafeString:
    """The chosen sections of ``report``, each as a titled block; an unknown key (an app
    removed since) is skipped rather than breaking the report."""
    html = []
    for choice in report.live_sections or []:
        key, _, value = choice.partition(":")
        section = SECTIONS.get(key)
        if section is None or (section.options is not None) != bool(value):
            continue
        body = section.render(report, value) if value else section.render(report)
        html.append(
            render_to_string(
                "partnerships/includes/live_section.html",
                {"section": section, "body": mark_safe(body)},
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
