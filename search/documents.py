"""What can be found, and by whom: one ``Document`` per kind of record.

Each says how to read a record's title, text, date and page, and which of its rows a user may
open (``visible``), by the record's own app's rules: the list filters (``visible_to``) that the
pages use, so that search never shows a record its page would refuse. ``visible`` returns a
queryset of the model (the search reads its primary keys as a subquery) or ``None`` for
nothing at all.
"""

import html
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from compact.models import Breach, Commitment, Consultation, HandbookSection, SectionVersion
from grants.models import Award, Fund
from partnerships.models import (
    AgendaItem,
    Appendix,
    Board,
    Contact,
    Meeting,
    Membership,
    Organisation,
    Partnership,
    Report,
    User,
)
from partnerships.permissions import visible_to
from portal.permissions import has_any_role, is_board_member, is_staff_role
from workprogramme.models import Risk, Task

logger = logging.getLogger(__name__)

# The highlight markers ts_headline puts round a match: private-use characters, taken out of
# every indexed text, so that the only ones in a snippet are the markers (search.query).
START_SEL = "\ue000"
STOP_SEL = "\ue001"
# A tsvector holds at most 1 MB; an appendix's text is cut well before that.
MAX_TEXT = 200_000


def plain(*parts) -> str:
    """Text for the index: HTML taken out, entities read, blanks squeezed, markers removed."""
    text = " ".join(str(p) for p in parts if p not in (None, ""))
    text = html.unescape(strip_tags(text)).replace(START_SEL, "").replace(STOP_SEL, "")
    return re.sub(r"\s+", " ", text).strip()[:MAX_TEXT]


@dataclass(frozen=True)
class Document:
    kind: str
    label: str  # the heading of its group of results, plural
    model: type
    title: Callable
    url: Callable
    visible: Callable  # (user) -> queryset of the model, or None
    body: Callable = lambda _obj: ""
    extra: Callable = lambda _obj: ""
    date: Callable = lambda _obj: None
    related: tuple = ()  # names of select_related paths the fields above read
    # Other models whose change alters this kind's text: model -> (instance -> pks of ours).
    depends_on: dict = field(default_factory=dict)

    def queryset(self):
        return self.model._default_manager.select_related(*self.related).order_by("pk")


def _day(value):
    if value is None:
        return None
    return timezone.localtime(value).date() if hasattr(value, "tzinfo") else value


def _all_if(rule) -> Callable:
    """Every row to those the rule lets in (records with no partnership to go by)."""

    def visible(user, model):
        return model._default_manager.all() if rule(user) else None

    return visible


# --- who may read what: the domain rules, as querysets -------------------------------------


def _sits_on_the_board(user, board_path: str):
    """Rows whose board (by ``board_path``) the user currently sits on."""
    return Exists(
        Membership.objects.current().filter(user_id=user.pk, board_id=OuterRef(board_path))
    )


def visible_agenda_items(user):
    """``view_partnership`` on the meeting; exempt items only with ``view_restricted_pack``
    (officers, and the board's current members)."""
    items = visible_to(AgendaItem.objects.all(), user)
    if is_staff_role(user):
        return items
    return items.filter(Q(exempt=False) | _sits_on_the_board(user, "meeting__board_id"))


def visible_reports(user):
    """``partnerships.view_report`` as a queryset: the partnerships app's own."""
    return Report.objects.visible_to(user)


def visible_appendices(user):
    reports = visible_reports(user)
    if reports is None:
        return None
    return Appendix.objects.filter(report__in=reports.values("pk"))


def visible_memberships(user):
    """A person's record is reached through a membership, by whoever may see its board."""
    if not has_any_role(user):
        return None
    return visible_to(Membership.objects.all(), user)


def _scoped(model) -> Callable:
    """Records under a partnership, read on its rules (``partnerships.permissions``)."""

    def visible(user):
        if not has_any_role(user):
            return None
        return visible_to(model._default_manager.all(), user)

    return visible


# --- the text of each kind ---------------------------------------------------------------


def appendix_text(appendix) -> str:
    """The text of an appendix's PDF, read with pypdf; nothing for a file it cannot read.
    Read when the appendix is saved (at upload) and on a rebuild."""
    if not appendix.file:
        return ""
    try:
        from pypdf import PdfReader

        with appendix.file.storage.open(appendix.file.name, "rb") as stored:
            data = stored.read(settings.PORTAL_APPENDIX_MAX_BYTES + 1)
        reader = PdfReader(io.BytesIO(data))
        out, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            out.append(text)
            size += len(text)
            if size > MAX_TEXT:
                break
        return plain(*out)
    except Exception:  # pypdf raises many kinds for a broken file; the rest stays findable
        logger.warning("Could not read the text of appendix %s", appendix.pk, exc_info=True)
        return ""


def _report_date(report):
    if report.publication_date:
        return report.publication_date
    item = getattr(report, "agenda_item", None)
    return _day(item.meeting.start) if item else None


def _endorsed_text(section) -> str:
    version = section.versions.filter(status=SectionVersion.Status.ENDORSED).first()
    return plain(version.content) if version else ""


def _membership_person(m) -> str:
    person = m.user or m.contact
    return plain(getattr(person, "job_title", ""), getattr(person, "organisation", None) or "")


DOCUMENTS: list[Document] = [
    Document(
        kind="partnership",
        label="Partnerships",
        model=Partnership,
        title=lambda p: p.name,
        body=lambda p: plain(p.purpose),
        extra=lambda p: plain(p.get_kind_display(), p.get_status_display(), p.accountable_body),
        date=lambda p: p.start_date,
        url=lambda p: p.get_absolute_url(),
        visible=lambda user: Partnership.objects.openable_by(user),
        related=("accountable_body",),
    ),
    Document(
        kind="organisation",
        label="Organisations",
        model=Organisation,
        title=lambda o: o.name,
        body=lambda o: plain(o.get_kind_display(), o.get_sector_display()),
        extra=lambda o: plain(o.charity_number, o.company_number, o.address, o.website),
        url=lambda o: o.get_absolute_url(),
        visible=lambda user: Organisation.objects.visible_to(user),
    ),
    Document(
        kind="board",
        label="Boards",
        model=Board,
        title=lambda b: str(b),
        body=lambda b: plain(b.partnership.name, b.get_kind_display()),
        extra=lambda b: plain(b.meeting_frequency),
        url=lambda b: b.get_absolute_url(),
        visible=_scoped(Board),
        related=("partnership",),
    ),
    Document(
        kind="meeting",
        label="Meetings",
        model=Meeting,
        title=lambda m: str(m),
        body=lambda m: plain(m.board.partnership.name, m.venue),
        extra=lambda m: plain(m.get_status_display(), m.contact_officer),
        date=lambda m: _day(m.start),
        url=lambda m: m.get_absolute_url(),
        visible=_scoped(Meeting),
        related=("board__partnership",),
    ),
    Document(
        kind="agendaitem",
        label="Agenda items",
        model=AgendaItem,
        title=lambda i: i.title,
        body=lambda i: plain(i.public_title, i.exemption_reason, i.presenter),
        extra=lambda i: plain(str(i.meeting), i.get_kind_display()),
        date=lambda i: _day(i.meeting.start),
        url=lambda i: i.get_absolute_url(),
        visible=visible_agenda_items,
        related=("meeting__board__partnership",),
    ),
    Document(
        kind="report",
        label="Reports",
        model=Report,
        title=lambda r: r.title,
        body=lambda r: plain(
            r.description,
            r.purpose,
            r.decision_required,
            r.summary,
            r.recommendations,
            r.reasons,
            r.options,
            r.background,
        ),
        extra=lambda r: plain(
            r.report_of,
            r.author,
            r.contact_details,
            r.wards_affected,
            r.key_decision_ref,
            r.target_audience,
            r.circulation,
            r.cross_reference,
            *(text for _, text in r.implications),
            r.background_papers,
        ),
        date=_report_date,
        url=lambda r: r.get_absolute_url(),
        visible=visible_reports,
        related=("agenda_item__meeting",),
        depends_on={AgendaItem: lambda item: [item.report_id] if item.report_id else []},
    ),
    Document(
        kind="appendix",
        label="Appendices",
        model=Appendix,
        title=lambda a: f"{a}",
        body=lambda a: plain(f"Appendix to {a.report.title}"),
        extra=appendix_text,
        date=lambda a: _report_date(a.report),
        url=lambda a: a.get_absolute_url(),  # the report's page, which lists it
        visible=visible_appendices,
        related=("report__agenda_item__meeting",),
    ),
    Document(
        kind="fund",
        label="Funds",
        model=Fund,
        title=lambda f: str(f),
        body=lambda f: plain(f.description),
        extra=lambda f: plain(f.funder or "", f.get_route_display(), f.board or ""),
        date=lambda f: f.year_start if f.financial_year else None,
        url=lambda f: f.get_absolute_url(),
        # grants.view_fund: officers and board members.
        visible=lambda user: _all_if(is_staff_role | is_board_member)(user, Fund),
        related=("funder", "board"),
    ),
    Document(
        kind="award",
        label="Awards",
        model=Award,
        title=lambda a: a.title,
        body=lambda a: plain(a.purpose),
        extra=lambda a: plain(
            a.fund, a.recipient_organisation or "", a.recipient_partnership or ""
        ),
        date=lambda a: a.start_date,
        url=lambda a: a.get_absolute_url(),
        visible=lambda user: Award.objects.visible_to(user),
        related=("fund", "recipient_organisation", "recipient_partnership"),
    ),
    Document(
        kind="task",
        label="Work-programme tasks",
        model=Task,
        title=lambda t: t.title,
        body=lambda t: plain(t.description, t.comments, t.source),
        extra=lambda t: plain(t.programme, t.lead_organisation or "", t.lead_person),
        date=lambda t: t.programme.period_start,
        url=lambda t: t.get_absolute_url(),
        visible=lambda user: Task.objects.visible_to(user) if has_any_role(user) else None,
        related=("programme", "lead_organisation"),
    ),
    Document(
        kind="risk",
        label="Risks",
        model=Risk,
        title=lambda r: str(r),
        body=lambda r: plain(r.cause, r.effect, r.controls),
        extra=lambda r: plain(r.log, r.owner, r.get_category_display()),
        date=lambda r: r.review_date,
        url=lambda r: r.get_absolute_url(),
        visible=lambda user: Risk.objects.visible_to(user) if has_any_role(user) else None,
        related=("log",),
    ),
    Document(
        kind="commitment",
        label="Compact commitments",
        model=Commitment,
        title=lambda c: str(c),
        body=lambda c: plain(c.text),
        extra=lambda c: plain(c.code.title, c.get_whose_display()),
        url=lambda c: c.get_absolute_url(),
        # compact.view_compact: everyone with a role.
        visible=lambda user: _all_if(has_any_role)(user, Commitment),
        related=("code__compact",),
    ),
    Document(
        kind="breach",
        label="Compact breaches",
        model=Breach,
        title=lambda b: str(b),
        body=lambda b: plain(b.what_happened, b.outcome),
        extra=lambda b: plain(b.commitment, b.raised_by or "", b.against or ""),
        date=lambda b: b.raised_on,
        url=lambda b: b.get_absolute_url(),
        # compact.view_compliance: officers and board members.
        visible=lambda user: _all_if(is_staff_role | is_board_member)(user, Breach),
        related=("commitment__code", "raised_by", "against"),
    ),
    Document(
        kind="handbooksection",
        label="Handbook sections",
        model=HandbookSection,
        title=lambda s: s.title,
        body=lambda s: plain(s.purpose),
        extra=_endorsed_text,  # the endorsed text, which everyone with a role reads
        url=lambda s: s.get_absolute_url(),
        visible=lambda user: _all_if(has_any_role)(user, HandbookSection),
        depends_on={SectionVersion: lambda v: [v.section_id]},
    ),
    Document(
        kind="consultation",
        label="Consultations",
        model=Consultation,
        title=lambda c: c.title,
        body=lambda c: plain(c.consultees, c.groups_affected, c.outcome),
        extra=lambda c: plain(c.organisation or "", c.owner),
        date=lambda c: c.start_date,
        url=lambda c: c.get_absolute_url(),
        visible=lambda user: _all_if(is_staff_role | is_board_member)(user, Consultation),
        related=("organisation",),
    ),
    Document(
        kind="person",
        label="People",
        model=Membership,
        title=lambda m: m.person_name,
        body=lambda m: plain(f"{m.get_role_display()} of {m.board}", m.organisation or ""),
        extra=_membership_person,
        date=lambda m: m.start_date,
        url=lambda m: reverse("partnerships:member", args=[m.pk]),
        visible=visible_memberships,
        related=(
            "board",
            "organisation",
            "user__organisation",
            "contact__organisation",
        ),
        depends_on={
            User: lambda u: list(Membership.objects.filter(user=u).values_list("pk", flat=True)),
            Contact: lambda c: list(
                Membership.objects.filter(contact=c).values_list("pk", flat=True)
            ),
        },
    ),
]


BY_KIND: dict[str, Document] = {d.kind: d for d in DOCUMENTS}
BY_MODEL: dict[type, Document] = {d.model: d for d in DOCUMENTS}
KIND_CHOICES = [(d.kind, d.label) for d in DOCUMENTS]


def visible_querysets(user, kinds: Iterable[str] | None = None) -> dict[str, object]:
    """kind -> the queryset of what ``user`` may open, for the kinds they may read any of."""
    found = {}
    for document in DOCUMENTS:
        if kinds is not None and document.kind not in kinds:
            continue
        rows = document.visible(user)
        if rows is None or rows.query.is_empty():
            continue
        found[document.kind] = rows
    return found
