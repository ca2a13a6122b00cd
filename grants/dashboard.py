"""The home-page panel: overdue monitoring returns for officers, a partner's own returns."""

from django.db.models import Count, Window
from django.utils import timezone

from portal.permissions import is_partner_contact, is_staff_role

from .models import Award, MonitoringReturn

LIMIT = 8


def panel(user) -> dict | None:
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
        if not rows:
            return None
        return {
            "template": "grants/includes/dashboard_panel.html",
            "title": "Your monitoring returns",
            "count": rows[0].total,
            "rows": rows,
            "officer": False,
            "today": today,
        }
    return None


def _first_with_total(returns) -> list:
    """The first few returns by due date, each carrying the total count: one query."""
    return list(returns.annotate(total=Window(Count("pk"))).order_by("due_date", "pk")[:LIMIT])
