"""The home page's Compact panel for officers: findings from records and open breaches."""

from portal.permissions import is_staff_role


def panel(user) -> dict | None:
    if not is_staff_role(user):
        return None
    from django.db.models import Count, Q

    from .checks import finding_count
    from .models import Compact

    # One query for the Compacts and their open breaches; the checks add one per commitment
    # that carries a number.
    compacts = list(
        Compact.objects.annotate(
            open_breaches=Count("breaches", filter=Q(breaches__closed_on__isnull=True))
        ).order_by("name")
    )
    if not compacts:
        return None
    return {
        "template": "compact/includes/dashboard_panel.html",
        "findings": sum(finding_count(compact) for compact in compacts),
        "open_breaches": sum(compact.open_breaches for compact in compacts),
        "compact": compacts[0] if len(compacts) == 1 else None,
    }
