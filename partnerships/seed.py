"""Loads the demo partnerships of the source documents. Used by ``manage.py seed_demo``.

Everything is looked up by its natural key first, so a second run adds nothing. Figures for
the current financial year (so that the £30,000 and review flags show today) sit beside the
documents' own 2016/17 figures. Whatever no document gives (a figure, a review's findings, a
risk's summary, a name) is marked "(illustrative)" in the text shown with it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from . import demo
from .models import (
    Action,
    Board,
    BoardSeat,
    Contact,
    Contribution,
    Interest,
    Membership,
    Organisation,
    Outcome,
    Partnership,
    RiskAssessment,
    Strategy,
    User,
    ValueForMoneyReview,
    financial_year,
)
from .models.partnerships import a_year_after

K = Partnership.Kind


class Loader:
    def __init__(self):
        self.today = timezone.localdate()
        self.year = financial_year(self.today)
        self.orgs = {o.name: o for o in Organisation.objects.all()}
        self.users = {u.username: u for u in User.objects.all()}
        self.created = 0

    def org(self, name):
        return self.orgs[name]

    def partnership(self, name, kind, *, parent=None, commissioner=None, body=None, **extra):
        defaults = {
            "kind": kind,
            "accountable_to": parent,
            "commissioned_by": commissioner,
            "accountable_body": self.org(body) if body else None,
            "lead_officer": self.users.get("officer"),
            **extra,
        }
        if body == demo.CE:
            defaults.setdefault("accountable_body_criteria", demo.CE_CRITERIA)
            defaults.setdefault("accountable_body_risks", demo.CE_RISKS)
        p, created = Partnership.objects.get_or_create(name=name, defaults=defaults)
        self.created += created
        return p

    def board(self, partnership, name=None, kind=Board.Kind.MAIN, **extra):
        board, created = Board.objects.get_or_create(
            partnership=partnership, name=name or partnership.name, defaults={"kind": kind, **extra}
        )
        self.created += created
        return board

    def contribution(self, partnership, year, org, cash, in_kind=0, note="", *, sourced=False):
        """``sourced``: the figure is a document's; otherwise it is marked illustrative."""
        if not sourced:
            note = f"{note} {demo.ILLUSTRATIVE_FIGURE}".strip()
        _, created = Contribution.objects.get_or_create(
            partnership=partnership,
            financial_year=year,
            organisation=self.org(org),
            defaults={"cash": Decimal(cash), "in_kind": Decimal(in_kind), "note": note},
        )
        self.created += created

    def member(self, board, *, user=None, contact=None, org=None, role="member", **extra):
        if user is None and contact is None:  # a demo user not loaded (--no-users)
            return
        person = {"user": user} if user else {"contact": contact}
        _, created = Membership.objects.get_or_create(
            board=board,
            **person,
            defaults={"organisation": self.org(org) if org else None, "role": role, **extra},
        )
        self.created += created

    def contact(self, name, org=None, **extra):
        contact, created = Contact.objects.get_or_create(
            name=name, defaults={"organisation": self.org(org) if org else None, **extra}
        )
        self.created += created
        return contact

    def review(self, partnership, reviewed_on, outcome, findings):
        if not partnership.reviews.exists():
            ValueForMoneyReview.objects.create(
                partnership=partnership,
                reviewed_on=reviewed_on,
                next_review_due=a_year_after(reviewed_on),
                outcome=outcome,
                findings=f"{findings} {demo.ILLUSTRATIVE}",
                reviewer=self.users.get("officer"),
            )
            self.created += 1

    def risk(self, partnership, assessed_on, rating, summary):
        if not partnership.risk_assessments.exists():
            RiskAssessment.objects.create(
                partnership=partnership,
                assessed_on=assessed_on,
                next_review_due=a_year_after(assessed_on),
                rating=rating,
                summary=f"{summary} {demo.ILLUSTRATIVE}",
                assessor=self.users.get("officer"),
            )
            self.created += 1

    # --- the three structures ---------------------------------------------------------------

    def cheshire_east(self):
        d = datetime.date
        leaders = self.partnership(
            demo.LEADERS,
            K.LEADERS_BOARD,
            body=demo.CE,
            geography="Cheshire East",
            start_date=d(2016, 7, 12),
            purpose="Brings the leaders of Cheshire East's public services together to own "
            "Ambition for All and hold the thematic partnerships to account for it.",
        )
        hwb = self.partnership(
            demo.HWB,
            K.THEMATIC,
            parent=leaders,
            commissioner=leaders,
            body=demo.CE,
            geography="Cheshire East",
            start_date=d(2013, 4, 1),
            purpose="Develops the strategic plan for the health and wellbeing elements of "
            "Ambition for All, with actions, measures of success and action owners.",
        )
        childrens = self.partnership(
            "Children's Trust",
            K.THEMATIC,
            parent=leaders,
            body=demo.CE,
            geography="Cheshire East",
            start_date=d(2010, 4, 1),
        )
        safety = self.partnership(
            "Safer Cheshire East Partnership",
            K.THEMATIC,
            parent=leaders,
            body=demo.CE,
            geography="Cheshire East",
            start_date=d(2009, 4, 1),
        )
        leaders_board = self.board(leaders, quorum=4, meeting_frequency="quarterly")
        hwb_board = self.board(hwb, quorum=5, meeting_frequency="bi_monthly")
        self.board(childrens)
        self.board(safety)
        for name, org, role in [
            ("member", demo.CE, "chair"),
        ]:
            self.member(
                leaders_board,
                user=self.users.get(name),
                org=org,
                role=role,
                start_date=d(2016, 7, 12),
            )
        self.member(
            hwb_board,
            user=self.users.get("member"),
            org=demo.CE,
            role="member",
            start_date=d(2016, 7, 12),
        )
        self.member(
            hwb_board,
            user=self.users.get("officer"),
            org=demo.CE,
            role="supporting_officer",
            voting=False,
        )
        for org, seats in [
            (demo.CE, 3),
            ("Cheshire Constabulary", 1),
            ("Cheshire Fire and Rescue Service", 1),
            # No primary care trust: they were abolished in 2013, before the 2016 structure.
            ("Third Sector Assembly", 1),
        ]:
            _, created = BoardSeat.objects.get_or_create(
                board=leaders_board, organisation=self.org(org), defaults={"seats": seats}
            )
            self.created += created

        self.contribution(leaders, self.year, demo.CE, 40_000, 15_000, "secretariat in kind")
        self.contribution(hwb, self.year, demo.CE, 90_000, 10_000)
        self.risk(
            leaders,
            self.today - datetime.timedelta(days=60),
            "medium",
            "Partners' commitment to the refreshed strategy; pooled budget governance.",
        )
        self.review(
            leaders,
            self.today - datetime.timedelta(days=120),
            "continue",
            "Revamped membership is working; continue with the refreshed strategy.",
        )
        self.review(
            hwb,
            d(2016, 9, 1),
            "change",
            "Align the plan with the refreshed Ambition for All priorities.",
        )

        towns = []
        for area, town_names in demo.AREA_BOARDS.items():
            # Document 001, 5.6.3: the place where the needs of each area are reflected into
            # the thematic partnerships and upwards into the Leaders Board.
            area_p = self.partnership(
                area,
                K.AREA_BOARD,
                parent=leaders,
                body=demo.CE,
                geography=f"{area.split()[0]} Cheshire East",
                start_date=d(2016, 10, 1),
                purpose="Reflects the needs of its area into the thematic partnerships and "
                "upwards into the Leaders Board, and is responsible for participatory budgeting: "
                "the first phase £400,000 for the delivery of public health outcomes. (The "
                "board's name, area and start date are illustrative.)",
            )
            self.board(area_p, meeting_frequency="bi_monthly")
            # Document 001 gives the £400,000 in all; its split between the boards is not given.
            share = {"Northern": 140_000, "Central": 120_000, "Southern": 140_000}
            self.contribution(
                area_p,
                2016,
                demo.CE,
                share[area.split()[0]],
                0,
                "participatory budget, public health outcomes: this board's share of the "
                "£400,000 (illustrative split)",
                sourced=True,
            )
            self.contribution(
                area_p,
                self.year,
                demo.CE,
                share[area.split()[0]],
                0,
                "participatory budget, public health outcomes",
            )
            if area.startswith("Northern"):
                self.risk(
                    area_p,
                    self.today - datetime.timedelta(days=30),
                    "high",
                    "First participatory budgeting round: eligibility and fair voting.",
                )
            for town in town_names:
                town_p = self.partnership(
                    f"{town} Town Partnership",
                    K.TOWN,
                    parent=area_p,
                    body=demo.CE,
                    geography=town,
                    start_date=d(2008, 4, 1),
                    purpose="A town partnership, funded at £8,000 a year (document 001). (The "
                    "town, its Area Board and the start date are illustrative.)",
                )
                self.board(town_p, meeting_frequency="quarterly")
                self.contribution(
                    town_p, 2016, demo.CE, 8_000, 0, "town partnership grant", sourced=True
                )
                self.contribution(town_p, self.year, demo.CE, 8_000, 0, "town partnership grant")
                towns.append(town_p)
        for town_p in towns[:3]:
            self.review(
                town_p,
                d(2016, 6, 1),
                "change",
                "Strengthen joint working and evidence of success before 2017/18.",
            )
        return leaders, hwb

    def communities_of_cheshire(self):
        d = datetime.date
        ccp = self.partnership(
            demo.CCP,
            K.STRATEGIC,
            body="Cheshire County Council",
            geography="Cheshire",
            start_date=d(2006, 4, 1),
            lead_officer=None,
            purpose="County-wide strategic partnership: the Sustainable Community Strategy "
            "and the Cheshire Local Area Agreement.",
        )
        self.board(ccp, quorum=6)
        for district in demo.DISTRICT_LSPS:
            lsp = self.partnership(
                f"{district} Local Strategic Partnership",
                K.STRATEGIC,
                parent=ccp,
                geography=district,
                start_date=d(2002, 4, 1),
                lead_officer=None,
            )
            self.board(lsp)
        sub = self.partnership(
            "Improvement Sub-Group",
            K.SUB_GROUP,
            parent=ccp,
            geography="Cheshire",
            start_date=d(2007, 5, 11),
            lead_officer=None,
            purpose="Explores the Audit Commission's recommendations from 'Improving "
            "Partnership Working in Cheshire' with the LAA Officer Group.",
        )
        sub_board = self.board(
            sub, kind=Board.Kind.SUB_GROUP, quorum=3, meeting_frequency="as_needed"
        )
        for name in demo.IMPROVEMENT_CHAIRS:
            contact = self.contact(name, job_title="Chair of a district LSP")
            self.member(sub_board, contact=contact, start_date=d(2007, 5, 11))
        laa = self.partnership(
            "LAA Officer Group",
            K.OFFICER_GROUP,
            parent=ccp,
            commissioner=ccp,
            geography="Cheshire",
            start_date=d(2006, 4, 1),
            lead_officer=None,
        )
        laa_board = self.board(laa, kind=Board.Kind.OFFICER_GROUP, meeting_frequency="monthly")
        alison = self.contact(
            "Alison Armstrong",
            job_title="Cheshire LAA Group",
            email="alison.armstrong@cheshire.gov.uk",
            phone="01244 603336",
        )
        self.member(laa_board, contact=alison, role="supporting_officer", voting=False)
        self.review(
            ccp,
            d(2007, 6, 1),
            "change",
            "Work programme 2007/08 agreed; level 1 priorities to be led by partners.",
        )
        # 2007/08, from the bodies of that time: document 003 speaks of officer time and the
        # second homes taxation funding, but gives no sum.
        self.contribution(
            ccp,
            2007,
            demo.CCC,
            25_000,
            10_000,
            "second homes taxation funding, officer time",
        )

    def west_cheshire_together(self):
        d = datetime.date
        wct = self.partnership(
            demo.WCT,
            K.STRATEGIC,
            body=demo.CWAC,
            geography="Cheshire West and Chester",
            start_date=d(2009, 4, 30),
            lead_officer=None,
            purpose="The Local Strategic Partnership for Cheshire West and Chester; its "
            "Agreement and Protocols are the partnership's operational handbook.",
        )
        board = self.board(wct, quorum=5)
        for org in demo.WCT_PARTNERS:
            _, created = BoardSeat.objects.get_or_create(
                board=board,
                organisation=self.org(org),
                defaults={"seats": 2 if org == demo.CWAC else 1},
            )
            self.created += created
        self.member(
            board,
            user=self.users.get("partner"),
            org="Third Sector Assembly",
            start_date=d(2009, 7, 30),
        )
        alison = self.contact("Alison Armstrong")
        self.member(board, contact=alison, org=demo.CWAC, role="supporting_officer", voting=False)
        sub = self.partnership(
            "Community Engagement and Empowerment Sub-Group",
            K.SUB_GROUP,
            parent=wct,
            geography="Cheshire West and Chester",
            lead_officer=None,
            purpose="Progresses the draft Community Engagement and Empowerment Strategy for "
            "the partnership (document 002, paragraph 9).",
        )
        sub_board = self.board(sub, kind=Board.Kind.SUB_GROUP)
        # Document 002, 9: "a small sub-group of partners comprising representatives from" these.
        for org in demo.WCT_PARTNERS:
            _, created = BoardSeat.objects.get_or_create(
                board=sub_board, organisation=self.org(org), defaults={"seats": 1}
            )
            self.created += created
        self.contribution(wct, self.year, demo.CWAC, 45_000, 20_000)
        recent = self.today - datetime.timedelta(days=300)
        self.review(wct, recent, "continue", "The Agreement and Protocols are working.")
        self.review(sub, recent, "continue", "Draft engagement strategy on track.")
        self.contribution(wct, self.year, "NHS Western Cheshire", 10_000)

    def carlisle(self):
        d = datetime.date
        cp = self.partnership(
            "Carlisle Partnership",
            K.STRATEGIC,
            body="Carlisle City Council",
            geography="Carlisle",
            start_date=d(2004, 4, 1),
            lead_officer=None,
            purpose="A partnership of Carlisle City Council, monitored under its Partnership "
            "Policy (report CE 21/04, 2004): a risk assessment for partnerships involving "
            "resources in excess of £30,000. (The partnership, its start date and figures are "
            "illustrative.)",
        )
        self.board(cp)
        self.contribution(cp, self.year, "Carlisle City Council", 35_000)
        self.risk(
            cp,
            self.today - datetime.timedelta(days=90),
            "low",
            "Assessed under the partnership policy's £30,000 rule.",
        )
        self.review(
            cp,
            self.today - datetime.timedelta(days=200),
            "continue",
            "Value for money shown; continue.",
        )

    def strategy(self, leaders, hwb):
        d = datetime.date
        strategy, created = Strategy.objects.get_or_create(
            name=demo.AMBITION_FOR_ALL,
            defaults={
                # Document 001, 1.3: live from April 2017, for three years.
                "period_start": demo.AMBITION_PERIOD[0],
                "period_end": demo.AMBITION_PERIOD[1],
                "vision": demo.AMBITION_VISION,
                "owner": leaders,
            },
        )
        self.created += created
        outcomes = {}
        for number, title in demo.AMBITION_OUTCOMES:
            outcomes[number], created = Outcome.objects.get_or_create(
                strategy=strategy, number=number, defaults={"title": title}
            )
            self.created += created
        leaders_board = leaders.boards.first()
        hwb_board = hwb.boards.first()
        southern = Board.objects.get(partnership__name="Southern Area Board")
        officer = self.users.get("officer")
        for board, outcome, title, measure, due, rag in [
            (
                leaders_board,
                3,
                "Refresh Ambition for All and consult on it",
                "Refreshed strategy adopted by the Leaders Board",
                d(2017, 3, 31),
                "green",
            ),
            (
                leaders_board,
                3,
                "Review and revamp the Leaders Board's membership",
                "The right people connected and attending",
                d(2016, 12, 31),
                "complete",
            ),
            (
                hwb_board,
                2,
                "Develop the health and wellbeing strategic plan",
                "Plan with actions, measures and owners agreed",
                d(2017, 3, 31),
                "amber",
            ),
            (
                hwb_board,
                1,
                "Map shared objectives and priorities with partners",
                "Shared priorities for year 1 agreed",
                d(2016, 12, 31),
                "amber",
            ),
            (
                southern,
                3,
                "Run the first participatory budgeting round",
                "£400,000 allocated to public health outcomes by residents' vote",
                d(2017, 3, 31),
                "red",
            ),
        ]:
            _, created = Action.objects.get_or_create(
                board=board,
                title=title,
                defaults={
                    "outcome": outcomes[outcome],
                    # The actions follow document 001; their measures, dates and RAG are not
                    # in it.
                    "measure_of_success": f"{measure} {demo.ILLUSTRATIVE}",
                    "due_date": due,
                    "rag": rag,
                    "owner": officer,
                },
            )
            self.created += created


def load_partnerships() -> int:
    loader = Loader()
    leaders, hwb = loader.cheshire_east()
    loader.communities_of_cheshire()
    loader.west_cheshire_together()
    loader.carlisle()
    loader.strategy(leaders, hwb)
    return loader.created


def load_meetings(*, build_packs: bool = True) -> int:
    """Meetings of the Health and Wellbeing Board and the Leaders Board, with reports from
    documents 001 and 002; the Health and Wellbeing Board's draft packs are built."""
    from .models import AgendaItem, AgendaPack, Meeting, Report
    from .packs import pack_build, packs_for

    created = 0
    now = timezone.localtime()
    when = now.replace(hour=14, minute=0, second=0, microsecond=0)
    hwb = Board.objects.filter(partnership__name=demo.HWB).first()
    leaders = Board.objects.filter(partnership__name=demo.LEADERS).first()
    if hwb is None or leaders is None:
        return 0

    def meeting(board, days, venue):
        nonlocal created
        found = Meeting.objects.filter(board=board, venue=venue).order_by("start").first()
        if found:
            return found, False
        created += 1
        # The demo's own officer answers questions about the papers: the source documents
        # name no democratic services officer, so no phone number is made up for her.
        return Meeting.objects.create(
            board=board,
            start=when + datetime.timedelta(days=days),
            venue=venue,
            contact_officer="Priya Shah, Partnerships Officer",
            contact_email="officer@example.org",
        ), True

    def item(meeting, number, title, *, report=None, **extra):
        nonlocal created
        if report is not None:
            report = Report.objects.create(**report)
            created += 1
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=title, report=report, **extra
        )
        created += 1

    # Signed off by the demo's finance and legal officers (demo.USERS), when they are loaded.
    signers = {u.username: u for u in User.objects.filter(username__in=["finance", "legal"])}
    now = timezone.now()
    cleared = {
        "status": "cleared",
        "finance_signoff": "Dan Okafor, Finance Manager",
        "finance_signed_by": signers.get("finance"),
        "finance_signed_at": now,
        "legal_signoff": "Ruth Evans, Principal Solicitor",
        "legal_signed_by": signers.get("legal"),
        "legal_signed_at": now,
        "cleared_at": now,
    }
    hwb_meeting, new = meeting(hwb, 21, "Committee Suite, Westfields, Sandbach")
    if new:
        item(
            hwb_meeting, 1, "Apologies for absence and declarations of interest", kind="information"
        )
        # The documents' own reports are at their own meetings (load_document_meetings): the
        # 2026 board's papers are illustrative, and say so.
        item(
            hwb_meeting,
            2,
            HWB_PLAN_REPORT["title"],
            kind="decision",
            presenter="Priya Shah",
            minutes=30,
            report={**HWB_PLAN_REPORT, **cleared},
        )
        item(
            hwb_meeting,
            3,
            "Community transport: contract award",
            kind="decision",
            exempt=True,
            exempt_paragraph=3,
            public_title="Contract award",
            exemption_reason="The tenders' prices and the bidders' business affairs",
            report={
                "title": "Community transport: contract award",
                "author": "Priya Shah",
                "summary": "<p>Evaluation of the three tenders received (illustrative).</p>",
                "recommendations": "Award the contract to the highest scoring tender.",
                **cleared,
            },
        )
    leaders_meeting, new = meeting(leaders, 35, "Council Chamber, Municipal Buildings, Crewe")
    if new:
        item(
            leaders_meeting,
            1,
            "Apologies for absence and declarations of interest",
            kind="information",
        )
        item(
            leaders_meeting,
            2,
            "Town partnership commissioning: outcomes review (illustrative)",
            kind="decision",
            presenter="Priya Shah",
            report={
                "title": "Town partnership commissioning: outcomes review (illustrative)",
                "author": "Priya Shah",
                # Waiting for the demo's finance and legal officers to sign it off.
                "status": "submitted",
                "summary": "<p>Since 2017/18 the Council has commissioned for outcomes aligned "
                "to the strategic aims of the refreshed partnership strategy, in place of the "
                "£8,000 direct grant per town partnership (document 001). This paper and its "
                "findings are illustrative.</p>",
            },
        )
    if build_packs and not AgendaPack.objects.filter(meeting=hwb_meeting, state="ready").exists():
        for pack in packs_for(hwb_meeting):
            pack_build(pack_id=pack.pk, reason=DEMO)
    created += load_held_meetings(hwb, when=when, build_packs=build_packs)
    created += load_document_meetings(build_packs=build_packs)
    return created


HWB_PLAN_REPORT = {
    "title": "Health and wellbeing strategic plan: progress report (illustrative)",
    "description": "An illustrative paper of the demo: the source documents give no 2026 "
    "business of the board.",
    "purpose": "To report progress on the board's strategic plan for the health and wellbeing "
    "elements of Ambition for All (illustrative).",
    "decision_required": "To note progress and agree the next actions (illustrative).",
    "report_of": "Partnerships Officer",
    "wards_affected": "All wards",
    "author": "Priya Shah, Partnerships Officer",
    "target_audience": "Health and Wellbeing Board",
    "summary": "<p>Under document 001 the board develops a strategic plan with clear and "
    "tangible actions, measures of success and an action owner, and is held accountable to and "
    "commissioned by the Leaders Board. This paper reports progress on it (illustrative).</p>",
    "recommendations": "That the board notes progress on the strategic plan (illustrative).\n"
    "That each action's owner reports to the next meeting (illustrative).",
}


NOT_RECORDED = "Not recorded in the source document"


def _held_meeting(
    board, start, venue, *, item_number, report, kind="decision", presenter="", contact=None
):
    """A past meeting of ``board`` with one item carrying ``report``, looked up by its start."""
    from .models import AgendaItem, Meeting, Report

    found = Meeting.objects.filter(board=board, start=start).first()
    if found is not None and found.items.exists():
        return found, 0
    created = 0
    meeting = found
    if meeting is None:
        meeting = Meeting.objects.create(
            board=board, start=start, venue=venue, status=Meeting.Status.HELD, **(contact or {})
        )
        created += 1
    elif contact:
        Meeting.objects.filter(pk=meeting.pk).update(**contact)
    # Published, as it was; the documents name no finance or legal sign-off, so none is made
    # up for it.
    report = Report.objects.create(
        status=Report.Status.PUBLISHED,
        finance_signoff=NOT_RECORDED,
        legal_signoff=NOT_RECORDED,
        **report,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=item_number,
        title=report.title,
        kind=kind,
        presenter=presenter,
        report=report,
    )
    return meeting, created + 2


def _build_and_publish(meeting, published_at) -> None:
    """Build the meeting's packs (a published pack is never built, so build first) and then
    date them as published."""
    from .models import AgendaPack
    from .packs import pack_build, packs_for

    if AgendaPack.objects.filter(meeting=meeting, state="ready").exists():
        return
    for pack in packs_for(meeting):
        pack_build(pack_id=pack.pk, reason=DEMO)
    publish_packs(meeting, published_at)


DEMO = "Demo data"


def publish_packs(meeting, published_at) -> None:
    """Date the meeting's built packs as published, as its history says."""
    from portal.services import record_update

    from .models import AgendaPack

    ready = AgendaPack.objects.filter(meeting=meeting, state="ready")
    ids = list(ready.values_list("pk", flat=True))
    ready.update(published_at=published_at)
    record_update(AgendaPack, ids, reason=DEMO)


def load_document_meetings(*, build_packs: bool = True) -> int:
    """The meetings the documents were written for, with their reports as written and their
    packs built and published: Cheshire East Council's Cabinet on 8 September 2008 (document
    000) and 12 July 2016 (document 001), and West Cheshire Together's general meeting of
    30 July 2009, agenda item 8 (document 002)."""
    created = 0
    loader = Loader()
    cabinet = loader.partnership(
        demo.CABINET,
        K.STRATEGIC,
        geography="Cheshire East",
        lead_officer=None,
        purpose=demo.CABINET_PURPOSE,
    )
    cabinet_board = loader.board(cabinet, meeting_frequency="monthly")
    created += loader.created
    wct = Board.objects.filter(partnership__name=demo.WCT).first()
    meetings = []
    for board, start, venue, number, report, presenter, contact in [
        (
            cabinet_board,
            demo.CABINET_2008_START,
            demo.CABINET_VENUE,
            1,
            demo.THIRD_SECTOR_REPORT,
            "",
            None,
        ),
        (
            cabinet_board,
            demo.CABINET_2016_START,
            demo.CABINET_VENUE,
            1,
            demo.AMBITION_REPORT,
            "Steph Cordon",
            None,
        ),
        (
            wct,
            demo.WCT_MEETING_START,
            demo.WCT_VENUE,
            8,
            demo.PROTOCOLS_REPORT,
            "Alison Armstrong",
            demo.WCT_CONTACT,
        ),
    ]:
        if board is None:
            continue
        meeting, made = _held_meeting(
            board,
            start,
            venue,
            item_number=number,
            report=report,
            presenter=presenter,
            contact=contact,
        )
        created += made
        meetings.append(meeting)
    if build_packs:
        for meeting in meetings:
            # Published on the day its front sheet gives, before the meeting.
            day = meeting.publication_date
            _build_and_publish(
                meeting,
                datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=demo.UK),
            )
    return created


# The source documents give no Health and Wellbeing Board membership list, minutes or votes:
# the members, minutes and decisions of its past meetings below are illustrative, and say so.
ILLUSTRATIVE_MEMBERS = [
    ("Director of Public Health (illustrative)", demo.CE, "vice_chair"),
    ("Director of Adult Social Care (illustrative)", demo.CE, "member"),
    # Primary care trusts were abolished in 2013, so the 2026 board's NHS seat names none.
    ("NHS commissioning lead (illustrative)", None, "member"),
    ("Police partnership lead (illustrative)", "Cheshire Constabulary", "member"),
    ("Fire service partnership lead (illustrative)", "Cheshire Fire and Rescue Service", "member"),
    ("Third Sector Assembly representative (illustrative)", "Third Sector Assembly", "member"),
]
HELD_VENUE = "Council Chamber, Westfields, Sandbach"


def load_held_meetings(hwb, *, when, build_packs: bool = True) -> int:
    """Two past meetings of the Health and Wellbeing Board (a public board), recorded as a
    clerk would: attendance with an apology and a substitute, a declaration, each item's
    minute and resolution, a recorded vote (named), actions, and the minutes published. The
    first meeting's minutes were approved at the second; the second's are published as a
    draft, subject to approval. Their packs are built and published."""
    from . import minutes as minutes_doc
    from . import pdfcache
    from .models import (
        AgendaItem,
        Attendance,
        Declaration,
        Meeting,
        MeetingAction,
        Minutes,
        Subscription,
        Vote,
    )
    from .packs import pack_build, packs_for

    if Meeting.objects.filter(board=hwb, venue=HELD_VENUE).exists():
        return 0
    created = 0
    members = []
    for name, org, role in ILLUSTRATIVE_MEMBERS:
        contact, new = Contact.objects.get_or_create(
            name=name, defaults={"organisation": Organisation.objects.filter(name=org).first()}
        )
        membership, new_m = Membership.objects.get_or_create(
            board=hwb,
            contact=contact,
            defaults={
                "organisation": contact.organisation,
                "role": role,
                "start_date": datetime.date(2016, 7, 12),
            },
        )
        created += new + new_m
        members.append(membership)
    voting = [m for m in hwb.memberships.current() if m.voting]

    def held(days):
        return Meeting.objects.create(
            board=hwb,
            start=when - datetime.timedelta(days=days),
            venue=HELD_VENUE,
            status=Meeting.Status.HELD,
            contact_officer="Priya Shah, Partnerships Officer",
            contact_email="officer@example.org",
        )

    first = held(70)
    second = held(14)
    created += 2

    def attend(meeting, *, apologies=(), substitute=None):
        for m in voting:
            status = "apologies" if m.pk in {a.pk for a in apologies} else "present"
            Attendance.objects.create(meeting=meeting, membership=m, status=status)
        if substitute:
            name, replaced = substitute
            Attendance.objects.create(meeting=meeting, name=name, substitute_for=replaced)

    attend(first)
    police = members[3]
    attend(
        second,
        apologies=[police],
        substitute=("Deputy police partnership lead (illustrative)", police),
    )

    AgendaItem.objects.create(
        meeting=first,
        number=1,
        title="Apologies for absence and declarations of interest",
        kind="information",
        minute="There were no apologies and no declarations of interest.",
    )
    plan = AgendaItem.objects.create(
        meeting=first,
        number=2,
        title="Health and wellbeing elements of Ambition for All: approach to the strategic plan",
        kind="decision",
        minute="The board discussed how its strategic plan will carry the health and "
        "wellbeing elements of Ambition for All, with actions, measures of success and action "
        "owners, and be accountable to the Leaders Board (illustrative).",
        resolution="That officers prepare a draft strategic plan with actions, measures of "
        "success and an owner for each action, for the board's next meeting (illustrative).",
        votes_for=len(voting),
        votes_against=0,
        votes_abstained=0,
    )
    created += 2
    MeetingAction.objects.create(
        meeting=first,
        item=plan,
        description="Draft the strategic plan with actions, measures and owners (illustrative).",
        owner="Priya Shah, Partnerships Officer",
        due_date=(when - datetime.timedelta(days=20)).date(),
        status="done",
    )

    AgendaItem.objects.create(
        meeting=second,
        number=1,
        title="Apologies for absence and declarations of interest",
        kind="information",
        minute="Apologies were received from the police partnership lead, whose deputy "
        "attended as substitute. A declaration of interest was made on item 3, as recorded "
        "(illustrative).",
    )
    AgendaItem.objects.create(
        meeting=second,
        number=2,
        title="Minutes of the previous meeting",
        kind="decision",
        resolution=f"That the minutes of the meeting held on {first.local_start:%-d %B %Y} be "
        "approved as a correct record.",
    )
    draft_plan = AgendaItem.objects.create(
        meeting=second,
        number=3,
        title="Draft health and wellbeing strategic plan (illustrative)",
        kind="decision",
        presenter="Priya Shah",
        minute="The board considered the draft plan. Members asked that each action name a "
        "single owner and a measure of success (illustrative).",
        resolution="That the draft strategic plan be agreed for consultation with the area "
        "boards, with each action given one owner and a measure of success (illustrative).",
    )
    transport = AgendaItem.objects.create(
        meeting=second,
        number=4,
        title="Community transport: tender evaluation (illustrative)",
        kind="decision",
        exempt=True,
        exempt_paragraph=3,
        public_title="Contract award",
        exemption_reason="The tenders' prices and the bidders' business affairs",
        minute="The board considered the evaluation of the tenders received (illustrative).",
        resolution="That the contract be awarded to the highest scoring tender (illustrative).",
        votes_for=len(voting),
        votes_against=0,
        votes_abstained=0,
    )
    created += 4
    # The named vote on item 3: every voting member present; the third sector
    # representative abstained (illustrative).
    third_sector = members[5]
    present = list(voting)  # the police lead's vote cast by the substitute
    for m in present:
        choice = Vote.Choice.ABSTAIN if m == third_sector else Vote.Choice.FOR
        Vote.objects.create(item=draft_plan, membership=m, choice=choice)
    draft_plan.votes_for = sum(1 for m in present if m != third_sector)
    draft_plan.votes_against = 0
    draft_plan.votes_abstained = 1
    draft_plan.save()
    trustee = Interest.objects.create(
        contact=third_sector.contact,
        kind=Interest.Kind.OTHER_REGISTRABLE,
        description="Trustee of a voluntary organisation in Crewe (illustrative).",
        start_date=datetime.date(2015, 4, 1),
    )
    Interest.objects.create(
        contact=third_sector.contact,
        kind=Interest.Kind.PECUNIARY,
        description="Employed by the Third Sector Assembly (illustrative).",
        start_date=datetime.date(2014, 9, 1),
    )
    # A member of the public following the board's papers by e-mail (illustrative address).
    Subscription.objects.create(
        board=hwb, email="resident@example.org", confirmed_at=timezone.now()
    )
    Declaration.objects.create(
        item=draft_plan,
        membership=third_sector,
        interest_entry=trustee,
        member=third_sector.person_name,
        interest="Other registrable interest: a trustee of a voluntary organisation named in "
        "the plan's actions; took part in the discussion and abstained (illustrative).",
        left_the_room=False,
    )
    MeetingAction.objects.create(
        meeting=second,
        item=draft_plan,
        description="Send the draft strategic plan to the area boards for comment (illustrative).",
        owner="Priya Shah, Partnerships Officer",
        due_date=(when + datetime.timedelta(days=14)).date(),
    )
    MeetingAction.objects.create(
        meeting=second,
        item=transport,
        description="Notify the tenderers of the outcome (illustrative).",
        owner="Commissioning manager (illustrative)",
        due_date=(when + datetime.timedelta(days=7)).date(),
    )
    created += 4

    now = timezone.now()
    Minutes.objects.create(
        meeting=first,
        status=Minutes.Status.APPROVED,
        approved_at=second,
        published_at=now - datetime.timedelta(days=60),
    )
    first.status = Meeting.Status.MINUTES_APPROVED
    first.save(update_fields=["status"])
    Minutes.objects.create(
        meeting=second,
        notes="The chair thanked the officers for the draft plan (illustrative).",
        published_at=now - datetime.timedelta(days=10),
    )
    created += 2
    if build_packs:
        for meeting in (first, second):
            for pack in packs_for(meeting):
                pack_build(pack_id=pack.pk, reason=DEMO)
            publish_packs(meeting, meeting.start - datetime.timedelta(days=7))
            pdfcache.rendered(minutes_doc.MINUTES_CACHE, minutes_doc.public_minutes_html(meeting))
    return created
