"""The partnerships app's CSV exports (see portal.exports)."""

from django.db.models import Count, Exists, Min, OuterRef, Q

from portal.exports import CsvExport, CsvExportView, register
from portal.permissions import is_administrator

from .filters import MeetingFilter, OrganisationFilter, PartnershipFilter, StrategyFilter
from .models import AgendaPack, Meeting, Organisation, Partnership, Strategy
from .permissions import visible_to


def _address(o):
    return o.address.replace("\r\n", ", ").replace("\n", ", ")


register(
    CsvExport(
        name="organisations",
        title="Partner organisations (CSV)",
        filename="partner-organisations",
        rows=lambda user: Organisation.objects.visible_to(user).for_list(),
        filterset_class=OrganisationFilter,
        noun=("organisation", "organisations"),
        columns=[
            ("Name", lambda o: o.name),
            ("Sector", lambda o: o.get_sector_display()),
            ("Kind", lambda o: o.get_kind_display()),
            ("Charity number", lambda o: o.charity_number),
            ("Company number", lambda o: o.company_number),
            ("Organisation identifier", lambda o: o.org_id),
            ("Address", _address),
            ("Website", lambda o: o.website),
            ("Active", lambda o: o.active),
        ],
    )
)

register(
    CsvExport(
        name="partnerships",
        title="Partnership register (CSV)",
        filename="partnership-register",
        rows=lambda user: Partnership.objects.for_register(user),
        filterset_class=PartnershipFilter,
        noun=("partnership", "partnerships"),
        columns=[
            ("Name", lambda p: p.name),
            ("Kind", lambda p: p.get_kind_display()),
            ("Status", lambda p: p.get_status_display()),
            ("Accountable to", lambda p: p.accountable_to),
            ("Accountable body", lambda p: p.accountable_body),
            ("Lead officer", lambda p: p.lead_officer),
            ("Geography", lambda p: p.geography),
            ("Start date", lambda p: p.start_date),
            ("End date", lambda p: p.end_date),
            ("Resources this financial year (£)", lambda p: f"{p.current_resources:.2f}"),
            ("Needs a risk assessment", lambda p: p.needs_risk_assessment),
            ("Value-for-money review due", lambda p: p.next_review_due),
            ("Review overdue", lambda p: p.review_overdue),
        ],
    )
)


def meetings_for_list(user):
    """The meetings ``user`` may open, each with its board, its partnership and its pack's
    state (``has_pack``, ``pack_published_at``), in a fixed number of queries."""
    packs = AgendaPack.objects.filter(meeting=OuterRef("pk"))
    if not is_administrator(user):
        # Before publication, a pack is seen by those who keep its partnership, as on the
        # meeting page.
        packs = packs.filter(
            Q(published_at__isnull=False)
            | Q(meeting__board__partnership__in=Partnership.objects.kept_by(user))
        )
    return (
        visible_to(Meeting.objects.all(), user)
        .select_related("board__partnership")
        .annotate(
            has_pack=Exists(packs),
            pack_published_at=Min("packs__published_at"),
        )
        .order_by("start", "pk")
    )


def pack_state(meeting) -> str:
    """The meeting's pack, in the words of the list's filter."""
    if meeting.pack_published_at is not None:
        return "published"
    return "draft" if meeting.has_pack else "none"


def pack_state_label(meeting) -> str:
    return dict(MeetingFilter.PACK_CHOICES)[pack_state(meeting)]


register(
    CsvExport(
        name="meetings",
        title="Meetings (CSV)",
        filename="meetings",
        rows=meetings_for_list,
        filterset_class=MeetingFilter,
        noun=("meeting", "meetings"),
        columns=[
            ("Date", lambda m: m.local_start.date()),
            ("Start", lambda m: m.local_start),
            ("Board", lambda m: m.board.name),
            ("Partnership", lambda m: m.board.partnership.name),
            ("Venue", lambda m: m.venue),
            ("Online meeting link", lambda m: m.online_link),
            ("Status", lambda m: m.get_status_display()),
            ("Pack publication date", lambda m: m.publication_date),
            ("Agenda pack", pack_state_label),
            ("Pack published at", lambda m: m.pack_published_at),
            ("Contact officer", lambda m: m.contact_officer),
        ],
    )
)

register(
    CsvExport(
        name="strategies",
        title="Strategies (CSV)",
        filename="strategies",
        rows=lambda user: (
            Strategy.objects.select_related("owner")
            .annotate(outcome_count=Count("outcomes"))
            .order_by("name", "pk")
            if user.has_perm("partnerships.view_strategy")
            else Strategy.objects.none()
        ),
        filterset_class=StrategyFilter,
        noun=("strategy", "strategies"),
        columns=[
            ("Name", lambda s: s.name),
            ("Period start", lambda s: s.period_start),
            ("Period end", lambda s: s.period_end),
            ("Owner", lambda s: s.owner),
            ("Outcomes", lambda s: s.outcome_count),
            ("Vision", lambda s: s.vision),
        ],
    )
)


class StrategyExportView(CsvExportView):
    permission_required = "partnerships.view_strategy"
    export_name = "strategies"
    list_url_name = "partnerships:strategy_list"
