"""The members' record: one person's memberships across boards, their standing register of
interests, and their attendance at the meetings they were expected at.

A person is a portal user or a contact without a login; a membership names one or the other.
Attendance is counted per financial year (1 April to 31 March): a member is expected at every
meeting of the board that was held (or whose minutes are approved) while they were on it;
cancelled meetings, and meetings not yet held, are left out. A substitute attending in their
place does not count as their presence, but is noted.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .models import Attendance, Interest, Meeting, Membership, financial_year, financial_year_label


def person_lookup(obj) -> dict | None:
    """The filter naming the person of a membership or an interest (``{"user_id": 3}``)."""
    if obj is None:
        return None
    if obj.user_id:
        return {"user_id": obj.user_id}
    if obj.contact_id:
        return {"contact_id": obj.contact_id}
    return None


def person_memberships(obj):
    """Every membership, on any board, of the person a membership or interest names."""
    who = person_lookup(obj)
    if who is None:
        return Membership.objects.none()
    return Membership.objects.filter(**who)


def person_interests(obj):
    """The person's register of interests: standing entries first, then ended ones."""
    who = person_lookup(obj)
    if who is None:
        return Interest.objects.none()
    return Interest.objects.filter(**who)


def split_interests(interests, today=None):
    """(standing, ended): an entry has ended once its "to" date has passed."""
    today = today or timezone.localdate()
    standing, ended = [], []
    for interest in interests:
        (ended if interest.end_date and interest.end_date < today else standing).append(interest)
    return standing, ended


@dataclass
class YearAttendance:
    year: int
    expected: int = 0
    present: int = 0
    apologies: int = 0
    substituted: int = 0  # a substitute attended in the member's place

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def absent(self) -> int:
        return self.expected - self.present


def attendance_by_year(memberships, now=None) -> dict[int, list[YearAttendance]]:
    """{membership id: [YearAttendance, newest year first]} for the memberships given, in two
    queries however many memberships and meetings there are."""
    memberships = list(memberships)
    now = now or timezone.now()
    if not memberships:
        return {}
    ids = [m.pk for m in memberships]
    meetings = defaultdict(list)  # board id -> [(meeting id, local date)]
    for pk, board_id, start in Meeting.objects.filter(
        board_id__in={m.board_id for m in memberships},
        status__in=Meeting.HELD_STATUSES,
        start__lte=now,
    ).values_list("pk", "board_id", "start"):
        meetings[board_id].append((pk, timezone.localdate(start)))
    rows = defaultdict(dict)  # membership id -> {meeting id: status}
    substituted = defaultdict(set)  # membership id -> {meeting id}
    for membership_id, substitute_for_id, meeting_id, status in Attendance.objects.filter(
        Q(membership_id__in=ids) | Q(substitute_for_id__in=ids)
    ).values_list("membership_id", "substitute_for_id", "meeting_id", "status"):
        if membership_id in ids:
            rows[membership_id][meeting_id] = status
        if substitute_for_id in ids and status == Attendance.Status.PRESENT:
            substituted[substitute_for_id].add(meeting_id)
    result = {}
    for m in memberships:
        years: dict[int, YearAttendance] = {}
        for meeting_id, day in meetings[m.board_id]:
            if not m.in_force_on(day):
                continue
            year = financial_year(day)
            stats = years.setdefault(year, YearAttendance(year))
            stats.expected += 1
            status = rows[m.pk].get(meeting_id)
            if status == Attendance.Status.PRESENT:
                stats.present += 1
            elif status == Attendance.Status.APOLOGIES:
                stats.apologies += 1
            if meeting_id in substituted[m.pk] and status != Attendance.Status.PRESENT:
                stats.substituted += 1
        result[m.pk] = sorted(years.values(), key=lambda s: s.year, reverse=True)
    return result


def member_record(membership, memberships, now=None) -> dict:
    """What a member's profile shows: the person, their memberships (given, already limited to
    what the reader may see) with each one's attendance, and their register of interests."""
    memberships = sorted(
        memberships,
        key=lambda m: (not m.is_current, -(m.start_date.toordinal() if m.start_date else 0)),
    )
    stats = attendance_by_year(memberships, now=now)
    for m in memberships:
        m.attendance_years = stats.get(m.pk, [])
    interests = list(person_interests(membership).order_by("kind", "-start_date", "pk"))
    standing, ended = split_interests(interests)
    person = membership.person
    organisation = membership.organisation or getattr(person, "organisation", None)
    return {
        "person": person,
        "person_name": membership.person_name,
        "organisation": organisation,
        "memberships": memberships,
        "standing_interests": standing,
        "ended_interests": ended,
    }
