"""The compact app's CSV exports (see portal.exports)."""

from django.db.models import Count, F, OuterRef, Q, Subquery

from portal.exports import CsvExport, CsvExportView, register

from .filters import BreachFilter, CompactFilter, ConsultationFilter
from .models import Breach, Commitment, Compact, Consultation

COMPLIANCE = "compact.view_compliance"
VIEW = "compact.view_compact"


def _breaches(user):
    if not user.has_perm("compact.export_breaches"):
        return Breach.objects.none()
    return Breach.objects.for_log()


register(
    CsvExport(
        name="compact_breaches",
        title="Compact breaches (CSV)",
        filename="compact-breaches",
        rows=_breaches,
        filterset_class=BreachFilter,
        noun=("breach", "breaches"),
        columns=[
            ("Compact", lambda b: b.compact.name),
            ("Code", lambda b: b.commitment.code.title),
            ("Commitment", lambda b: f"{b.commitment.reference} {b.commitment.text}"),
            ("Raised by", lambda b: b.raised_by.name),
            ("Against", lambda b: b.against.name),
            ("Raised on", lambda b: b.raised_on),
            ("Stage", lambda b: b.get_stage_display()),
            ("What happened", lambda b: b.what_happened),
            ("Outcome", lambda b: b.outcome),
            ("Resolved on", lambda b: b.closed_on),
        ],
    )
)


def _consultations(user):
    """The consultations list's rows (``ConsultationListView``), each with the longest period
    its Compact's consultation commitments ask for (``required_weeks``), as the page shows."""
    if not user.has_perm(COMPLIANCE):
        return Consultation.objects.none()
    required = (
        Commitment.objects.filter(
            check_kind=Commitment.Check.CONSULTATION_LENGTH, code__compact=OuterRef("compact")
        )
        .order_by("-check_number")
        .values("check_number")[:1]
    )
    return (
        Consultation.objects.select_related("compact", "organisation")
        .annotate(required_weeks=Subquery(required))
        .order_by("-start_date", "pk")
    )


def _period(c):
    required = c.required_weeks
    if c.falls_short_of(required):
        return f"Shorter than {required} weeks, no reason recorded"
    if required and c.shorter_reason:
        return "Shorter period, reason recorded"
    return f"Meets {required} weeks" if required else ""


register(
    CsvExport(
        name="compact_consultations",
        title="Consultations (CSV)",
        filename="consultations",
        rows=_consultations,
        filterset_class=ConsultationFilter,
        noun=("consultation", "consultations"),
        columns=[
            ("Compact", lambda c: c.compact.name),
            ("Consultation", lambda c: c.title),
            ("Consulting body", lambda c: c.organisation),
            ("Owner", lambda c: c.owner),
            ("Start date", lambda c: c.start_date),
            ("End date", lambda c: c.end_date),
            ("Weeks", lambda c: f"{c.weeks:.1f}"),
            ("Compact's minimum weeks", lambda c: c.required_weeks),
            ("Period", _period),
            ("At a formative stage", lambda c: c.formative_stage),
            ("Reasons given", lambda c: c.reasons_given),
            ("Adequate time", lambda c: c.adequate_time),
            ("Responses taken into account", lambda c: c.responses_considered),
            ("Reason for a shorter period", lambda c: c.shorter_reason),
            ("Outcome", lambda c: c.outcome),
        ],
    )
)


def compact_list_rows(user):
    """The Compact list's rows (``CompactListView``)."""
    if not user.has_perm(VIEW):
        return Compact.objects.none()
    return Compact.objects.annotate(
        code_count=Count("codes", distinct=True),
        commitment_count=Count("codes__commitments", distinct=True),
        endorsement_count=Count(
            "endorsements", filter=Q(endorsements__version=F("version")), distinct=True
        ),
    ).order_by("name", "pk")


register(
    CsvExport(
        name="compacts",
        title="Compacts (CSV)",
        filename="compacts",
        rows=compact_list_rows,
        filterset_class=CompactFilter,
        noun=("Compact", "Compacts"),
        columns=[
            ("Compact", lambda c: c.name),
            ("Area", lambda c: c.area),
            ("Status", lambda c: c.get_status_display()),
            ("Version", lambda c: c.version),
            ("Adopted on", lambda c: c.adopted_date),
            ("Codes", lambda c: c.code_count),
            ("Commitments", lambda c: c.commitment_count),
            ("Endorsements of this version", lambda c: c.endorsement_count),
        ],
    )
)


class ConsultationExportView(CsvExportView):
    permission_required = COMPLIANCE
    export_name = "compact_consultations"
    list_url_name = "compact:consultation_list"


class CompactExportView(CsvExportView):
    permission_required = VIEW
    export_name = "compacts"
    list_url_name = "compact:compact_list"
