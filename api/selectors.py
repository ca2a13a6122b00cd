"""What each person may read through the API: the same querysets the portal's pages use
(``visible_to``, ``openable_by``, the public site's querysets), each in a fixed number of
queries and a total order, so pages of results are stable."""

from django.db.models import F, Prefetch

from compact.models import Code, Commitment, Consultation
from grants.models import Award, Fund
from partnerships.models import (
    AgendaItem,
    AgendaPack,
    Board,
    Meeting,
    Membership,
    Partnership,
    Report,
)
from partnerships.permissions import visible_to
from partnerships.public import public_packs, public_reports, published_meetings
from portal.permissions import is_staff_role
from portal.queries import count_of
from workprogramme.models import Risk, Task, WorkProgramme


def partnerships_for(user):
    """The partnerships whose pages the person may open (``partnerships.view_partnership``)."""
    return (
        Partnership.objects.openable_by(user)
        .with_flags()
        .select_related("accountable_body", "lead_officer")
        .order_by("name", "pk")
    )


def boards_for(user):
    return visible_to(Board.objects.select_related("partnership"), user).order_by(
        "partnership__name", "kind", "name", "pk"
    )


def memberships_for(user):
    return visible_to(
        Membership.objects.select_related("board", "user", "contact", "organisation"), user
    ).order_by("board__partnership__name", "board__name", "role", "pk")


def exempt_boards_of(user) -> set[int] | None:
    """The boards whose exempt items and restricted packs the person reads
    (``partnerships.view_restricted_pack``): None for every board (officers)."""
    if is_staff_role(user):
        return None
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.current().filter(user_id=user.pk).values_list("board_id", flat=True)
    )


def meetings_for(user):
    """Signed in: the meetings of the partnerships the person may open. Signed out: every
    meeting of a public board, as the public calendar lists them."""
    if user.is_authenticated:
        meetings = visible_to(Meeting.objects.all(), user)
        packs = AgendaPack.objects.filter(published_at__isnull=False, state="ready").exclude(
            file=""
        )
    else:
        meetings = Meeting.objects.filter(board__public=True)
        packs = public_packs()
    return (
        meetings.select_related("board__partnership")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("number")),
            Prefetch("packs", queryset=packs.order_by("version", "restricted", "pk")),
        )
        .order_by("-start", "pk")
    )


def published_meeting_ids(meetings) -> set[int]:
    """Of these meetings, those whose public papers are published (the public site's rule)."""
    ids = [m.pk for m in meetings]
    return set(published_meetings().filter(pk__in=ids).values_list("pk", flat=True))


REPORT_STATUSES = (Report.Status.CLEARED, Report.Status.PUBLISHED)


def reports_for(user):
    """Cleared and published reports on an agenda, as ``partnerships.view_report`` lets the
    person read them; signed out, the public site's published reports."""
    if not user.is_authenticated:
        reports = public_reports()
    else:
        reports = Report.objects.visible_to(user).filter(status__in=REPORT_STATUSES)
    return reports.select_related("agenda_item__meeting__board").order_by(
        "-agenda_item__meeting__start", "agenda_item__number", "pk"
    )


def funds_for(_user):
    return Fund.objects.for_list().select_related("board").order_by("-financial_year", "name", "pk")


def awards_for(user):
    return (
        Award.objects.visible_to(user)
        .for_list()
        .order_by("-fund__financial_year", "fund__name", "title", "pk")
    )


def programmes_for(user):
    return (
        WorkProgramme.objects.visible_to(user)
        .select_related("partnership")
        .annotate(
            task_count=count_of(Task.objects.all(), "programme"),
            level_one=count_of(Task.objects.filter(priority=1), "programme"),
        )
        .order_by("-period_start", "title", "pk")
    )


def tasks_for(user):
    return (
        Task.objects.visible_to(user)
        .for_list()
        .select_related("current_assessment")
        .order_by(
            "programme__title", "programme_id", F("priority").asc(nulls_last=True), "number", "pk"
        )
    )


def risks_for(user):
    return (
        Risk.objects.visible_to(user)
        .with_flags()
        .select_related("log__partnership")
        .order_by("log__partnership__name", "log__name", "log_id", "reference", "pk")
    )


def codes_for(_user):
    return (
        Code.objects.select_related("compact")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("number", "pk"))
        )
        .order_by("compact__name", "number", "pk")
    )


def commitments_for(_user):
    return Commitment.objects.select_related("code__compact").order_by(
        "code__compact__name", "code__number", "number", "pk"
    )


def consultations_for(_user):
    return Consultation.objects.select_related("compact", "organisation").order_by(
        "-start_date", "title", "pk"
    )
