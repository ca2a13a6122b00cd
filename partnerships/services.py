"""Writes to the partnerships app: each runs in one transaction and validates what it saves."""

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from portal.jobs import queue_on_commit
from portal.services import attribute, record_update, validated_save

from .alerts import board_news, when_and_where
from .models import (
    AgendaItem,
    AgendaPack,
    Attendance,
    Meeting,
    Membership,
    Minutes,
    Organisation,
    Partnership,
    Report,
)
from .packs import pack_build, packs_for

ORGANISATION_FIELDS = (
    "name",
    "sector",
    "kind",
    "charity_number",
    "company_number",
    "address",
    "website",
    "active",
)


@transaction.atomic
def organisation_create(*, data: dict, by) -> Organisation:
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    return validated_save(organisation, by=by)


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, by) -> Organisation:
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    return validated_save(organisation, by=by)


def _split_m2m(model, data: dict) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    fields = {k: v for k, v in data.items() if k not in m2m_names}
    return fields, {k: v for k, v in data.items() if k in m2m_names}


@transaction.atomic
def partnership_create(*, data: dict, by) -> Partnership:
    """A new partnership; its creator leads it unless another lead officer is named."""
    fields, m2m = _split_m2m(Partnership, data)
    partnership = Partnership(**fields)
    if partnership.lead_officer_id is None:
        partnership.lead_officer = by
    return partnership_save(partnership=partnership, by=by, **m2m)


@transaction.atomic
def partnership_save(*, partnership: Partnership, by, supporting_officers=None) -> Partnership:
    """Save a partnership's changes. Changes to the lines of accountability are made one at a
    time, so that two edits at once cannot together make the loop each alone would not."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ACCOUNTABILITY_LOCK])
    m2m = {} if supporting_officers is None else {"supporting_officers": supporting_officers}
    return validated_save(partnership, by=by, m2m=m2m)


# An arbitrary key for PostgreSQL's advisory lock on changes to lines of accountability.
ACCOUNTABILITY_LOCK = 30_000_004


# --- meetings, reports and packs -----------------------------------------------------------


class ReportStateError(ValidationError):
    pass


@transaction.atomic
def report_save(*, report, by, changed: set[str] | None = None):
    """Save a report's edits. A change to its content voids any sign-off given: a cleared
    report goes back to submitted, to be signed off again before it goes into a pack."""

    if report.pk is None and report.written_by_id is None:
        report.written_by = by
    signed = report.finance_signoff or report.legal_signoff
    if report.pk and (signed or report.status in (Report.Status.CLEARED, Report.Status.PUBLISHED)):
        content = set(report.content_fields())
        if changed is None or changed & content:
            if report.status != Report.Status.DRAFT:
                report.status = Report.Status.SUBMITTED
            report.clear_signoffs()
    return validated_save(report, by=by)


@transaction.atomic
def item_report_create(*, item_id: int, report: Report, by) -> Report:
    """Save ``report`` as the new draft behind agenda item ``item_id``. The item is re-read
    under a lock, so two officers writing at once cannot both attach one: the second is told
    the item has a report already, and nothing of theirs is saved."""
    item = AgendaItem.objects.select_for_update().get(pk=item_id)
    if item.report_id is not None:
        raise ValidationError("This item has a report already; edit that one instead.")
    report = report_save(report=report, by=by)
    item.report = report
    item.save(update_fields=["report"])
    return report


@transaction.atomic
def report_transition(*, report, to: str, by):
    """Move a report between draft and submitted. It is cleared by its two sign-offs
    (``partnerships.clearance.report_sign_off``), not here; back to draft voids them."""

    allowed = {
        Report.Status.SUBMITTED: {Report.Status.DRAFT},
        Report.Status.DRAFT: {Report.Status.SUBMITTED},
    }
    report = Report.objects.select_for_update().get(pk=report.pk)
    if to == Report.Status.CLEARED:
        raise ReportStateError(
            "A report is cleared by its finance and legal sign-offs, each given by someone "
            "who holds that sign-off's role."
        )
    if report.status not in allowed.get(to, set()):
        raise ReportStateError(
            f"A {report.get_status_display().lower()} report cannot be made "
            f"{Report.Status(to).label.lower()}."
        )
    if to == Report.Status.DRAFT:
        report.clear_signoffs()
    report.status = to
    return validated_save(report, by=by)


def papers_not_included(packs) -> list[dict]:
    """The papers the packs' last builds could not render, once each (an item can fail in
    both the public and the restricted pack): [{"item", "number", "title", "reason"}]."""
    found = {}
    for pack in packs:
        for failure in pack.failed_items or []:
            found.setdefault(failure["item"], failure)
    return sorted(found.values(), key=lambda f: f["number"])


class PapersNotIncluded(ValidationError):
    """Some papers could not be put into the pack, and the officer has not confirmed that
    the rest may be published without them."""

    def __init__(self, failures: list[dict]):
        self.failures = failures
        named = "; ".join(f"item {f['number']} ({f['title']}): {f['reason']}" for f in failures)
        super().__init__(
            f"Not published: {len(failures)} paper{'s' if len(failures) != 1 else ''} could not "
            f"be included in the pack: {named} To publish the rest without "
            f"{'them' if len(failures) != 1 else 'it'}, confirm on the meeting page and publish "
            "again."
        )


def _unconfirmed(failures: list[dict], confirmed) -> list[dict]:
    """The failed papers the officer has not confirmed publishing without: ``confirmed`` is
    the item ids they ticked, or True for "whatever cannot be included"."""
    if confirmed is True:
        return []
    ids = {int(i) for i in confirmed or ()}
    return [f for f in failures if f["item"] not in ids]


@transaction.atomic
def meeting_publish_supplement(*, meeting_id: int, by, confirmed=(), lateness_reason: str = ""):
    """Publish the late papers (reports cleared since the pack went out) as the next
    supplementary pack, with the reason they are late, and tell the members. A late paper
    that cannot be rendered stops it unless the officer confirmed publishing without it."""

    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status != Meeting.Status.PACK_PUBLISHED:
        raise ValidationError("Supplements follow a published pack: publish the pack first.")
    late = list(AgendaItem.objects.filter(meeting=meeting, report__status=Report.Status.CLEARED))
    if not late:
        raise ValidationError(
            "There are no late papers: no report has been cleared since the pack."
        )
    version = (meeting.packs.aggregate(v=models.Max("version"))["v"] or 1) + 1
    kinds = [False] + ([True] if any(item.exempt for item in late) else [])
    built = []
    for restricted in kinds:
        pack = AgendaPack(
            meeting=meeting,
            version=version,
            restricted=restricted,
            lateness_reason=lateness_reason.strip(),
        )
        attribute(pack, by=by).save()
        pack.items.set(late)
        built.append(pack_build(pack_id=pack.pk, by=by))
    failed = [p for p in built if p.state != AgendaPack.State.READY]
    if failed:
        raise ValidationError("; ".join(f"{p.label}: {p.error}" for p in failed))
    unconfirmed = _unconfirmed(papers_not_included(built), confirmed)
    if unconfirmed:
        raise PapersNotIncluded(unconfirmed)
    _publish(built, Report.objects.filter(agenda_item__in=late), by=by)
    board_news(meeting, event="supplement")
    return built


SCHEDULED_PUBLICATION = "Scheduled publication"


def _publish(packs, reports, *, by=None, reason: str = "") -> None:
    """Mark the packs published and their reports with them, each change in its record's
    history under ``by`` or ``reason``."""
    pack_ids = [p.pk for p in packs]
    AgendaPack.objects.filter(pk__in=pack_ids).update(published_at=timezone.now())
    record_update(AgendaPack, pack_ids, by=by, reason=reason)
    report_ids = list(reports.values_list("pk", flat=True))
    Report.objects.filter(pk__in=report_ids).update(status=Report.Status.PUBLISHED)
    record_update(Report, report_ids, by=by, reason=reason)


def meeting_publish(*, meeting_id: int, confirmed=(), by=None, reason: str = "") -> bool:
    """Build and publish a meeting's packs and tell its members. Returns whether this call
    published it: a meeting already published, cancelled or held is left alone, and so is
    one with a paper the build could not render (shown on the meeting page) unless the
    officer confirmed publishing without it (``confirmed``: the ids of those items). The
    hourly publisher confirms nothing, so such a pack waits for an officer. The history of
    the meeting, its packs and reports names ``by``, or ``reason`` for the hourly publisher.

    The build runs outside any transaction (it takes seconds); publishing then happens in one
    short transaction that checks the meeting is still waiting, so two runs at once publish
    once and e-mail once."""

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.status != Meeting.Status.SCHEDULED:
            return False
        packs = packs_for(meeting)
        # A pack whose build was interrupted (its lease ran out) is built again now.
        AgendaPack.objects.filter(pk__in=[p.pk for p in packs]).not_being_built().update(
            state=AgendaPack.State.QUEUED
        )
    built = [pack_build(pack_id=p.pk, by=by, reason=reason) for p in packs]
    if any(p.state != AgendaPack.State.READY for p in built):
        return False
    if _unconfirmed(papers_not_included(built), confirmed):
        return False
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update()
            .select_related("board__partnership")
            .get(pk=meeting_id)
        )
        if meeting.status != Meeting.Status.SCHEDULED:
            return False
        _publish(
            built,
            Report.objects.filter(agenda_item__meeting=meeting, status=Report.Status.CLEARED),
            by=by,
            reason=reason,
        )
        meeting.status = Meeting.Status.PACK_PUBLISHED
        attribute(meeting, by=by, reason=reason).save(update_fields=["status"])
        board_news(meeting, event="pack")
    return True


MOVABLE = (Meeting.Status.SCHEDULED, Meeting.Status.PACK_PUBLISHED)


@transaction.atomic
def meeting_update(*, meeting, by) -> Meeting:
    """Save an edited meeting. A meeting still to be held whose date, time or venue changed
    has moved: its members and subscribers are told, once the change is saved."""
    before = Meeting.objects.select_for_update().select_related("board").get(pk=meeting.pk)
    validated_save(meeting, by=by)
    moved = before.start != meeting.start or before.venue != meeting.venue
    if moved and before.status in MOVABLE:
        detail = f"{when_and_where(before)} to {when_and_where(meeting)}"
        board_news(meeting, event="moved", detail=detail)
    return meeting


@transaction.atomic
def attendance_record(*, meeting, statuses: dict, by, substitute=None) -> int:
    """Record who was present, sent apologies or was absent: {membership id: status}; and a
    substitute (name, membership id replaced), who attends in that member's place."""

    saved = 0
    if substitute:
        name, replaced = substitute
        validated_save(Attendance(meeting=meeting, name=name, substitute_for_id=replaced), by=by)
        saved += 1
    for membership_id, status in statuses.items():
        if not status:
            Attendance.objects.filter(meeting=meeting, membership_id=membership_id).delete()
            continue
        row = Attendance.objects.filter(meeting=meeting, membership_id=membership_id).first()
        row = row or Attendance(meeting=meeting, membership_id=membership_id)
        row.status = status
        validated_save(row, by=by)
        saved += 1
    return saved


class MinutesError(ValidationError):
    """Minutes that cannot be published, approved or voted on as asked."""


def _queue_public_minutes(meeting) -> None:
    from .minutes import public_minutes_pdf_build

    if meeting.board.public:
        queue_on_commit(public_minutes_pdf_build, meeting_id=meeting.pk)


@transaction.atomic
def minutes_publish(*, minutes, by) -> Minutes:
    """Put a meeting's minutes on the public site: a draft is marked "draft, subject to
    approval" until approved. The public PDF is made in the background, and the board's
    members and subscribers are told."""
    minutes = (
        Minutes.objects.select_for_update().select_related("meeting__board").get(pk=minutes.pk)
    )
    meeting = minutes.meeting
    if minutes.published_at is not None:
        raise MinutesError("These minutes are published already.")
    if not meeting.was_held:
        raise MinutesError("Only the minutes of a meeting that was held can be published.")
    minutes.published_at = timezone.now()
    validated_save(minutes, by=by)
    _queue_public_minutes(meeting)
    board_news(meeting, event="minutes")
    return minutes


@transaction.atomic
def minutes_approve(*, minutes, at_meeting, by):
    """Approve a meeting's minutes at a later meeting of the same board that was held (not
    cancelled, not still to come). Approved minutes replace the draft on the public site."""

    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    previous = (
        Meeting.objects.select_for_update().select_related("board").get(pk=minutes.meeting_id)
    )
    at_meeting = Meeting.objects.select_for_update().get(pk=at_meeting.pk)
    if minutes.status == Minutes.Status.APPROVED:
        raise MinutesError("These minutes are approved already.")
    if at_meeting.board_id != previous.board_id or at_meeting.start <= previous.start:
        raise MinutesError("Minutes are approved at a later meeting of the same board.")
    if not at_meeting.was_held:
        raise MinutesError(
            "Minutes are approved at a meeting that was held: record this meeting as held first."
        )
    if not previous.was_held:
        raise MinutesError("Only the minutes of a meeting that was held can be approved.")
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = at_meeting
    validated_save(minutes, by=by)
    previous.status = previous.Status.MINUTES_APPROVED
    validated_save(previous, by=by)
    if minutes.published_at is not None:
        _queue_public_minutes(previous)
    return minutes


@transaction.atomic
def votes_record(
    *, item, by, votes_for=None, votes_against=None, votes_abstained=None, named=None
) -> AgendaItem:
    """Record the vote on a decision item: the counts, or the named votes ({membership id:
    "for" / "against" / "abstain" / ""}), from which the counts are then set. No count may
    exceed the voting members present."""
    from .minutes import quorate
    from .models import Vote

    item = AgendaItem.objects.select_for_update().select_related("meeting__board").get(pk=item.pk)
    present = quorate(item.meeting).present
    if named is not None:
        allowed = set(
            Membership.objects.current(item.meeting.local_start.date())
            .filter(board_id=item.meeting.board_id, voting=True)
            .values_list("pk", flat=True)
        )
        unknown = set(named) - allowed
        if unknown:
            raise MinutesError("Only the board's voting members can be recorded as voting.")
        choices = {pk: c for pk, c in named.items() if c}
        if any(c not in Vote.Choice.values for c in choices.values()):
            raise MinutesError("A vote is for, against or an abstention.")
        counts = [sum(1 for c in choices.values() if c == want) for want in Vote.Choice.values]
        votes_for, votes_against, votes_abstained = counts
    given = [v for v in (votes_for, votes_against, votes_abstained) if v is not None]
    if any(v < 0 for v in given):
        raise MinutesError("A vote count cannot be negative.")
    if sum(given) > present:
        raise MinutesError(
            f"{sum(given)} votes are more than the {present} voting member"
            f"{'s' if present != 1 else ''} recorded as present. Record the attendance first, "
            "or correct the counts."
        )
    if named is not None:
        Vote.objects.filter(item=item).exclude(membership_id__in=choices).delete()
        for membership_id, choice in choices.items():
            vote = Vote.objects.filter(item=item, membership_id=membership_id).first()
            vote = vote or Vote(item=item, membership_id=membership_id)
            vote.choice = choice
            validated_save(vote, by=by)
    item.votes_for, item.votes_against, item.votes_abstained = (
        votes_for,
        votes_against,
        votes_abstained,
    )
    return validated_save(item, by=by)


MEETING_STATUS_FROM = {
    Meeting.Status.CANCELLED: {Meeting.Status.SCHEDULED, Meeting.Status.PACK_PUBLISHED},
    Meeting.Status.HELD: {Meeting.Status.PACK_PUBLISHED, Meeting.Status.SCHEDULED},
}


def meeting_status_refusal(*, meeting, to: str, now=None) -> str:
    """Why ``meeting`` cannot be moved to ``to`` now, in words for the officer; "" if it can.
    The confirmation page asks this before offering the button; ``meeting_set_status`` again."""
    if to not in MEETING_STATUS_FROM:
        return "A meeting can only be cancelled or recorded as held here."
    if meeting.status not in MEETING_STATUS_FROM[to]:
        return (
            f"A meeting that is {meeting.get_status_display().lower()} cannot be "
            f"{Meeting.Status(to).label.lower()}."
        )
    if to == Meeting.Status.HELD and meeting.start > (now or timezone.now()):
        start = timezone.localtime(meeting.start)
        at = f"{start:%-I:%M %p}".lower()
        return (
            "The meeting has not started yet, so it cannot be recorded as held: it starts on "
            f"{start:%A %-d %B %Y} at {at}."
        )
    return ""


@transaction.atomic
def meeting_set_status(*, meeting, to: str, by, now=None):
    """Cancel a meeting that has not been held, or record that it was held (once it has
    started). Publication and the approval of minutes have their own services."""

    locked = Meeting.objects.select_for_update().select_related("board").get(pk=meeting.pk)
    refusal = meeting_status_refusal(meeting=locked, to=to, now=now)
    if refusal:
        raise ValidationError(refusal)
    locked.status = to
    validated_save(locked, by=by)
    meeting.status = to
    if to == Meeting.Status.CANCELLED:
        board_news(locked, event="cancelled")
    return locked
