"""The public democracy site: what the law opens to anyone, with no sign-in.

Every public page reads through these querysets, so that nothing unpublished, draft,
restricted or exempt is reachable from a public URL: a board that is not public, a meeting
whose papers are not yet published, a restricted pack, a report that is not published or
sits on an exempt item, minutes not yet put on the site.
"""

from django.db.models import Exists, OuterRef

from ..models import AgendaItem, AgendaPack, Board, Meeting, Minutes, Report


def public_boards():
    return Board.objects.filter(public=True)


def public_packs():
    """Published public packs (the agenda pack and its supplements), built and on file."""
    return AgendaPack.objects.filter(
        restricted=False,
        published_at__isnull=False,
        state=AgendaPack.State.READY,
        meeting__board__public=True,
    ).exclude(file="")


def published_meetings():
    """Meetings of public boards whose public agenda pack is published."""
    return Meeting.objects.filter(
        Exists(public_packs().filter(meeting=OuterRef("pk"), version=1)),
        board__public=True,
    )


def public_items():
    """Agenda items the public may read in full: not exempt, on a published meeting."""
    return AgendaItem.objects.filter(exempt=False, meeting__in=published_meetings())


def public_reports():
    return Report.objects.filter(status=Report.Status.PUBLISHED, agenda_item__in=public_items())


def published_minutes():
    """Minutes put on the public site (draft, subject to approval, or approved)."""
    return Minutes.objects.filter(published_at__isnull=False, meeting__board__public=True)
