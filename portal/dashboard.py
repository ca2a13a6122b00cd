"""What the home page shows each role. Later issues add their own panels here."""

from django.conf import settings
from django.db.models import Count, Q

from partnerships.models import Membership, Organisation, Partnership

from .extensions import app_modules
from .models import Job
from .permissions import is_board_member, is_partner_contact, is_staff_role
from .roles import roles_of


def dashboard_for(user) -> dict:
    context = {
        "roles": sorted(roles_of(user)),
        "threshold": settings.PARTNERSHIP_RISK_THRESHOLD,
        "recent_jobs": list(Job.objects.for_user(user)[:5]),
    }
    if is_staff_role(user) or is_board_member(user):
        visible = Organisation.objects.visible_to(user)
        context["organisation_totals"] = visible.aggregate(
            total=Count("pk"), active=Count("pk", filter=Q(active=True))
        )
        context["organisations_by_sector"] = [
            (Organisation.Sector(row["sector"]).label, row["n"])
            for row in visible.filter(active=True)
            .values("sector")
            .annotate(n=Count("pk"))
            .order_by("-n", "sector")
        ]
    if is_staff_role(user):
        flagged = Partnership.objects.with_flags().filter(
            Q(needs_risk_assessment=True) | Q(review_overdue=True)
        )
        context["attention"] = {
            "rows": list(flagged.order_by("name")[:10]),
            "risk": flagged.filter(needs_risk_assessment=True).count(),
            "review": flagged.filter(review_overdue=True).count(),
        }
        context["recent_changes"] = list(
            Organisation.history.select_related("history_user").order_by("-history_date")[:8]
        )
    context["my_boards"] = list(
        Membership.objects.current()
        .filter(user=user)
        .exclude(board__partnership__status=Partnership.Status.PROPOSED)
        .select_related("board", "board__partnership")
        .order_by("board__partnership__name", "board__name")
    )
    if is_partner_contact(user) and user.organisation_id:
        context["own_organisation"] = user.organisation
    context["panels"] = [
        panel for module in app_modules("dashboard") if (panel := module.panel(user))
    ]
    return context
