"""The home page's Compact panels: for officers, findings from records and open breaches; for
a partner's contact, their organisation's self-assessments still to answer."""

from portal.permissions import is_partner_contact, is_staff_role

LIMIT = 8


def panels(user) -> list[dict]:
    found = [officer_panel(user)]
    if is_partner_contact(user) and user.organisation_id:
        found.append(assessments_panel(user))
    return [panel for panel in found if panel]


def assessments_panel(user) -> dict:
    """The self-assessments of open rounds that the contact's organisation has not yet
    submitted, soonest period end first: one query."""
    from .models import Assessment, AssessmentRound

    rows = list(
        Assessment.objects.filter(
            organisation_id=user.organisation_id,
            submitted_at__isnull=True,
            round__status=AssessmentRound.Status.OPEN,
        )
        .select_related("round__compact")
        .order_by("round__period_end", "pk")[: LIMIT + 1]
    )
    return {
        "template": "compact/includes/dashboard_panel_assessments.html",
        "rows": rows[:LIMIT],
        "more": len(rows) > LIMIT,
    }


def officer_panel(user) -> dict | None:
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
