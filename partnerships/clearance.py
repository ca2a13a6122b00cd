"""Clearing a report: its finance and legal sign-offs, each given by a person who holds that
sign-off's role (a group), never by the report's own author. Both given, the report is cleared
and goes into the next pack; the pack's cover sheet prints who signed and when."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.roles import roles_of
from portal.services import validated_save

from .models import Report


@dataclass(frozen=True)
class SignOff:
    kind: str  # "finance" or "legal": the prefix of the report's fields
    label: str
    group: str  # the role (Django group) whose holders may give it


FINANCE = SignOff("finance", "Finance", "Finance sign-off")
LEGAL = SignOff("legal", "Legal", "Legal sign-off")
SIGNOFFS = {s.kind: s for s in (FINANCE, LEGAL)}
GROUPS = [s.group for s in SIGNOFFS.values()]


def holds(user, signoff: SignOff) -> bool:
    return signoff.group in roles_of(user)


def wrote(user, report: Report) -> bool:
    """The report's author: who started it in the portal, or whose name it carries."""
    if report.written_by_id is not None and report.written_by_id == user.pk:
        return True
    name = (user.get_full_name() or "").strip().casefold()
    return bool(name) and name == report.author.strip().casefold()


def signed(report: Report, signoff: SignOff) -> bool:
    return bool(getattr(report, f"{signoff.kind}_signoff"))


@dataclass
class SignOffState:
    """What the report page shows of one sign-off, and whether this user may give it."""

    signoff: SignOff
    name: str
    at: object
    comment: str
    can_give: bool
    why_not: str


def signoff_states(report: Report, user) -> list[SignOffState]:
    states = []
    for signoff in SIGNOFFS.values():
        try:
            check(report, signoff, user)
            can_give, why_not = True, ""
        except ValidationError as exc:
            can_give, why_not = False, " ".join(exc.messages)
        states.append(
            SignOffState(
                signoff=signoff,
                name=getattr(report, f"{signoff.kind}_signoff"),
                at=getattr(report, f"{signoff.kind}_signed_at"),
                comment=getattr(report, f"{signoff.kind}_comment"),
                can_give=can_give,
                why_not=why_not,
            )
        )
    return states


def check(report: Report, signoff: SignOff, user) -> None:
    """Raise a readable ``ValidationError`` unless ``user`` may give ``signoff`` now."""
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            f"Only a report submitted for clearance can be signed off; this one is "
            f"{report.get_status_display().lower()}."
        )
    if signed(report, signoff):
        raise ValidationError(f"The {signoff.label.lower()} sign-off has been given already.")
    if not holds(user, signoff):
        raise ValidationError(
            f"The {signoff.label.lower()} sign-off is given by someone in the "
            f"'{signoff.group}' role."
        )
    if wrote(user, report):
        raise ValidationError(
            "You wrote this report, so someone else must sign it off: a report is never "
            "cleared by its own author."
        )


@transaction.atomic
def report_sign_off(*, report_id: int, kind: str, by, comment: str = "") -> Report:
    """Give one sign-off as ``by``, with an optional comment. The second one clears the
    report. The row is re-read under a lock, so two people pressing at once sign once."""
    if kind not in SIGNOFFS:
        raise ValidationError("There is no such sign-off.")
    signoff = SIGNOFFS[kind]
    report = Report.objects.select_for_update().get(pk=report_id)
    check(report, signoff, by)
    now = timezone.now()
    post = f", {by.job_title}" if getattr(by, "job_title", "") else ""
    setattr(report, f"{kind}_signoff", f"{by.get_full_name()}{post}"[:150])
    setattr(report, f"{kind}_signed_by", by)
    setattr(report, f"{kind}_signed_at", now)
    setattr(report, f"{kind}_comment", comment.strip())
    if all(signed(report, s) for s in SIGNOFFS.values()):
        report.status = Report.Status.CLEARED
        report.cleared_at = now
    return validated_save(report, by=by)
