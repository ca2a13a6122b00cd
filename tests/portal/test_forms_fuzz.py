"""Generated input to every form of the portal never answers 500.

The pages are found from the URL resolver, not listed here: every page that takes a POST (form
views and the buttons that post to a view) is fed generated data as an administrator and as an
officer, and every list and form page is fetched with generated query parameters (filters,
page, search, export, the ids some forms start from). Text with NUL characters and lone
surrogates, huge strings, dates from 0001 to 9999 and beyond, huge and negative numbers, ids
that are not numbers and empty values: whatever comes, the answer is a page with a message, a
redirect, 400, 403, 404 or 405, never 500.

A new page whose URL takes ids needs its objects in ``URL_KWARGS``; the test says so.
"""

import contextlib
import copy
import datetime
import importlib
import importlib.util
import os
from decimal import Decimal
from unittest import mock
from urllib.parse import quote

import pytest
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.generic.list import MultipleObjectMixin
from django_filters import FilterSet
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_field

from api.services import api_token_create
from compact.models import ActionPlanItem
from grants.services import award_approve
from partnerships.models import (
    Action,
    AgendaItem,
    BoardSeat,
    KeyDecision,
    Meeting,
    MeetingAction,
    Outcome,
    Report,
    RiskAssessment,
    Strategy,
    ValueForMoneyReview,
)
from portal.exports import EXPORTS
from portal.forms import PortalFilterSet, PortalFormMixin
from portal.roles import Role
from workprogramme.services import task_assess, task_link

from ..compact import factories as compact_f
from ..conftest import role_group
from ..grants import factories as grants_f
from ..partnerships.factories import (
    BoardFactory,
    ContactFactory,
    ContributionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from ..workprogramme import factories as wp_f

pytestmark = pytest.mark.django_db

# Small, so that the suite stays fast; PORTAL_FUZZ_EXAMPLES=200 searches harder.
EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

# Pages not fuzzed, and why. Signing out would end the session the other examples use.
SKIPPED = {"logout"}


def _walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or f"<unnamed {p.pattern}>")
            yield name, p


def _portal_pages(*, all_of_them=False):
    for name, pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if name.startswith("admin:") or name in SKIPPED:
            continue
        if view_class is not None or all_of_them:
            yield name, pattern, view_class


def _is_form_view(view_class) -> bool:
    return getattr(view_class, "form_class", None) is not None or hasattr(view_class, "get_form")


# Every page that takes a POST: the form views (CreateView, UpdateView, FormView, anything with
# a form_class) and the views that read a POST themselves (ballots, returns, actions).
POST_PAGES = sorted(name for name, _, vc in _portal_pages() if hasattr(vc, "post"))
FORM_PAGES = sorted(name for name, _, vc in _portal_pages() if _is_form_view(vc))
LIST_PAGES = sorted(
    name
    for name, _, vc in _portal_pages()
    if getattr(vc, "filterset_class", None) or issubclass(vc, MultipleObjectMixin)
)
PATTERNS = {name: pattern for name, pattern, _ in _portal_pages()}
VIEWS = {name: vc for name, _, vc in _portal_pages()}


# --- the objects a page's URL names ------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One of everything, made once for the module inside a transaction rolled back at its end
    (each test runs in a savepoint inside it, as Django's setUpTestData does). The officer
    leads the partnership, so that its pages open to them."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _make_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _make_world() -> dict:
    today = timezone.localdate()
    administrator = UserFactory(username="admin", is_staff=True, is_superuser=True)
    administrator.groups.add(role_group(Role.ADMINISTRATOR))
    officer = UserFactory(username="officer")
    officer.groups.add(role_group(Role.OFFICER))
    organisation = OrganisationFactory(name="Cheshire East Council")
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership)
    contact = ContactFactory()
    membership = MembershipFactory(board=board, contact=contact, organisation=organisation)
    strategy = Strategy.objects.create(
        name="Health strategy", period_start=today, period_end=today + datetime.timedelta(400)
    )
    outcome = Outcome.objects.create(strategy=strategy, number=1, title="Healthier lives")
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=30), venue="Town Hall"
    )
    report = Report.objects.create(title="Annual report", author="A. Officer")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Report", report=report)
    AgendaItem.objects.create(meeting=meeting, number=2, title="No report yet")
    programme = wp_f.WorkProgrammeFactory(partnership=partnership)
    task = wp_f.TaskFactory(programme=programme)
    other_task = wp_f.TaskFactory(programme=programme)
    assessment = task_assess(
        task=task,
        likelihood=2,
        impact=2,
        rationale="Because",
        assessed_by="Officer",
        assessed_on=today,
        by=None,
    )
    log = wp_f.RiskLogFactory(partnership=partnership)
    risk = wp_f.RiskFactory(log=log)
    fund = grants_f.FundFactory(budget=Decimal("100000"))
    award = award_approve(award=grants_f.AwardFactory(fund=fund), by=None)
    payment = grants_f.PaymentFactory(award=award)
    pb_round = grants_f.RoundFactory()
    grants_f.ProjectFactory(round=pb_round)
    compact = compact_f.CompactFactory()
    code = compact_f.CodeFactory(compact=compact)
    commitment = compact_f.CommitmentFactory(code=code)
    assessment_round = compact_f.RoundFactory(compact=compact)
    section = compact_f.SectionFactory()
    return {
        "partnership": partnership,
        "organisation": organisation,
        "contribution": ContributionFactory(partnership=partnership, organisation=organisation),
        "risk_assessment": RiskAssessment.objects.create(
            partnership=partnership,
            assessed_on=today,
            summary="Low",
            next_review_due=today + datetime.timedelta(365),
        ),
        "review": ValueForMoneyReview.objects.create(
            partnership=partnership,
            reviewed_on=today,
            findings="Fine",
            outcome="continue",
            next_review_due=today + datetime.timedelta(365),
        ),
        "board": board,
        "seat": BoardSeat.objects.create(board=board, organisation=organisation),
        "membership": membership,
        "contact": contact,
        "action": Action.objects.create(board=board, outcome=outcome, title="Do it"),
        "meeting": meeting,
        "item": item,
        "report": report,
        "key_decision": KeyDecision.objects.create(
            board=board, title="Budget", decision_date=today + datetime.timedelta(60)
        ),
        "meeting_action": MeetingAction.objects.create(
            meeting=meeting, description="Write to them", owner="Chair"
        ),
        "strategy": strategy,
        "outcome": outcome,
        "programme": programme,
        "task": task,
        "assessment": assessment,
        "link": task_link(from_task=task, kind="depends_on", to_task=other_task),
        "log": log,
        "risk": risk,
        "risk_action": wp_f.RiskActionFactory(risk=risk),
        "fund": fund,
        "award": award,
        "payment": payment,
        "return": award.returns.order_by("period_end").first(),
        "pb_round": pb_round,
        "project": pb_round.projects.first(),
        "compact": compact,
        "code": code,
        "commitment": commitment,
        "endorsement": compact_f.EndorsementFactory(compact=compact, organisation=organisation),
        "consultation": compact_f.ConsultationFactory(compact=compact),
        "assessment_round": assessment_round,
        "compact_action": ActionPlanItem.objects.create(
            round=assessment_round, item="Consult for longer", owner="Council"
        ),
        "compact_assessment": compact_f.AssessmentFactory(
            round=assessment_round, organisation=organisation
        ),
        "breach": compact_f.BreachFactory(commitment=commitment),
        "section": section,
        "version": compact_f.VersionFactory(section=section),
        "administrator": administrator,
        "officer": officer,
    }


def pk(key):
    return lambda w: {"pk": w[key].pk}


def parent(key):
    return lambda w: {"parent_pk": w[key].pk}


# What each page that takes ids is shown, by URL name.
URL_KWARGS = {
    "api:token_revoke": lambda w: {"pk": api_token_create(user=w["officer"], name="fuzz")[0].pk},
    "password_reset_confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w["administrator"].pk)),
        "token": default_token_generator.make_token(w["administrator"]),
    },
    "partnerships:partnership_edit": pk("partnership"),
    "partnerships:contribution_add": parent("partnership"),
    "partnerships:contribution_edit": pk("contribution"),
    "partnerships:risk_assessment_add": parent("partnership"),
    "partnerships:risk_assessment_edit": pk("risk_assessment"),
    "partnerships:review_add": parent("partnership"),
    "partnerships:review_edit": pk("review"),
    "partnerships:board_add": parent("partnership"),
    "partnerships:board_edit": pk("board"),
    "partnerships:seat_add": parent("board"),
    "partnerships:seat_edit": pk("seat"),
    "partnerships:membership_add": parent("board"),
    "partnerships:membership_edit": pk("membership"),
    "partnerships:member": pk("membership"),
    "partnerships:interest_add": parent("membership"),
    "partnerships:interest_edit": lambda w: {
        "pk": w["contact"].interests.get_or_create(kind="pecuniary", description="Shares")[0].pk
    },
    "partnerships:interest_history": lambda w: {
        "pk": w["contact"].interests.get_or_create(kind="pecuniary", description="Shares")[0].pk
    },
    "public:member": pk("membership"),
    "public:board": pk("board"),
    "public:board_calendar": pk("board"),
    "public:meeting": pk("meeting"),
    "public:pack": lambda w: {"pk": getattr(w["meeting"].packs.first(), "pk", 0)},
    "public:report": pk("report"),
    "public:appendix": lambda w: {"pk": getattr(w["report"].appendices.first(), "pk", 0)},
    "partnerships:contact_edit": pk("contact"),
    "partnerships:action_add": parent("board"),
    "partnerships:action_edit": pk("action"),
    "partnerships:meeting_add": parent("board"),
    "partnerships:meeting_edit": pk("meeting"),
    "partnerships:meeting_history": pk("meeting"),
    "partnerships:report_history": pk("report"),
    "partnerships:minutes_history": pk("meeting"),
    "partnerships:agenda_item_add": parent("meeting"),
    "partnerships:agenda_item_edit": pk("item"),
    "partnerships:report_add": lambda w: {"parent_pk": w["meeting"].items.get(number=2).pk},
    "partnerships:report_edit": pk("report"),
    "partnerships:report_import": pk("report"),
    "partnerships:report_transition": lambda w: {"pk": w["report"].pk, "to": "submitted"},
    "partnerships:report_sign_off": lambda w: {"pk": w["report"].pk, "kind": "finance"},
    "partnerships:appendix_add": parent("report"),
    "partnerships:pack_build": pk("meeting"),
    "partnerships:meeting_publish": pk("meeting"),
    "partnerships:meeting_status": lambda w: {"pk": w["meeting"].pk, "to": "held"},
    "partnerships:meeting_supplement": pk("meeting"),
    "partnerships:meeting_publish_confirm": pk("meeting"),
    "partnerships:meeting_supplement_confirm": pk("meeting"),
    "partnerships:key_decision_add": parent("board"),
    "partnerships:key_decision_edit": pk("key_decision"),
    "partnerships:attendance": pk("meeting"),
    "partnerships:declaration_add": pk("meeting"),
    "partnerships:meeting_action_add": pk("meeting"),
    "partnerships:meeting_action_edit": lambda w: {
        "pk": w["meeting"].pk,
        "action": w["meeting_action"].pk,
    },
    "partnerships:minutes": pk("meeting"),
    "partnerships:minutes_pdf": pk("meeting"),
    "partnerships:minutes_approve_previous": pk("meeting"),
    "partnerships:minutes_preview": pk("meeting"),
    "partnerships:minutes_publish": pk("meeting"),
    "partnerships:item_votes": pk("item"),
    "public:minutes": pk("meeting"),
    "public:minutes_pdf": pk("meeting"),
    "public:subscribe": pk("board"),
    "public:subscription_confirm": lambda w: {
        "token": w["board"].subscriptions.get_or_create(email="fan@example.org")[0].token
    },
    "public:unsubscribe": lambda w: {
        "token": w["board"].subscriptions.get_or_create(email="fan@example.org")[0].token
    },
    "partnerships:strategy_edit": pk("strategy"),
    "partnerships:outcome_add": parent("strategy"),
    "partnerships:outcome_edit": pk("outcome"),
    "partnerships:organisation_edit": pk("organisation"),
    "workprogramme:programme_edit": pk("programme"),
    "workprogramme:programme_detail": pk("programme"),
    "workprogramme:task_add": parent("programme"),
    "workprogramme:task_edit": pk("task"),
    "workprogramme:assessment_add": parent("task"),
    "workprogramme:assessment_override": pk("assessment"),
    "workprogramme:link_add": parent("task"),
    "workprogramme:link_remove": pk("link"),
    "workprogramme:risklog_edit": pk("log"),
    "workprogramme:risklog_detail": pk("log"),
    "workprogramme:risk_add": parent("log"),
    "workprogramme:risk_edit": pk("risk"),
    "workprogramme:risk_action_add": parent("risk"),
    "workprogramme:risk_action_edit": pk("risk_action"),
    "grants:fund_edit": pk("fund"),
    "grants:fund_roll_forward": pk("fund"),
    "grants:giving360": lambda w: {"fmt": "json"},
    "grants:award_edit": pk("award"),
    "grants:award_action": pk("award"),
    "grants:payment_add": parent("award"),
    "grants:payment_schedule": pk("award"),
    "grants:payment_paid": lambda w: {"pk": w["award"].pk, "payment_pk": w["payment"].pk},
    "grants:award_change": parent("award"),
    "grants:return_detail": pk("return"),
    "grants:round_edit": pk("pb_round"),
    "grants:project_add": parent("pb_round"),
    "grants:project_edit": pk("project"),
    "grants:voter_codes": pk("pb_round"),
    "grants:paper_ballot": pk("pb_round"),
    "grants:round_publish": pk("pb_round"),
    "grants:round_awards": pk("pb_round"),
    "grants:ballot": pk("pb_round"),
    "compact:compact_edit": pk("compact"),
    "compact:code_add": parent("compact"),
    "compact:code_edit": pk("code"),
    "compact:commitment_add": parent("code"),
    "compact:commitment_edit": pk("commitment"),
    "compact:endorsement_add": parent("compact"),
    "compact:endorsement_edit": pk("endorsement"),
    "compact:consultation_add": parent("compact"),
    "compact:consultation_edit": pk("consultation"),
    "compact:round_add": parent("compact"),
    "compact:round_edit": pk("assessment_round"),
    "compact:round_gaps": pk("assessment_round"),
    "compact:action_add": parent("assessment_round"),
    "compact:action_edit": pk("compact_action"),
    "compact:assessment_detail": pk("compact_assessment"),
    "compact:breach_add": parent("compact"),
    "compact:breach_edit": pk("breach"),
    "compact:section_edit": pk("section"),
    "compact:version_add": parent("section"),
    "compact:version_edit": pk("version"),
    "compact:version_consult": pk("version"),
    "compact:version_endorse": pk("version"),
}


def _needs_kwargs(name: str) -> bool:
    return bool(PATTERNS[name].pattern.converters)


def test_every_form_page_is_found_and_has_objects_for_its_url():
    # Found by their view classes and reversed by name: a function view or an unnamed pattern
    # would be missed.
    unseen = [n for n, _, vc in _portal_pages(all_of_them=True) if vc is None or "<" in n]
    assert not unseen, f"Give these pages a class-based view and a name: {unseen}"
    assert len(FORM_PAGES) >= 80 and set(FORM_PAGES) <= set(POST_PAGES)
    assert {"grants:ballot", "partnerships:review_add", "grants:award_edit"} <= set(POST_PAGES)
    missing = [n for n in POST_PAGES + LIST_PAGES if _needs_kwargs(n) and n not in URL_KWARGS]
    assert not missing, f"Add these pages' objects to URL_KWARGS in {__name__}: {missing}"


APPS = ["portal", "partnerships", "compact", "grants", "workprogramme", "search", "api"]


def _defined_in(module_name: str, base: type) -> list[type]:
    if importlib.util.find_spec(module_name) is None:  # an app with no forms, or no filters
        return []
    module = importlib.import_module(module_name)
    return [
        c
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, base) and c.__module__ == module_name
    ]


def test_every_form_and_filter_makes_the_shared_checks():
    """The pages' forms refuse unstorable text and out-of-range dates because they derive
    from the portal's bases: a new form or filter that does not is caught here."""
    defined = [
        *_defined_in("portal.accounts", forms.BaseForm),
        *(c for app in APPS[1:] for c in _defined_in(f"{app}.forms", forms.BaseForm)),
    ]
    assert len(defined) > 50
    assert [c for c in defined if not issubclass(c, PortalFormMixin)] == []
    filtersets = [c for app in APPS[1:] for c in _defined_in(f"{app}.filters", FilterSet)]
    assert len(filtersets) >= 10
    assert [c for c in filtersets if not issubclass(c, PortalFilterSet)] == []
    for name in FORM_PAGES:
        view = PATTERNS[name].callback
        initkwargs = getattr(view, "view_initkwargs", {})
        form_class = (
            initkwargs.get("authentication_form")
            or initkwargs.get("form_class")
            or getattr(view.view_class, "authentication_form", None)
            or getattr(view.view_class, "form_class", None)
        )
        assert form_class is None or issubclass(form_class, PortalFormMixin), name


def _url(name, world) -> str:
    kwargs = URL_KWARGS[name](world) if _needs_kwargs(name) else {}
    return reverse(name, kwargs=kwargs)


# --- generated values ----------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "Name\x00",
    "\ud800",
    "a\udfffb",
    "\ufffd",
    "²",
    "١٢",
    "-1",
    "0",
    "1",
    "1.5",
    "-0.01",
    "1e999999",
    "NaN",
    "Infinity",
    "9" * 30,
    "-" + "9" * 30,
    "9" * 5000,
    "0001-01-01",
    "1899-12-31",
    "2201-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "true",
    "on",
    "x" * 20_000,
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "/../../etc/passwd",
    "http://",
]
# Any character, lone surrogates and NUL included.
ANY_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
) | st.text(alphabet="\x00\ud800\udfff\ufffd aZ9-", max_size=10)
DATE_EDGES = [
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2200-12-31",
    "2201-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2024-02-29",
]
EXTREME_DATES = st.one_of(
    st.sampled_from(DATE_EDGES),
    st.dates().map(datetime.date.isoformat),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)
NUMBERS = st.integers(min_value=-(10**40), max_value=10**40).map(str) | st.decimals(
    allow_nan=False, allow_infinity=False, places=2
).map(str)
ANYTHING = st.one_of(st.sampled_from(NASTY), ANY_TEXT, EXTREME_DATES, NUMBERS)


def _as_post(value):
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return "" if value is None else str(value)


def _plausible(field: forms.Field):
    """Values the field would accept, from Hypothesis's Django extra where it can say."""
    if isinstance(field, forms.ModelChoiceField):
        ids = [str(i) for i in field.queryset.values_list("pk", flat=True)[:20]]
        return st.sampled_from(ids) if ids else st.just("")
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return EXTREME_DATES
    if isinstance(field, forms.FileField):
        return st.just("")
    try:
        return from_field(field).map(_as_post)
    except Exception:  # a field the extra cannot describe: the generic values do
        return ANYTHING


def _value(field: forms.Field | None):
    single = ANYTHING if field is None else st.one_of(_plausible(field), ANYTHING)
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(single, max_size=3)
    return single.map(lambda v: v if isinstance(v, list) else [v])


# Names that views read from a POST without a form (buttons, exports' filters).
LOOSE_NAMES = [
    "action",
    "submit",
    "count",
    "instalments",
    "paid_date",
    "code",
    "projects",
    "paper_reference",
    "finance_signoff",
    "legal_signoff",
    "next",
]


def _filter_fields(filterset_class) -> dict:
    """The form fields of a filterset's filters, from copies: a filter caches its field, and
    the class's own filters are copied into every instance, so reading ``.field`` on them
    would freeze the choices an instance narrows for its user (a partnership filter, say)."""
    return {n: copy.deepcopy(f).field for n, f in filterset_class.base_filters.items()}


def _fields(client, url, view_class) -> tuple[dict, dict]:
    """The form fields the page shows (by their names in the POST), else the names views read;
    and the values the form starts with, as a browser would send them back."""
    fields: dict = {}
    shown: dict = {}
    response = client.get(url)
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm):
                for n, f in value.fields.items():
                    fields[value.add_prefix(n)] = f
                    shown[value.add_prefix(n)] = _as_sent(f, value[n].value())
    export = EXPORTS.get(getattr(view_class, "export_name", ""))
    if export is not None:
        fields.update(_filter_fields(export.filterset_class))
    for name in LOOSE_NAMES:
        fields.setdefault(name, None)
    return fields, {n: v for n, v in shown.items() if v}


def _as_sent(field, value) -> list[str]:
    if isinstance(field, forms.FileField) or value in (None, False, ""):
        return []
    if isinstance(value, list | tuple):
        return [_as_post(v) for v in value]
    return [_as_post(field.prepare_value(value))]


def _edge_cases(fields: dict, shown: dict) -> list[dict]:
    """Deterministic examples for every form: its own values with every date at an extreme,
    every text with a NUL or a lone surrogate, every field huge, and nothing at all."""
    dates = [n for n, f in fields.items() if isinstance(f, forms.DateField | forms.DateTimeField)]
    texts = [n for n, f in fields.items() if isinstance(f, forms.CharField)]
    everything = [n for n, f in fields.items() if f is not None and n not in dates]

    def dated(day, time):
        return {n: [time if isinstance(fields[n], forms.DateTimeField) else day] for n in dates}

    undated = {n: v for n, v in shown.items() if n not in dates}
    return [
        # One date at the end of the calendar and the others left blank (a blank one may be
        # worked out from it: a review's next review is a year after it) …
        *({**undated, **{n: dated("9999-12-31", "9999-12-31T23:59")[n]}} for n in dates),
        # … and all of them at once.
        {**shown, **dated("9999-12-31", "9999-12-31T23:59")},
        {**shown, **dated("0001-01-01", "0001-01-01T00:00")},
        {**shown, **{n: [(shown.get(n) or [""])[0] + "\x00"] for n in texts}},
        {**shown, **{n: ["\ud800" + (shown.get(n) or [""])[0]] for n in texts}},
        {n: ["9" * 30] for n in everything},
        {},
    ]


def _query_dict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    query._mutable = False
    return query


@contextlib.contextmanager
def exact_post(data: dict, files: dict):
    """The view reads exactly these strings, as though a client had sent them: lone surrogates
    too, which no HTTP client can send (Django reads undecodable bytes as U+FFFD), so that the
    forms are shown to refuse them rather than leave them to the database driver."""
    post, uploads = _query_dict(data), MultiValueDict(files)
    with (
        mock.patch.object(WSGIRequest, "POST", property(lambda self: post), create=True),
        mock.patch.object(WSGIRequest, "FILES", property(lambda self: uploads), create=True),
    ):
        yield


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


UPLOADS = st.builds(
    _upload,
    st.sampled_from(["a.pdf", "a\x00b.pdf", "\ud800.docx", "x" * 300 + ".pdf", "report.docx"]),
    st.sampled_from([b"", b"%PDF-1.4\n%%EOF", b"PK\x03\x04junk", b"\x00" * 64]),
)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """Signed in as the administrator (who may do everything) and as the officer."""
    signed_in = []
    with django_db_blocker.unblock():
        for role in ("administrator", "officer"):
            client = Client()
            client.force_login(world[role])
            signed_in.append(client)
    return signed_in


@pytest.mark.parametrize("name", POST_PAGES)
def test_posting_generated_data_never_answers_500(name, world, clients):
    if _needs_kwargs(name) and name not in URL_KWARGS:
        pytest.fail(f"Add {name}'s objects to URL_KWARGS")
    url = _url(name, world)
    fields, shown = _fields(clients[0], url, VIEWS[name])
    file_fields = [n for n, f in fields.items() if isinstance(f, forms.FileField)]
    text_fields = {n: f for n, f in fields.items() if n not in file_fields}
    data_strategy = st.fixed_dictionaries(
        {},
        optional={
            # A form's field gets exactly what was generated; a name the view reads itself
            # gets what HTTP can deliver.
            n: _value(f) if f is not None else _value(None).map(_as_http)
            for n, f in text_fields.items()
        },
    )
    files_strategy = st.fixed_dictionaries(
        {}, optional={n: UPLOADS.map(lambda u: [u]) for n in file_fields}
    )

    @FUZZ
    @given(data=data_strategy, files=files_strategy, who=st.sampled_from(clients))
    def post(data, files, who):
        with exact_post(data, files):
            response = who.post(url)
        assert response.status_code != 500, (name, data)

    for data in _edge_cases(fields, shown):
        post = example(data=data, files={}, who=clients[0])(post)
    post()


def _as_http(values: list[str]) -> list[str]:
    """What a view reads when a client sends these values: Django decodes the bytes of a lone
    surrogate as U+FFFD, so only forms, which must refuse it anyway, are handed one."""
    return [v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for v in values]


def _query_string(params: dict) -> str:
    # As a browser sends it: text as UTF-8 (a lone surrogate as the bytes it would be, which
    # Django reads as U+FFFD), everything percent-encoded.
    return "&".join(
        f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
        for k, values in params.items()
        for v in values
    )


GET_NAMES = ["page", "q", "export", "format", "next", "fund", "organisation", "from", "to", "code"]


# The list pages (filters, page, search, export), and the form pages, some of which start
# from the address (?fund=, ?organisation=, ?next=).
GET_PAGES = sorted({*LIST_PAGES, *(n for n in FORM_PAGES if "get" in dir(VIEWS[n]))})


@pytest.mark.parametrize("name", GET_PAGES)
def test_pages_with_generated_query_parameters_never_answer_500(name, world, clients):
    url = _url(name, world)
    view_class = VIEWS[name]
    filterset_class = getattr(view_class, "filterset_class", None)
    names = _filter_fields(filterset_class) if filterset_class else {}
    names.update({n: None for n in GET_NAMES if n not in names})
    params = st.fixed_dictionaries({}, optional={n: _value(f) for n, f in names.items()})

    @(FUZZ if name in LIST_PAGES else settings(FUZZ, max_examples=EXAMPLES // 2))
    @given(params=params, who=st.sampled_from(clients))
    def get(params, who):
        response = who.get(f"{url}?{_query_string(params)}")
        assert response.status_code != 500, (name, params)

    get()
