"""The home-page panels: for officers, overdue monitoring returns and a chart of each open
fund's headroom; for a partner's contact, the returns their organisation has to submit."""

from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Window
from django.utils import timezone

from portal.charts import Bar, bar_chart
from portal.permissions import is_partner_contact, is_staff_role

from .models import Award, Fund, MonitoringReturn

LIMIT = 8
# The chart shows this many open funds (by name); the fund list has them all.
CHART_FUNDS = 12


def panels(user) -> list[dict]:
    found = [returns_panel(user)]
    if is_staff_role(user):
        found.append(headroom_panel())
    return [panel for panel in found if panel]


def _pounds(amount: Decimal) -> str:
    return f"£{intcomma(f'{amount:.0f}')}"


def headroom_panel() -> dict:
    """Each open fund's headroom (its budget less what is committed) as a bar of its budget,
    in one query."""
    funds = list(
        Fund.objects.filter(status=Fund.Status.OPEN)
        .with_totals()
        .order_by("name", "-financial_year")[: CHART_FUNDS + 1]
    )
    shown = funds[:CHART_FUNDS]
    rows = [
        {
            "fund": fund,
            "budget": fund.budget,
            "committed": fund.committed_total,
            "headroom": fund.headroom_total,
            "share": round(100 * fund.headroom_total / fund.budget) if fund.budget else 0,
        }
        for fund in shown
    ]
    chart = bar_chart(
        bars=[
            Bar(
                label=str(row["fund"]),
                value=row["headroom"],
                scale=row["budget"],
                text=f"{_pounds(row['headroom'])} left of {_pounds(row['budget'])} "
                f"({row['share']}%)",
            )
            for row in rows
        ],
        chart_id="fund-headroom-chart",
        title="Headroom per open fund",
        description="Each bar is a fund's budget; the filled part is what is left to award. "
        "The figures are in the table that follows.",
    )
    return {
        "template": "grants/includes/dashboard_panel_headroom.html",
        "rows": rows,
        "chart": chart if rows else "",
        "more": len(funds) > CHART_FUNDS,
    }


def returns_panel(user) -> dict | None:
    today = timezone.localdate()
    if is_staff_role(user):
        rows = _first_with_total(
            MonitoringReturn.objects.overdue(today).select_related(
                "award", "award__recipient_organisation", "award__recipient_partnership"
            )
        )
        return {
            "template": "grants/includes/dashboard_panel.html",
            "title": "Overdue monitoring returns",
            "count": rows[0].total if rows else 0,
            "rows": rows,
            "officer": True,
        }
    if is_partner_contact(user):
        awards = Award.objects.visible_to(user)
        rows = _first_with_total(
            MonitoringReturn.objects.outstanding()
            .filter(award__in=awards)
            .select_related(
                "award", "award__recipient_organisation", "award__recipient_partnership"
            )
        )
        return {
            "template": "grants/includes/dashboard_panel.html",
            "title": "Your monitoring returns",
            "count": rows[0].total if rows else 0,
            "rows": rows,
            "officer": False,
            "today": today,
        }
    return None


def _first_with_total(returns) -> list:
    """The first few returns by due date, each carrying the total count: one query."""
    return list(returns.annotate(total=Window(Count("pk"))).order_by("due_date", "pk")[:LIMIT])
