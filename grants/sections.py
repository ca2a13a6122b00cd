"""The "Grant schedule" live section for reports and packs: one fund's awards and headroom."""

from django.template.loader import render_to_string

from partnerships.sections import ReportSection, register

from .models import Award, Fund


def _options() -> list[tuple[str, str]]:
    return [(str(f.pk), str(f)) for f in Fund.objects.order_by("-financial_year", "name")]


def _grant_schedule(_report, value) -> str:
    # A stored choice outlives its fund, and may be edited by hand: never a failed report.
    fund = (
        Fund.objects.with_totals().select_related("funder").filter(pk=value).first()
        if str(value).isdigit()
        else None
    )
    if fund is None:
        return "<p>This fund is no longer in the portal.</p>"
    awards = list(
        fund.awards.for_list().exclude(status=Award.Status.WITHDRAWN).order_by("title", "pk")
    )
    return render_to_string(
        "grants/includes/section_grant_schedule.html",
        {"fund": fund, "awards": awards, "totals": fund.totals()},
    )


def register_sections() -> None:
    register(
        ReportSection(
            key="grants.schedule",
            title="Grant schedule",
            description="A fund's awards with their amounts and status, and its headroom.",
            render=_grant_schedule,
            options=_options,
        )
    )
