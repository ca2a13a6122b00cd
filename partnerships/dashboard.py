"""The home page's partnerships panels: what each role has to do next.

- A board member: their next meetings with the packs to open, the papers published since
  their previous sign-in, the meeting actions in their name and their register of interests.
- An officer: the next four weeks of meetings of the partnerships they keep, with each one's
  publication date and report deadline; late and missing reports; reports awaiting their
  sign-off; the partnerships needing attention; the register's recent changes.
- A partner's contact: their organisation.

Each panel reads a fixed number of queries, however many rows there are.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone

from portal.models import SignInEvent
from portal.permissions import is_board_member, is_partner_contact, is_staff_role

from .clearance import SIGNOFFS, check, holds
from .deadlines import late_items, report_state
from .members import split_interests
from .models import (
    AgendaItem,
    AgendaPack,
    Board,
    Interest,
    Meeting,
    MeetingAction,
    Membership,
    Organisation,
    Partnership,
    Report,
)
from .models.partnerships import a_year_after

LIMIT = 8
NEXT_MEETINGS = 3
# The officers' look ahead: the meetings of the next four weeks.
LOOK_AHEAD = datetime.timedelta(weeks=4)
# A report can be late only once its deadline has passed, and the deadline falls at most 60
# working days (the boards' largest pack lead and report deadline) before the meeting.
LATE_HORIZON = datetime.timedelta(days=100)
# With no previous sign-in to go by, "new papers" are those of the last fortnight.
NEW_PAPERS_FALLBACK = datetime.timedelta(days=14)
# A member looks over their register of interests at least once a year: it is next due a
# year after it last changed (the portal keeps no other review date).


def panels(user) -> list[dict]:
    found = []
    if is_board_member(user):
        found += member_panels(user)
    if is_staff_role(user):
        found += officer_panels(user)
    found += common_panels(user)
    return found


# --- board members -------------------------------------------------------------------------


def _my_memberships(user):
    return (
        Membership.objects.current()
        .filter(user_id=user.pk)
        .exclude(board__partnership__status=Partnership.Status.PROPOSED)
    )


def _open_packs():
    """Published packs with a file to download, public first within each version."""
    return (
        AgendaPack.objects.filter(
            published_at__isnull=False,
            state=AgendaPack.State.READY,
            generated_at__isnull=False,
        )
        .exclude(file="")
        .order_by("version", "restricted")
    )


def previous_sign_in(user) -> datetime.datetime | None:
    """When ``user`` signed in before this time (from the record of sign-ins): the newest
    sign-in is the one that began this visit."""
    times = list(
        SignInEvent.objects.filter(user_id=user.pk, kind=SignInEvent.Kind.SIGNED_IN)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)[:2]
    )
    return times[1] if len(times) == 2 else None


def member_panels(user) -> list[dict]:
    """The panels of a board member. What they may open is what ``partnerships.view_pack``
    gives a current member of the board: every published pack, restricted ones too."""
    boards = Board.objects.filter(pk__in=_my_memberships(user).values("board_id"))
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(board__in=boards, start__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board__partnership")
        .prefetch_related(Prefetch("packs", queryset=_open_packs(), to_attr="open_packs"))
        .order_by("start", "pk")[:NEXT_MEETINGS]
    )
    since = previous_sign_in(user)
    papers = list(
        _open_packs()
        .filter(meeting__board__in=boards, published_at__gt=since or now - NEW_PAPERS_FALLBACK)
        .select_related("meeting__board")
        .order_by("-published_at", "pk")[: LIMIT + 1]
    )
    name = user.get_full_name().strip()
    actions = list(
        MeetingAction.objects.filter(
            meeting__board__in=boards, status=MeetingAction.Status.OPEN, owner__iexact=name
        )
        .select_related("meeting__board")
        .order_by(F("due_date").asc(nulls_last=True), "meeting__start", "pk")[: LIMIT + 1]
    )
    return [
        {
            "template": "partnerships/includes/dashboard_panel_next_meetings.html",
            "meetings": meetings,
            "today": timezone.localdate(),
        },
        {
            "template": "partnerships/includes/dashboard_panel_new_papers.html",
            "papers": papers[:LIMIT],
            "more": len(papers) > LIMIT,
            "since": since,
            "fallback_days": NEW_PAPERS_FALLBACK.days,
        },
        {
            "template": "partnerships/includes/dashboard_panel_my_actions.html",
            "actions": actions[:LIMIT],
            "more": len(actions) > LIMIT,
            "today": timezone.localdate(),
        },
        *_interests_panel(user),
    ]


def _interests_panel(user) -> list[dict]:
    """Their register of interests, where they have a members' record (a membership): how many
    entries stand, when it last changed and when it is next due a look."""
    membership = _my_memberships(user).order_by("-start_date", "pk").first()
    if membership is None:
        return []
    interests = list(Interest.objects.filter(user_id=user.pk).order_by("pk"))
    standing, _ended = split_interests(interests)
    updated = Interest.history.filter(user_id=user.pk).aggregate(at=Max("history_date"))["at"]
    updated_on = timezone.localdate(updated) if updated else None
    return [
        {
            "template": "partnerships/includes/dashboard_panel_interests.html",
            "membership": membership,
            "standing": len(standing),
            "updated_on": updated_on,
            "review_by": a_year_after(updated_on) if updated_on else None,
            "review_overdue": bool(updated_on and a_year_after(updated_on) < timezone.localdate()),
        }
    ]


# --- officers ------------------------------------------------------------------------------


def _report_items():
    """The agenda items that expect a report (``deadlines.expects_report``)."""
    return AgendaItem.objects.filter(Q(report__isnull=False) | Q(report_author__isnull=False))


def officer_panels(user) -> list[dict]:
    kept = Partnership.objects.kept_by(user).values("pk")
    today = timezone.localdate()
    return [
        _coming_meetings(kept, today),
        _late_reports(kept, today),
        _awaiting_signoff(user, kept),
        _attention(),
    ]


def _coming_meetings(kept, today) -> dict:
    now = timezone.now()
    rows = list(
        Meeting.objects.filter(
            board__partnership__in=kept, start__gte=now, start__lt=now + LOOK_AHEAD
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board__partnership")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=_report_items().select_related("report").order_by("number"),
                to_attr="report_items",
            )
        )
        .order_by("start", "pk")[: LIMIT * 2 + 1]
    )
    for meeting in rows:
        states = [report_state(item, today) for item in meeting.report_items]
        states = [s for s in states if s is not None]
        meeting.reports_expected = len(meeting.report_items)
        meeting.reports_done = sum(1 for s in states if s.done)
        meeting.reports_late = sum(1 for s in states if s.late)
        meeting.deadline_passed = (
            meeting.status == Meeting.Status.SCHEDULED and meeting.report_deadline < today
        )
    return {
        "template": "partnerships/includes/dashboard_panel_coming_meetings.html",
        "meetings": rows[: LIMIT * 2],
        "more": len(rows) > LIMIT * 2,
        "weeks": LOOK_AHEAD.days // 7,
    }


def _late_reports(kept, today) -> dict:
    now = timezone.now()
    items = (
        _report_items()
        .filter(
            meeting__board__partnership__in=kept,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__start__gte=now,
            meeting__start__lt=now + LATE_HORIZON,
        )
        .filter(Q(report__isnull=True) | Q(report__status=Report.Status.DRAFT))
        .select_related("meeting__board__partnership", "report", "report_author")
        .order_by("meeting__start", "number")
    )
    late = late_items(items, today)
    return {
        "template": "partnerships/includes/dashboard_panel_late_reports.html",
        "rows": late[:LIMIT],
        "count": len(late),
    }


def _awaiting_signoff(user, kept) -> dict:
    """Reports submitted for clearance: those this officer may sign now, if they hold a
    sign-off role (``clearance.check`` has the last word); otherwise those of the partnerships
    they keep, with the sign-offs still missing, for them to chase."""
    held = [s for s in SIGNOFFS.values() if holds(user, s)]
    submitted = Report.objects.filter(
        status=Report.Status.SUBMITTED, agenda_item__isnull=False
    ).select_related("agenda_item__meeting__board")
    if held:
        unsigned = Q(pk__in=[])
        for signoff in held:
            unsigned |= Q(**{f"{signoff.kind}_signoff": ""})
        name = user.get_full_name().strip()
        candidates = submitted.filter(unsigned).exclude(written_by_id=user.pk)
        if name:
            candidates = candidates.exclude(author__iexact=name)
        rows = []
        for report in candidates.order_by("agenda_item__meeting__start", "pk")[:50]:
            report.signoffs_to_give = [s for s in held if _may_give(report, s, user)]
            if report.signoffs_to_give:
                rows.append(report)
        return {
            "template": "partnerships/includes/dashboard_panel_signoff.html",
            "mine": True,
            "rows": rows[:LIMIT],
            "more": len(rows) > LIMIT,
        }
    rows = list(
        submitted.filter(agenda_item__meeting__board__partnership__in=kept).order_by(
            "agenda_item__meeting__start", "pk"
        )[: LIMIT + 1]
    )
    for report in rows:
        report.signoffs_missing = [
            s for s in SIGNOFFS.values() if not getattr(report, f"{s.kind}_signoff")
        ]
    return {
        "template": "partnerships/includes/dashboard_panel_signoff.html",
        "mine": False,
        "rows": rows[:LIMIT],
        "more": len(rows) > LIMIT,
    }


def _may_give(report, signoff, user) -> bool:
    try:
        check(report, signoff, user)
    except ValidationError:
        return False
    return True


def _attention() -> dict:
    flagged = Partnership.objects.with_flags().filter(
        Q(needs_risk_assessment=True) | Q(review_overdue=True)
    )
    counts = flagged.aggregate(
        risk=Count("pk", filter=Q(needs_risk_assessment=True)),
        review=Count("pk", filter=Q(review_overdue=True)),
    )
    return {
        "template": "partnerships/includes/dashboard_panel_attention.html",
        "rows": list(flagged.order_by("name")[:10]),
        "risk": counts["risk"],
        "review": counts["review"],
        "threshold": settings.PARTNERSHIP_RISK_THRESHOLD,
    }


# --- everyone with a board or an organisation ------------------------------------------------

# Panels that inform rather than ask for something: shown after the others.
LATER = 90


def common_panels(user) -> list[dict]:
    found = []
    my_boards = list(
        _my_memberships(user)
        .select_related("board", "board__partnership")
        .order_by("board__partnership__name", "board__name")
    )
    if my_boards:
        found.append(
            {
                "template": "partnerships/includes/dashboard_panel_my_boards.html",
                "rows": my_boards,
                "order": LATER,
            }
        )
    if is_partner_contact(user) and user.organisation_id:
        found.append(
            {
                "template": "partnerships/includes/dashboard_panel_own_organisation.html",
                "organisation": user.organisation,
                "order": LATER,
            }
        )
    if is_staff_role(user):
        found += _register_panels(user)
    return found


def _register_panels(user) -> list[dict]:
    # One query for the totals and the active organisations by sector.
    counts = list(
        Organisation.objects.visible_to(user)
        .values("sector", "active")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {
        "total": sum(row["n"] for row in counts),
        "active": sum(row["n"] for row in counts if row["active"]),
    }
    by_sector = sorted(
        (
            (Organisation.Sector(row["sector"]).label, row["n"], row["sector"])
            for row in counts
            if row["active"]
        ),
        key=lambda row: (-row[1], row[2]),
    )
    by_sector = [(label, n) for label, n, _sector in by_sector]
    changes = list(
        Organisation.history.select_related("history_user").order_by("-history_date")[:8]
    )
    return [
        {
            "template": "partnerships/includes/dashboard_panel_organisations.html",
            "totals": totals,
            "by_sector": by_sector,
            "order": LATER,
        },
        {
            "template": "partnerships/includes/dashboard_panel_recent_changes.html",
            "changes": changes,
            "order": LATER,
        },
    ]
