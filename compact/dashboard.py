"""The home page's Compact panel for officers: findings from records and open breaches."""

from portal.permissions import is_staff_role


def panel(user) -> dict | None:
    if not is_staff_role(user):
        return None
    from .checks import findings_for
    from .models import Breach, Compact

    compacts = list(Compact.objects.order_by("name"))
    findings = sum(len(findings_for(compact)) for compact in compacts)
    return {
        "template": "compact/includes/dashboard_panel.html",
        "findings": findings,
        "open_breaches": Breach.objects.open().count(),
        "compact": compacts[0] if len(compacts) == 1 else None,
    }
