"""The Compact compliance scorecard as a live section of officers' reports and agenda packs."""

from django.template.loader import render_to_string

from partnerships.sections import ReportSection, register


def _rounds() -> list[tuple[str, str]]:
    from .models import AssessmentRound

    return [
        (str(r.pk), f"{r.title} ({r.compact.name})")
        for r in AssessmentRound.objects.select_related("compact").order_by("-period_start", "pk")
    ]


def render_scorecard(_report, value: str) -> str:
    from .models import AssessmentRound
    from .scorecard import scorecard

    round = (
        AssessmentRound.objects.select_related("compact").filter(pk=value).first()
        if str(value).isdigit()
        else None
    )
    if round is None:
        return "<p>This self-assessment round is no longer in the portal.</p>"
    return render_to_string(
        "compact/includes/scorecard.html", {"card": scorecard(round), "in_report": True}
    )


SECTION = register(
    ReportSection(
        key="compact.scorecard",
        title="Compact compliance scorecard",
        description="A self-assessment round's ratings by code and by sector, with % met and "
        "the findings from the portal's own records.",
        render=render_scorecard,
        options=_rounds,
    )
)
