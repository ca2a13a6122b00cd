"""The home-page panel: overdue monitoring returns for officers, a partner's own returns."""

from django.utils import timezone

from portal.permissions import is_partner_contact, is_staff_role

from .models import Award, MonitoringReturn

LIMIT = 8


def panel(user) -> dict | None:
    today = timezone.localdate()
    if is_staff_role(user):
        overdue = MonitoringReturn.objects.overdue(today)
        return {
            "template": "grants/includes/dashboard_panel.html",
            "title": "Overdue monitoring returns",
            "count": overdue.count(),
            "rows": list(
                overdue.select_related(
                    "award", "award__recipient_organisation", "award__recipient_partnership"
                ).order_by("due_date")[:LIMIT]
            ),
            "officer": True,
        }
    if is_partner_contact(user):
        awards = Award.objects.visible_to(user)
        due = (
            MonitoringReturn.objects.filter(award__in=awards, received_date__isnull=True)
            .exclude(award__status__in=[Award.Status.PROPOSED, Award.Status.WITHDRAWN])
            .select_related("award")
            .order_by("due_date")
        )
        rows = list(due[:LIMIT])
        if not rows:
            return None
        return {
            "template": "grants/includes/dashboard_panel.html",
            "title": "Your monitoring returns",
            "count": due.count(),
            "rows": rows,
            "officer": False,
            "today": today,
        }
    return None
