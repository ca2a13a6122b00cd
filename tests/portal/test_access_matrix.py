"""Every page, for every kind of user, by GET and by POST: the permission matrix.

The URL names come from the resolver (through every include; the admin site and static files
aside), and every one must have a row in ``PAGES`` below, so a new page cannot skip the
matrix. A row says, in words a reviewer can check against the rules, who may see the object
the URL names (``see``) and who may act on the page (``act``); the expected answers follow
from the page's kind, not from the code under test:

- a user who may not see the object gets 404 (a page about no object: 403), signed out: the
  sign-in page;
- one who may see it but not act gets 403;
- one who may act is served (a POST to a page that takes none: 405).

Each page is tried with an object the users of partnership A may see, and (``hidden``) with
one of partnership B, which only officers see. Around every GET the database is recorded:
nothing may change (``test_get_never_writes``); a POST that is refused changes nothing either.
Served POSTs run in a savepoint that is rolled back, so each request sees the same data set.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.services import api_token_create
from compact.models import ActionPlanItem
from grants.services import award_approve
from partnerships.calendar import feed_token
from partnerships.models import (
    Action,
    AgendaItem,
    AgendaPack,
    Appendix,
    BoardSeat,
    KeyDecision,
    Meeting,
    MeetingAction,
    Minutes,
    Outcome,
    Report,
    RiskAssessment,
    Strategy,
    ValueForMoneyReview,
)
from portal.access import is_outside_the_portal, walk
from portal.models import Job
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
from .test_get_never_writes import DatabaseRecorder

pytestmark = pytest.mark.django_db

# --- who --------------------------------------------------------------------------------------

ANON = "anonymous"
OTHER_CONTACT = "contact_of_another_organisation"  # organisation Y, on a board of partnership C
CONTACT = "partner_contact"  # organisation X, on board A1 of partnership A
OTHER_MEMBER = "member_of_another_board"  # sits on board C1 of partnership C
MEMBER = "board_member"  # sits on board A1 of partnership A
OFFICER = "officer_who_leads_nothing"
LEAD = "lead_officer"  # leads partnership A
ADMIN = "administrator"
ROLES = [ANON, OTHER_CONTACT, CONTACT, OTHER_MEMBER, MEMBER, OFFICER, LEAD, ADMIN]

SIGNED_IN = frozenset(ROLES) - {ANON}
EVERYONE = frozenset(ROLES)
STAFF = frozenset({OFFICER, LEAD, ADMIN})
ADMIN_ONLY = frozenset({ADMIN})
KEEPERS_OF_A = frozenset({LEAD, ADMIN})  # change partnership A and what hangs off it
READERS_OF_A = STAFF | {MEMBER, CONTACT}  # belong to partnership A, or officers
BOARD_ROLE = STAFF | {MEMBER, OTHER_MEMBER}  # a board member's or an officer's role


# --- what -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """``kind``: ``read`` (GET only), ``guarded`` (GET only, and ``act`` to open it: history),
    ``form`` (GET and POST need ``act``), ``action`` (POST only, needs ``act``), ``answer``
    (GET needs ``see``, POST needs ``act``: a return, a self-assessment)."""

    kind: str
    see: frozenset
    act: frozenset = frozenset()
    obj: str | None = None  # the world's key for the URL's object (None: a page about none)
    kwargs: str = "pk"  # "pk", "parent_pk", or a key of SPECIAL_KWARGS
    hidden: tuple[frozenset, frozenset] | None = None  # (see, act) for partnership B's object
    overrides: dict = field(default_factory=dict)  # (role, method) -> status, with a reason
    open_to_all: bool = False  # served signed out, though its object may say no (404)

    @property
    def public(self) -> bool:
        return self.open_to_all or ANON in self.see or ANON in self.act


def read(see, obj=None, **kw):
    return Page("read", frozenset(see), frozenset(), obj, **kw)


def guarded(see, act, obj=None, **kw):
    return Page("guarded", frozenset(see), frozenset(act), obj, **kw)


def form(see, act, obj=None, **kw):
    return Page("form", frozenset(see), frozenset(act), obj, **kw)


def action(see, act, obj=None, **kw):
    return Page("action", frozenset(see), frozenset(act), obj, **kw)


def answer(see, act, obj=None, **kw):
    return Page("answer", frozenset(see), frozenset(act), obj, **kw)


B_READ = (STAFF, frozenset())  # partnership B: officers read, nobody but administrators keeps
B_KEEP = (STAFF, ADMIN_ONLY)

ANON_401 = {(ANON, "GET"): 401, (ANON, "POST"): 401}  # the API answers 401, not the sign-in page


def api_read(see, obj=None, **kw):
    return read(see, obj, overrides=dict(ANON_401), **kw)


def of_a(kind, obj, *, act=KEEPERS_OF_A, kwargs="pk", history=False):
    """A page of partnership A's record (and the same page of partnership B's)."""
    if history:
        return guarded(READERS_OF_A, STAFF, obj, kwargs=kwargs, hidden=(STAFF, STAFF))
    if kind == "read":
        return read(READERS_OF_A, obj, kwargs=kwargs, hidden=B_READ)
    return Page(kind, READERS_OF_A, act, obj, kwargs=kwargs, hidden=B_KEEP)


PAGES: dict[str, Page] = {
    # --- the portal ---
    "dashboard": read(SIGNED_IN),
    "search:results": read(SIGNED_IN),
    # --- the JSON API: GET only (405); signed in by session here; signed out 401 except the
    # public site's meetings and papers (boards A and B are public, their packs published) ---
    "api:schema": read(EVERYONE),
    "api:docs": read(EVERYONE),
    "api:partnership-list": api_read(SIGNED_IN),
    "api:partnership-detail": api_read(READERS_OF_A, "partnership", hidden=B_READ),
    "api:board-list": api_read(SIGNED_IN),
    "api:board-detail": api_read(READERS_OF_A, "board", hidden=B_READ),
    "api:membership-list": api_read(SIGNED_IN),
    "api:membership-detail": api_read(READERS_OF_A, "membership", hidden=B_READ),
    "api:meeting-list": read(EVERYONE),
    "api:meeting-detail": read(
        READERS_OF_A | {ANON}, "meeting", hidden=(STAFF | {ANON}, frozenset())
    ),
    "api:report-list": read(EVERYONE),
    "api:report-detail": read(
        READERS_OF_A | {ANON}, "report", hidden=(STAFF | {ANON}, frozenset())
    ),
    "api:fund-list": api_read(BOARD_ROLE),
    "api:fund-detail": api_read(BOARD_ROLE, "fund"),
    "api:award-list": api_read(SIGNED_IN),
    "api:award-detail": api_read(BOARD_ROLE | {CONTACT}, "award", hidden=(BOARD_ROLE, frozenset())),
    "api:work-programme-list": api_read(SIGNED_IN),
    "api:work-programme-detail": api_read(READERS_OF_A, "programme", hidden=B_READ),
    "api:task-list": api_read(SIGNED_IN),
    "api:task-detail": api_read(READERS_OF_A, "task", hidden=B_READ),
    "api:risk-list": api_read(SIGNED_IN),
    "api:risk-detail": api_read(READERS_OF_A, "risk", hidden=B_READ),
    "api:compact-code-list": api_read(SIGNED_IN),
    "api:compact-code-detail": api_read(SIGNED_IN, "code"),
    "api:compact-commitment-list": api_read(SIGNED_IN),
    "api:compact-commitment-detail": api_read(SIGNED_IN, "commitment"),
    "api:consultation-list": api_read(BOARD_ROLE),
    "api:consultation-detail": api_read(BOARD_ROLE, "consultation"),
    # Tokens: POST from the profile page (no name: a message, back to the profile); one's own.
    "api:token_create": action(SIGNED_IN, SIGNED_IN),
    "api:token_revoke": action({LEAD}, {LEAD}, "api_token"),
    "login": form(EVERYONE, EVERYONE),
    # Signing out ends at the sign-in page.
    "logout": action(EVERYONE, EVERYONE, overrides={(r, "POST"): "login" for r in ROLES}),
    "password_change": form(SIGNED_IN, SIGNED_IN),
    "password_change_done": read(SIGNED_IN),
    "password_reset": form(EVERYONE, EVERYONE),
    "password_reset_done": read(EVERYONE),
    "password_reset_confirm": form(EVERYONE, EVERYONE, "reset", kwargs="reset"),
    "password_reset_complete": read(EVERYONE),
    "lookup": read(SIGNED_IN, "lookup", kwargs="lookup"),
    # The second factor: each person's own steps (a page a person does not need sends them on).
    "two_factor_verify": form(SIGNED_IN, SIGNED_IN),
    "two_factor_enrol": form(SIGNED_IN, SIGNED_IN),
    "two_factor_backup_codes": read(SIGNED_IN),
    "two_factor_backup_codes_new": action(SIGNED_IN, SIGNED_IN),
    # A download is its owner's: job A is the lead officer's, job B the other officer's.
    "job_detail": read({LEAD, ADMIN}, "job", hidden=({OFFICER, ADMIN}, frozenset())),
    "job_download": read({LEAD, ADMIN}, "job", hidden=({OFFICER, ADMIN}, frozenset())),
    # --- the register ---
    "partnerships:partnership_list": read(SIGNED_IN),
    "partnerships:partnership_export": action(SIGNED_IN, SIGNED_IN),
    "partnerships:structure": read(SIGNED_IN),
    "partnerships:partnership_add": form(STAFF, STAFF),
    "partnerships:partnership_detail": of_a("read", "partnership"),
    "partnerships:partnership_edit": of_a("form", "partnership"),
    "partnerships:partnership_history": of_a("read", "partnership", history=True),
    "partnerships:contribution_add": of_a("form", "partnership", kwargs="parent_pk"),
    "partnerships:contribution_edit": of_a("form", "contribution"),
    "partnerships:risk_assessment_add": of_a("form", "partnership", kwargs="parent_pk"),
    "partnerships:risk_assessment_edit": of_a("form", "risk_assessment"),
    "partnerships:review_add": of_a("form", "partnership", kwargs="parent_pk"),
    "partnerships:review_edit": of_a("form", "review"),
    # --- boards ---
    "partnerships:board_add": of_a("form", "partnership", kwargs="parent_pk"),
    "partnerships:board_detail": of_a("read", "board"),
    "partnerships:board_edit": of_a("form", "board"),
    "partnerships:board_history": of_a("read", "board", history=True),
    "partnerships:seat_add": of_a("form", "board", kwargs="parent_pk"),
    "partnerships:seat_edit": of_a("form", "seat"),
    "partnerships:membership_add": of_a("form", "board", kwargs="parent_pk"),
    "partnerships:membership_edit": of_a("form", "membership"),
    # A member's record: whoever sees the board; the register is kept by the member themself
    # (not in this data set: A's membership is a contact's) and the officers of their boards.
    "partnerships:member": of_a("read", "membership"),
    "partnerships:interest_add": of_a("form", "membership", kwargs="parent_pk"),
    "partnerships:interest_edit": of_a("form", "interest"),
    "partnerships:interest_history": of_a("read", "interest", history=True),
    # Boards A and B are public: anyone reads their members' public records.
    "public:member": read(EVERYONE, "membership", hidden=(EVERYONE, frozenset())),
    "partnerships:contact_add": form(STAFF, STAFF),
    # Contacts without a login belong to no partnership: only officers see them.
    "partnerships:contact_edit": form(STAFF, STAFF, "contact"),
    "partnerships:action_add": of_a("form", "board", kwargs="parent_pk"),
    "partnerships:action_edit": of_a("form", "action"),
    "partnerships:action_history": of_a("read", "action", history=True),
    "partnerships:key_decision_add": of_a("form", "board", kwargs="parent_pk"),
    "partnerships:key_decision_edit": of_a("form", "key_decision"),
    # --- meetings, reports, packs ---
    "partnerships:meeting_add": of_a("form", "board", kwargs="parent_pk"),
    "partnerships:meeting_detail": of_a("read", "meeting"),
    "partnerships:meeting_edit": of_a("form", "meeting"),
    "partnerships:meeting_history": of_a("read", "meeting", history=True),
    "partnerships:agenda_item_add": of_a("form", "meeting", kwargs="parent_pk"),
    "partnerships:agenda_item_edit": of_a("form", "item"),
    "partnerships:report_add": of_a("form", "item_without_report", kwargs="parent_pk"),
    "partnerships:report_detail": of_a("read", "report"),  # published, not exempt
    "partnerships:report_edit": of_a("form", "report"),
    "partnerships:report_history": of_a("read", "report", history=True),
    "partnerships:report_import": of_a("form", "report"),
    "partnerships:report_transition": of_a("action", "report", kwargs="report_transition"),
    # Sign-offs are given by holders of a sign-off role (none here; the superuser passes every
    # rule, and the service then says no one may sign a published report):
    # tests/partnerships/test_clearance.py tries the roles.
    "partnerships:report_sign_off": action(
        READERS_OF_A, ADMIN_ONLY, "report", kwargs="report_sign_off", hidden=B_KEEP
    ),
    "partnerships:appendix_add": of_a("form", "report", kwargs="parent_pk"),
    "partnerships:pack_build": of_a("action", "meeting"),
    "partnerships:pack_download": of_a("read", "pack"),  # published, public
    "partnerships:meeting_publish": of_a("action", "meeting"),
    "partnerships:meeting_supplement": of_a("action", "meeting"),
    "partnerships:meeting_publish_confirm": of_a("guarded", "meeting"),
    "partnerships:meeting_supplement_confirm": of_a("guarded", "meeting"),
    # GET: the page that says what cancelling (or recording as held) does; POST: do it.
    "partnerships:meeting_status": of_a("form", "meeting", kwargs="meeting_status"),
    "partnerships:attendance": of_a("form", "meeting"),
    "partnerships:declaration_add": of_a("form", "meeting"),
    "partnerships:meeting_action_add": of_a("form", "meeting"),
    "partnerships:meeting_action_edit": of_a("form", "meeting", kwargs="meeting_action"),
    "partnerships:minutes": of_a("form", "meeting"),
    # Whoever reads the meeting reads its minutes and may ask for them as PDF.
    "partnerships:minutes_pdf": Page(
        "form", READERS_OF_A, READERS_OF_A, "meeting", hidden=(STAFF, STAFF)
    ),
    "partnerships:minutes_approve_previous": of_a("action", "meeting"),
    # The minutes as the document will read: for those who keep the meeting.
    "partnerships:minutes_preview": Page(
        "guarded", READERS_OF_A, KEEPERS_OF_A, "meeting", hidden=B_KEEP
    ),
    "partnerships:minutes_publish": of_a("action", "meeting"),
    "partnerships:minutes_history": of_a("read", "meeting", history=True),
    "partnerships:item_votes": of_a("form", "item"),
    # Boards A and B are public and their meetings' minutes published: anyone reads them.
    "public:minutes": read(EVERYONE, "meeting", hidden=(EVERYONE, frozenset())),
    "public:minutes_pdf": read(EVERYONE, "meeting", hidden=(EVERYONE, frozenset())),
    "public:decisions": read(EVERYONE),
    # The public site: boards A and B are public, their meetings' packs published.
    "public:home": read(EVERYONE),
    "public:calendar": read(EVERYONE),
    "public:boards": read(EVERYONE),
    "public:board": read(EVERYONE, "board", hidden=(EVERYONE, frozenset())),
    "public:board_calendar": read(EVERYONE, "board", hidden=(EVERYONE, frozenset())),
    "public:meeting": read(EVERYONE, "meeting", hidden=(EVERYONE, frozenset())),
    "public:pack": read(EVERYONE, "pack", hidden=(EVERYONE, frozenset())),
    "public:report": read(EVERYONE, "report", hidden=(EVERYONE, frozenset())),
    "public:appendix": read(EVERYONE, "appendix", hidden=(EVERYONE, frozenset())),
    # E-mail alerts: anyone signs up to a public board (A and B are), and whoever holds a
    # subscription's link confirms or ends it, signed in or not.
    "public:subscribe": form(EVERYONE, EVERYONE, "board", hidden=(EVERYONE, EVERYONE)),
    "public:subscription_confirm": form(
        EVERYONE, EVERYONE, "subscription", kwargs="token", hidden=(EVERYONE, EVERYONE)
    ),
    "public:unsubscribe": form(
        EVERYONE, EVERYONE, "subscription", kwargs="token", hidden=(EVERYONE, EVERYONE)
    ),
    "partnerships:my_meetings": read(SIGNED_IN),
    "partnerships:meeting_list": read(SIGNED_IN),
    "partnerships:meeting_export": action(SIGNED_IN, SIGNED_IN),
    "partnerships:profile": read(SIGNED_IN),
    "partnerships:calendar_reset": action(SIGNED_IN, SIGNED_IN),
    # Calendar programs do not sign in: the address's token names the person.
    "partnerships:calendar": read(EVERYONE, "calendar", kwargs="calendar"),
    # --- strategies: published to every role; kept by the owning partnership's officers ---
    "partnerships:strategy_list": read(SIGNED_IN),
    "partnerships:strategy_export": action(SIGNED_IN, SIGNED_IN),
    "partnerships:strategy_add": form(STAFF, STAFF),
    "partnerships:strategy_detail": read(SIGNED_IN, "strategy", hidden=(SIGNED_IN, frozenset())),
    "partnerships:strategy_edit": form(
        SIGNED_IN, KEEPERS_OF_A, "strategy", hidden=(SIGNED_IN, ADMIN_ONLY)
    ),
    "partnerships:outcome_add": form(
        SIGNED_IN, KEEPERS_OF_A, "strategy", kwargs="parent_pk", hidden=(SIGNED_IN, ADMIN_ONLY)
    ),
    "partnerships:outcome_edit": form(
        SIGNED_IN, KEEPERS_OF_A, "outcome", hidden=(SIGNED_IN, ADMIN_ONLY)
    ),
    # --- organisations: board members see active partners, a contact their own ---
    "partnerships:organisation_list": read(SIGNED_IN),
    "partnerships:organisation_export": action(BOARD_ROLE, BOARD_ROLE),
    "partnerships:organisation_add": form(STAFF, STAFF),
    "partnerships:organisation_detail": read(
        BOARD_ROLE | {CONTACT}, "organisation", hidden=(STAFF, frozenset())
    ),
    "partnerships:organisation_edit": form(
        BOARD_ROLE | {CONTACT}, STAFF, "organisation", hidden=(STAFF, STAFF)
    ),
    "partnerships:organisation_history": guarded(
        BOARD_ROLE | {CONTACT}, STAFF, "organisation", hidden=(STAFF, STAFF)
    ),
    # --- work programmes and risk logs: their partnership's rules ---
    "workprogramme:levels_css": read(EVERYONE),
    "workprogramme:programme_list": read(SIGNED_IN),
    "workprogramme:programme_export": action(SIGNED_IN, SIGNED_IN),
    "workprogramme:programme_add": form(STAFF, STAFF),
    "workprogramme:programme_detail": of_a("read", "programme"),
    "workprogramme:programme_edit": of_a("form", "programme"),
    "workprogramme:programme_history": of_a("read", "programme", history=True),
    "workprogramme:programme_shortlist": of_a("read", "programme"),
    "workprogramme:programme_heat_map": of_a("read", "programme"),
    "workprogramme:task_add": of_a("form", "programme", kwargs="parent_pk"),
    "workprogramme:task_export": action(SIGNED_IN, SIGNED_IN),
    "workprogramme:task_detail": of_a("read", "task"),
    "workprogramme:task_edit": of_a("form", "task"),
    "workprogramme:task_history": of_a("read", "task", history=True),
    "workprogramme:assessment_add": of_a("form", "task", kwargs="parent_pk"),
    "workprogramme:assessment_override": of_a("form", "task_assessment"),
    "workprogramme:assessment_history": of_a("read", "task_assessment", history=True),
    "workprogramme:link_add": of_a("form", "task", kwargs="parent_pk"),
    "workprogramme:link_remove": of_a("action", "link"),
    "workprogramme:risklog_list": read(SIGNED_IN),
    "workprogramme:risklog_export": action(SIGNED_IN, SIGNED_IN),
    "workprogramme:risklog_add": form(STAFF, STAFF),
    "workprogramme:risklog_detail": of_a("read", "log"),
    "workprogramme:risklog_edit": of_a("form", "log"),
    "workprogramme:risklog_history": of_a("read", "log", history=True),
    "workprogramme:risklog_heat_map": of_a("read", "log"),
    "workprogramme:risk_add": of_a("form", "log", kwargs="parent_pk"),
    "workprogramme:risk_export": action(SIGNED_IN, SIGNED_IN),
    "workprogramme:risk_detail": of_a("read", "risk"),
    "workprogramme:risk_edit": of_a("form", "risk"),
    "workprogramme:risk_history": of_a("read", "risk", history=True),
    "workprogramme:risk_action_add": of_a("form", "risk", kwargs="parent_pk"),
    "workprogramme:risk_action_edit": of_a("form", "risk_action"),
    "workprogramme:risk_action_history": of_a("read", "risk_action", history=True),
    # --- grants: funds for officers and board members; awards also for their recipients ---
    "grants:fund_list": read(
        SIGNED_IN,
        # A partner's contact is taken to the awards to their organisation.
        overrides={(r, m): 302 for r in (CONTACT, OTHER_CONTACT) for m in ("GET", "POST")},
    ),
    "grants:fund_export": action(BOARD_ROLE, BOARD_ROLE),
    "grants:fund_add": form(STAFF, STAFF),
    "grants:fund_detail": read(BOARD_ROLE, "fund"),
    "grants:fund_edit": form(BOARD_ROLE, STAFF, "fund"),
    "grants:fund_history": guarded(BOARD_ROLE, STAFF, "fund"),
    "grants:fund_roll_forward": form(BOARD_ROLE, STAFF, "fund"),
    "grants:giving360": form(BOARD_ROLE, BOARD_ROLE, "giving360", kwargs="giving360"),
    "grants:award_list": read(SIGNED_IN),
    "grants:award_export": action(SIGNED_IN, SIGNED_IN),
    "grants:award_add": form(STAFF, STAFF),
    # Award A is to organisation X; award B to organisation Z.
    "grants:award_detail": read(BOARD_ROLE | {CONTACT}, "award", hidden=(BOARD_ROLE, frozenset())),
    "grants:award_edit": form(BOARD_ROLE | {CONTACT}, STAFF, "award", hidden=(BOARD_ROLE, STAFF)),
    "grants:award_history": guarded(
        BOARD_ROLE | {CONTACT}, STAFF, "award", hidden=(BOARD_ROLE, STAFF)
    ),
    "grants:award_action": action(
        BOARD_ROLE | {CONTACT}, STAFF, "award", hidden=(BOARD_ROLE, STAFF)
    ),
    "grants:payment_add": form(
        BOARD_ROLE | {CONTACT}, STAFF, "award", kwargs="parent_pk", hidden=(BOARD_ROLE, STAFF)
    ),
    "grants:payment_schedule": action(
        BOARD_ROLE | {CONTACT}, STAFF, "award", hidden=(BOARD_ROLE, STAFF)
    ),
    "grants:payment_paid": action(
        BOARD_ROLE | {CONTACT}, STAFF, "award", kwargs="payment_paid", hidden=(BOARD_ROLE, STAFF)
    ),
    "grants:award_change": form(
        BOARD_ROLE | {CONTACT}, STAFF, "award", kwargs="parent_pk", hidden=(BOARD_ROLE, STAFF)
    ),
    # A return is the recipient's (X's contact answers it), the officers' and the members' of
    # the board that owns the fund: fund A's is board A1, fund B's (award to Z) board C1.
    "grants:return_detail": answer(
        STAFF | {CONTACT, MEMBER},
        STAFF | {CONTACT},
        "return",
        hidden=(STAFF | {OTHER_MEMBER}, STAFF),
    ),
    "grants:round_list": read(BOARD_ROLE),
    "grants:round_export": action(BOARD_ROLE, BOARD_ROLE),
    "grants:round_add": form(STAFF, STAFF),
    "grants:round_detail": read(BOARD_ROLE, "pb_round"),
    "grants:round_edit": form(BOARD_ROLE, STAFF, "pb_round"),
    "grants:round_history": guarded(BOARD_ROLE, STAFF, "pb_round"),
    "grants:project_add": form(BOARD_ROLE, STAFF, "pb_round", kwargs="parent_pk"),
    "grants:project_edit": form(BOARD_ROLE, STAFF, "project"),
    "grants:voter_codes": action(BOARD_ROLE, STAFF, "pb_round"),
    "grants:paper_ballot": form(BOARD_ROLE, STAFF, "pb_round"),
    "grants:round_publish": action(BOARD_ROLE, STAFF, "pb_round"),
    "grants:round_awards": action(BOARD_ROLE, STAFF, "pb_round"),
    "grants:ballot": form(EVERYONE, EVERYONE, "pb_round"),
    # Round A's results are not published (officers and board members count them); round B's
    # are, for everyone.
    "grants:results": read(
        BOARD_ROLE, "pb_round", hidden=(EVERYONE, frozenset()), open_to_all=True
    ),
    # --- the Compact: public to every role; compliance for officers and board members ---
    "compact:compact_list": read(SIGNED_IN),
    "compact:compact_export": action(SIGNED_IN, SIGNED_IN),
    "compact:compact_add": form(STAFF, STAFF),
    "compact:compact_detail": read(SIGNED_IN, "compact"),
    "compact:compact_edit": form(SIGNED_IN, STAFF, "compact"),
    "compact:compact_history": guarded(SIGNED_IN, STAFF, "compact"),
    "compact:findings": guarded(SIGNED_IN, BOARD_ROLE, "compact"),
    "compact:code_add": form(SIGNED_IN, STAFF, "compact", kwargs="parent_pk"),
    "compact:code_edit": form(SIGNED_IN, STAFF, "code"),
    "compact:code_history": guarded(SIGNED_IN, STAFF, "code"),
    "compact:commitment_add": form(SIGNED_IN, STAFF, "code", kwargs="parent_pk"),
    "compact:commitment_edit": form(SIGNED_IN, STAFF, "commitment"),
    "compact:commitment_history": guarded(SIGNED_IN, STAFF, "commitment"),
    "compact:endorsement_add": form(SIGNED_IN, STAFF, "compact", kwargs="parent_pk"),
    "compact:endorsement_edit": form(SIGNED_IN, STAFF, "endorsement"),
    "compact:endorsement_history": guarded(SIGNED_IN, STAFF, "endorsement"),
    "compact:consultation_list": read(BOARD_ROLE),
    "compact:consultation_export": action(BOARD_ROLE, BOARD_ROLE),
    "compact:consultation_add": form(BOARD_ROLE, STAFF, "compact", kwargs="parent_pk"),
    "compact:consultation_detail": read(BOARD_ROLE, "consultation"),
    "compact:consultation_edit": form(BOARD_ROLE, STAFF, "consultation"),
    "compact:consultation_history": guarded(BOARD_ROLE, STAFF, "consultation"),
    "compact:round_add": form(BOARD_ROLE, STAFF, "compact", kwargs="parent_pk"),
    "compact:round_detail": read(BOARD_ROLE, "assessment_round"),
    "compact:round_edit": form(BOARD_ROLE, STAFF, "assessment_round"),
    "compact:round_gaps": action(BOARD_ROLE, STAFF, "assessment_round"),
    "compact:round_history": guarded(BOARD_ROLE, STAFF, "assessment_round"),
    "compact:action_add": form(BOARD_ROLE, STAFF, "assessment_round", kwargs="parent_pk"),
    "compact:action_edit": form(BOARD_ROLE, STAFF, "compact_action"),
    "compact:action_history": guarded(BOARD_ROLE, STAFF, "compact_action"),
    # X's self-assessment, submitted: X's contact (who answers while the round is open), the
    # officers, and the members of the boards of the Compact's partnership (A). Z's is a draft:
    # only the officers'.
    "compact:assessment_detail": answer(
        STAFF | {CONTACT, MEMBER}, STAFF | {CONTACT}, "compact_assessment", hidden=(STAFF, STAFF)
    ),
    "compact:assessment_history": guarded(
        STAFF | {CONTACT, MEMBER}, STAFF, "compact_assessment", hidden=(STAFF, STAFF)
    ),
    "compact:breach_list": read(BOARD_ROLE),
    "compact:breach_export": action(BOARD_ROLE, BOARD_ROLE),
    "compact:breach_add": form(BOARD_ROLE, STAFF, "compact", kwargs="parent_pk"),
    "compact:breach_detail": read(BOARD_ROLE, "breach"),
    "compact:breach_edit": form(BOARD_ROLE, STAFF, "breach"),
    "compact:breach_history": guarded(BOARD_ROLE, STAFF, "breach"),
    # --- the handbook: endorsed text for every role, drafts for officers and board members ---
    "compact:handbook": read(SIGNED_IN),
    "compact:handbook_pdf": form(SIGNED_IN, SIGNED_IN),
    "compact:section_add": form(STAFF, STAFF),
    "compact:section_detail": read(SIGNED_IN, "section"),
    "compact:section_edit": form(SIGNED_IN, STAFF, "section"),
    "compact:section_history": guarded(SIGNED_IN, STAFF, "section"),
    "compact:version_diff": read(SIGNED_IN, "section"),
    "compact:version_add": form(SIGNED_IN, STAFF, "section", kwargs="parent_pk"),
    # Version A is endorsed; version B a draft.
    "compact:version_detail": read(SIGNED_IN, "version", hidden=(BOARD_ROLE, frozenset())),
    "compact:version_edit": form(SIGNED_IN, STAFF, "version", hidden=(BOARD_ROLE, STAFF)),
    "compact:version_consult": action(SIGNED_IN, STAFF, "version", hidden=(BOARD_ROLE, STAFF)),
    "compact:version_endorse": action(SIGNED_IN, STAFF, "version", hidden=(BOARD_ROLE, STAFF)),
    "compact:version_history": guarded(SIGNED_IN, STAFF, "version", hidden=(BOARD_ROLE, STAFF)),
}


# URL parameters that name no record: a page about none answers 403 when refused.
NOT_OBJECTS = {"reset", "lookup", "calendar", "giving360"}

SPECIAL_KWARGS = {
    "reset": lambda w, o: {
        "uidb64": urlsafe_base64_encode(force_bytes(w["users"][ADMIN].pk)),
        "token": default_token_generator.make_token(w["users"][ADMIN]),
    },
    "lookup": lambda w, o: w["lookup"],
    "calendar": lambda w, o: {"token": feed_token(user=w["users"][MEMBER])},
    "giving360": lambda w, o: {"fmt": "json"},
    "report_transition": lambda w, o: {"pk": o.pk, "to": "submitted"},
    "report_sign_off": lambda w, o: {"pk": o.pk, "kind": "finance"},
    "meeting_status": lambda w, o: {"pk": o.pk, "to": "held"},
    "meeting_action": lambda w, o: {"pk": o.pk, "action": o.actions.get().pk},
    "payment_paid": lambda w, o: {"pk": o.pk, "payment_pk": o.payments.first().pk},
    "token": lambda w, o: {"token": o.token},
}


# --- the data set -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once for the module inside a transaction that is rolled back at its end."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            made = _make_world()
            made["media"] = media
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _user(name, role, **kwargs):
    user = UserFactory(username=name.replace("_", "-")[:30], **kwargs)
    if role is not None:
        user.groups.add(role_group(role))
    return user


def _partnership_records(partnership, lead_by, today) -> dict:
    """One of everything a partnership has, for partnership A or B."""
    board = BoardFactory(partnership=partnership, name=f"{partnership.name} board")
    organisation = OrganisationFactory(name=f"Contributor to {partnership.name}")
    strategy = Strategy.objects.create(
        name=f"{partnership.name} strategy",
        owner=partnership,
        period_start=today,
        period_end=today + datetime.timedelta(400),
    )
    outcome = Outcome.objects.create(strategy=strategy, number=1, title="Healthier lives")
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=30), venue="Town Hall"
    )
    report = Report.objects.create(
        title="Annual report",
        author="A. Officer",
        status=Report.Status.PUBLISHED,
        finance_signoff="Finance",
        legal_signoff="Legal",
    )
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Report", report=report)
    item2 = AgendaItem.objects.create(meeting=meeting, number=2, title="No report yet")
    pack = AgendaPack.objects.create(
        meeting=meeting,
        version=1,
        generated_at=timezone.now(),
        published_at=timezone.now(),
        state=AgendaPack.State.READY,  # built and published: the meeting is on the public site
    )
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    appendix = Appendix(report=report, title="Annex", tagged=False)
    appendix.file.save("annex.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    MeetingAction.objects.create(meeting=meeting, description="Write to them", owner="Chair")
    Minutes.objects.create(meeting=meeting, published_at=timezone.now())
    programme = wp_f.WorkProgrammeFactory(partnership=partnership)
    task = wp_f.TaskFactory(programme=programme)
    other_task = wp_f.TaskFactory(programme=programme)
    task_assessment = task_assess(
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
    return {
        "partnership": partnership,
        "board": board,
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
        "seat": BoardSeat.objects.create(board=board, organisation=organisation),
        "membership": MembershipFactory(board=board, organisation=organisation),
        "action": Action.objects.create(board=board, outcome=outcome, title="Do it"),
        "key_decision": KeyDecision.objects.create(
            board=board, title="Budget", decision_date=today + datetime.timedelta(60)
        ),
        "meeting": meeting,
        "item": item,
        "item_without_report": item2,
        "report": report,
        "pack": pack,
        "appendix": appendix,
        "strategy": strategy,
        "outcome": outcome,
        "programme": programme,
        "task": task,
        "task_assessment": task_assessment,
        "link": task_link(from_task=task, kind="depends_on", to_task=other_task),
        "log": log,
        "risk": risk,
        "risk_action": wp_f.RiskActionFactory(risk=risk),
    }


def _make_world() -> dict:
    today = timezone.localdate()
    x = OrganisationFactory(name="Organisation X", sector="vcfs")
    y = OrganisationFactory(name="Organisation Y", sector="vcfs")
    z = OrganisationFactory(name="Organisation Z", sector="vcfs", active=False)
    users = {
        OTHER_CONTACT: _user(OTHER_CONTACT, Role.PARTNER_CONTACT, organisation=y),
        CONTACT: _user(CONTACT, Role.PARTNER_CONTACT, organisation=x),
        OTHER_MEMBER: _user(OTHER_MEMBER, Role.BOARD_MEMBER),
        MEMBER: _user(MEMBER, Role.BOARD_MEMBER),
        OFFICER: _user(OFFICER, Role.OFFICER),
        LEAD: _user(LEAD, Role.OFFICER),
        ADMIN: _user(ADMIN, Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }
    a = PartnershipFactory(name="Partnership A", lead_officer=users[LEAD])
    b = PartnershipFactory(name="Partnership B")
    c = PartnershipFactory(name="Partnership C")
    world_a = _partnership_records(a, users[LEAD], today)
    world_b = _partnership_records(b, None, today)
    board_c = BoardFactory(partnership=c, name="Board C1")
    MembershipFactory(board=world_a["board"], user=users[MEMBER], contact=None)
    MembershipFactory(board=world_a["board"], organisation=x)
    MembershipFactory(board=board_c, user=users[OTHER_MEMBER], contact=None)
    MembershipFactory(board=board_c, organisation=y)

    # Grants: fund A is board A1's, with an award to X; fund B is board C1's, an award to Z.
    fund_a = grants_f.FundFactory(name="Fund A", budget=Decimal("100000"), board=world_a["board"])
    fund_b = grants_f.FundFactory(name="Fund B", budget=Decimal("100000"), board=board_c)
    award_a = award_approve(
        award=grants_f.AwardFactory(fund=fund_a, recipient_organisation=x), by=None
    )
    award_b = award_approve(
        award=grants_f.AwardFactory(fund=fund_b, recipient_organisation=z), by=None
    )
    for award in (award_a, award_b):
        grants_f.PaymentFactory(award=award)
    round_a = grants_f.RoundFactory(name="Round A", area_board=a)
    round_b = grants_f.RoundFactory(
        name="Round B", area_board=b, results_published_at=timezone.now()
    )
    grants_f.ProjectFactory(round=round_a)

    # The Compact of partnership A, with X's submitted self-assessment and Z's draft.
    compact = compact_f.CompactFactory(partnership=a)
    code = compact_f.CodeFactory(compact=compact)
    commitment = compact_f.CommitmentFactory(code=code)
    assessment_round = compact_f.RoundFactory(compact=compact)
    section = compact_f.SectionFactory()

    def job(owner):
        made = Job.objects.create(
            task_name="portal.exports.csv_export",
            title="An export",
            created_by=owner,
            status=Job.Status.DONE,
        )
        made.file.save("export.csv", ContentFile(b"a,b\n"), save=True)
        return made

    from portal.lookups import FILTERSETS

    key, filterset = next(iter(sorted(FILTERSETS.items())))
    field_name = next(
        n for n, f in filterset.base_filters.items() if type(f).__name__ == "LookupFilter"
    )
    shared = {
        "organisation": (x, z),
        "contact": (ContactFactory(), None),
        "job": (job(users[LEAD]), job(users[OFFICER])),
        "api_token": (api_token_create(user=users[LEAD], name="matrix")[0], None),
        "fund": (fund_a, fund_b),
        "award": (award_a, award_b),
        "return": (award_a.returns.order_by("period_end").first(), award_b.returns.first()),
        "pb_round": (round_a, round_b),
        "project": (round_a.projects.get(), None),
        "compact": (compact, None),
        "code": (code, None),
        "commitment": (commitment, None),
        "endorsement": (compact_f.EndorsementFactory(compact=compact, organisation=x), None),
        "consultation": (compact_f.ConsultationFactory(compact=compact), None),
        "assessment_round": (assessment_round, None),
        "compact_action": (
            ActionPlanItem.objects.create(
                round=assessment_round, item="Consult for longer", owner="Council"
            ),
            None,
        ),
        "compact_assessment": (
            compact_f.AssessmentFactory(
                round=assessment_round, organisation=x, submitted_at=timezone.now()
            ),
            compact_f.AssessmentFactory(round=assessment_round, organisation=z),
        ),
        "breach": (compact_f.BreachFactory(commitment=commitment), None),
        "section": (section, None),
        "version": (
            compact_f.VersionFactory(section=section, status="endorsed", endorsed_on=today),
            compact_f.VersionFactory(section=section, status="draft"),
        ),
        "interest": tuple(
            w["membership"].contact.interests.create(kind="pecuniary", description="Shares")
            for w in (world_a, world_b)
        ),
        "subscription": tuple(
            w["board"].subscriptions.create(email="fan@example.org") for w in (world_a, world_b)
        ),
        "reset": (None, None),
        "calendar": (None, None),
        "giving360": (None, None),
        "lookup": (None, None),
    }
    objects = {k: (v, world_b.get(k)) for k, v in world_a.items()}
    objects.update(shared)
    return {
        "users": users,
        "objects": objects,
        "lookup": {"filterset": key, "field": field_name},
    }


# --- the expected answers ---------------------------------------------------------------------

SERVED = "served"


def expected(page: Page, see, act, role: str, method: str):
    """The status a role should get, or SERVED (200, or a redirect that is not to sign in)."""
    if (role, method) in page.overrides:
        return page.overrides[(role, method)]
    public = page.public
    if role == ANON and not public:
        return "login"
    deny = 404 if page.obj and page.obj not in NOT_OBJECTS else 403
    kind = page.kind
    if kind == "read":
        ok_get, ok_post = role in see, None
    elif kind == "guarded":
        ok_get, ok_post = role in act, None
    elif kind == "form":
        ok_get, ok_post = role in act, role in act
    elif kind == "action":
        ok_get, ok_post = None, role in act
    else:  # answer
        ok_get, ok_post = role in see, role in act
    ok = ok_get if method == "GET" else ok_post
    if role not in see and role not in act:
        return deny
    if ok is None:  # the page takes no such method
        may_open = role in see if kind == "read" else role in act
        return 405 if may_open else 403
    if ok:
        return SERVED
    return 403


def _matches(want, response) -> bool:
    status = response.status_code
    to_login = status == 302 and "/accounts/login/" in response.get("Location", "")
    if want == "login":
        return to_login
    if want == SERVED:
        return status < 400 and not to_login or status == 400
    return status == want


def _variants(name):
    page = PAGES[name]
    yield "A", page.see, page.act
    if page.hidden is not None:
        yield "B", *page.hidden


def _url(world, name, variant):
    page = PAGES[name]
    if page.obj is None:
        return reverse(name)
    obj = world["objects"][page.obj][0 if variant == "A" else 1]
    if page.kwargs in SPECIAL_KWARGS:
        kwargs = SPECIAL_KWARGS[page.kwargs](world, obj)
    else:
        kwargs = {page.kwargs: obj.pk}
    return reverse(name, kwargs=kwargs)


def url_names() -> list[str]:
    from django.urls import get_resolver

    return sorted(
        name
        for name, pattern in walk(get_resolver().url_patterns)
        if not is_outside_the_portal(name, pattern)
    )


def test_every_url_name_is_in_the_matrix():
    names = url_names()
    missing = [n for n in names if n not in PAGES]
    assert not missing, f"Add these pages to PAGES in {__name__}: {missing}"
    assert sorted(set(PAGES) - set(names)) == [], "PAGES names pages that no longer exist"
    assert len(names) >= 180


@pytest.fixture
def world_media(settings, world):
    settings.MEDIA_ROOT = world["media"]
    return world


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world_media, role):
    world = world_media
    client = Client()
    user = world["users"].get(role)
    if user is not None:
        client.force_login(user)
    failures = []
    for name in sorted(PAGES):
        for variant, see, act in _variants(name):
            url = _url(world, name, variant)
            for method in ("GET", "POST"):
                want = expected(PAGES[name], see, act, role, method)
                with transaction.atomic():
                    with DatabaseRecorder(count_rows=False) as db:
                        response = getattr(client, method.lower())(url)
                    if method == "GET" and db.changes:
                        failures.append(f"GET {name} [{variant}] wrote: {db.changes[:3]}")
                    refused = want != SERVED
                    if method == "POST" and refused and db.changes:
                        failures.append(f"refused POST {name} [{variant}] wrote: {db.changes[:3]}")
                    transaction.set_rollback(True)
                if not _matches(want, response):
                    failures.append(
                        f"{method} {name} [{variant}] {url}: wanted {want}, "
                        f"got {response.status_code} {response.get('Location', '')}"
                    )
                if name == "logout" and method == "POST" and user is not None:
                    client.force_login(user)
    assert not failures, f"{role}:\n" + "\n".join(failures)
