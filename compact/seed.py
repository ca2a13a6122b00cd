"""The West Cheshire Compact and the West Cheshire Together Agreement and Protocols, from
document 002 (with the consultation principles of document 001 and the commitments to the
sector of document 000). Loaded by ``seed_demo`` after grants; safe to run again.

Document 002 (30 July 2009) leaves the Compact produced and consulted upon, with "formal
endorsement of the final Compact by all required partners and the development of an action
plan" as the next stage, and its place in the Agreement and Protocols to come "when agreed".
So the Compact here is not adopted and its handbook section is a draft. The five codes are the
document's; what is in them, and the endorsements, consultations, breach and self-assessment
after July 2009, are illustrative and say so."""

import datetime

from partnerships import demo
from partnerships.models import Board, Meeting, Organisation, Partnership

from .models import (
    Assessment,
    AssessmentRound,
    Breach,
    Code,
    Commitment,
    Compact,
    Consultation,
    Endorsement,
    HandbookSection,
    Rating,
    SectionVersion,
)

d = datetime.date
W = Commitment.Whose
C = Commitment.Check

CWAC = "Cheshire West and Chester Council"
TSA = "Third Sector Assembly"

COMPACT_SUMMARY = (
    "The Compact is an agreement between the Voluntary, Community and Faith Sector (VCFS) and "
    "the Public Sector in Cheshire West and Chester to improve the ways in which the public and "
    "third sectors work together. It sets out a framework for better working relationships "
    "through shared principles, undertakings and actions. It contains five Codes which set out "
    "good practice for improved relationships and compact compliance around specific topics; "
    "each contains both shared commitments and sector specific requirements that the "
    "organisations involved and committed to the Compact should embed within their procedures "
    "and ways of working. The next stage in the process is formal endorsement of the final "
    "Compact by all required partners and the development of an action plan (document 002, "
    "30 July 2009). The commitments under each code, and the endorsements recorded since, are "
    "illustrative."
)
# Shown on each code: document 002 names the codes, not what they say.
CODE_SUMMARY = (
    "Contains both shared commitments and sector specific requirements (document 002). The "
    "commitments listed are illustrative: the document does not give their text."
)

EMBED = (
    "Embed the good practice of this code within our procedures and ways of working, through "
    "shared principles, undertakings and actions."
)

# (number, title, [(whose, text, check kind, number)])
CODES = [
    (
        1,
        "Funding, Commissioning and Procurement",
        [
            (W.SHARED, EMBED, "", None),
            (
                W.PUBLIC,
                "Give at least three months' notice before funding to a voluntary, community or "
                "faith sector organisation is reduced or ended, so that it can plan, and give the "
                "reasons.",
                C.FUNDING_NOTICE,
                3,
            ),
            (
                W.PUBLIC,
                "Pay grants and contracts on time: within 30 days of the agreed payment date.",
                C.PAYMENT_DAYS,
                30,
            ),
            (
                W.PUBLIC,
                "Give the sector access to information about services' current provision and "
                "potential change, and a clearly defined and jointly owned approach to the "
                "planning, commissioning and delivery of services.",
                "",
                None,
            ),
            (
                W.VCFS,
                "Account for public money with the governance, monitoring and evaluation the "
                "funder asks for, and tell funders early of any difficulty in delivering.",
                "",
                None,
            ),
        ],
    ),
    (
        2,
        "Consultation and Policy Appraisal",
        [
            (
                W.PUBLIC,
                "Consult for at least 12 weeks, unless a reason for a shorter period is recorded.",
                C.CONSULTATION_LENGTH,
                12,
            ),
            (
                W.PUBLIC,
                "Consult while proposals are still at a formative stage; give sufficient reasons, "
                "and the criteria to be applied, for intelligent consideration and response; and "
                "conscientiously take the product of consultation into account.",
                "",
                None,
            ),
            (
                W.VCFS,
                "Seek and represent the views of service users, volunteers, members and "
                "communities when responding to consultations.",
                "",
                None,
            ),
            (
                W.SHARED,
                "Co-ordinate consultation and engagement across partners, so that communities of "
                "geography and interest are engaged consistently.",
                "",
                None,
            ),
        ],
    ),
    (
        3,
        "Volunteering",
        [
            (
                W.SHARED,
                "Recognise and value the contribution of volunteers, and develop a volunteering "
                "strategy in partnership with the third sector.",
                "",
                None,
            ),
            (
                W.PUBLIC,
                "Support the infrastructure that promotes and supports volunteering.",
                "",
                None,
            ),
            (
                W.VCFS,
                "Follow good practice in involving volunteers: clear roles, support and "
                "training, expenses, and safeguarding.",
                "",
                None,
            ),
        ],
    ),
    (
        4,
        "Community Groups",
        [
            (
                W.SHARED,
                "Recognise the distinct contribution of small community groups and keep what we "
                "ask of them in proportion to their size.",
                "",
                None,
            ),
            (
                W.PUBLIC,
                "Keep application, monitoring and reporting requirements for small grants "
                "proportionate.",
                "",
                None,
            ),
            (
                W.VCFS,
                "Infrastructure organisations support community groups to take part in "
                "partnership working and to find funding.",
                "",
                None,
            ),
        ],
    ),
    (
        5,
        "Black and Minority Ethnic Voluntary and Community Sector Groups",
        [
            (
                W.SHARED,
                "Collectively understand and respond to the diverse needs of our communities, in "
                "line with the partnership's Equality and Diversity statement.",
                "",
                None,
            ),
            (
                W.PUBLIC,
                "Involve Black and Minority Ethnic voluntary and community groups in "
                "consultation, funding and commissioning, and monitor their access to it.",
                "",
                None,
            ),
            (
                W.VCFS,
                "Help Black and Minority Ethnic groups to build their capacity and to be "
                "represented in the partnership's structures.",
                "",
                None,
            ),
        ],
    ),
]

EQUALITY = (
    "<p>In recognition of the importance of collectively understanding and responding to the "
    "diverse needs of our communities through our Sustainable Community Strategy and Local Area "
    "Agreement, partners commit to a multi-functional statement on equality and diversity.</p>"
    "<p>It was developed by Equality and Diversity lead officers from across the sub-region: "
    "the Constabulary, Police Authority, Fire and Rescue Service, Probation, Courts Services, "
    "the two Primary Care Trusts and the two new local authorities, who continue as a "
    "sub-regional Single Equality Group.</p>"
)
SHARING = (
    "<p>Partners increasingly need to share information to implement partnership plans and "
    "strategies effectively. Where the information is sensitive, or data protection could be "
    "an issue, this protocol sets out when and how information can be shared legally and "
    "professionally in order to achieve improved outcomes.</p>"
    "<p>It follows the Government's 2008 pocket guide on Information Sharing, produced jointly "
    "by the Departments for Children, Schools and Families and Communities and Local "
    "Government.</p>"
)
ENGAGEMENT = (
    "<p>How each partner engages with and empowers individuals and communities, and how a "
    "more co-ordinated approach improves on it, reflecting communities of geography and of "
    "interest.</p>"
    "<ol><li>A clear shared definition or set of definitions articulating what community "
    "engagement and empowerment is.</li>"
    "<li>Key principles to inform and underpin approaches to engagement and empowerment.</li>"
    "<li>Tools, methods and mechanisms (both current and proposed) for co-ordinated and "
    "consistent approaches to engagement and empowerment.</li></ol>"
)
COMMISSIONING = (
    "<p>A clearly defined and jointly owned approach to the planning, commissioning and "
    "delivery of services. Done effectively, commissioning should:</p>"
    "<ul><li>Enhance local quality of life;</li>"
    "<li>Better connect service delivery with the needs and aspirations of individuals and "
    "communities;</li>"
    "<li>Make best use of available resources;</li>"
    "<li>Join up financial and service planning; and</li>"
    "<li>Anticipate future needs and expectations enabling partners to be proactive rather "
    "than reactive.</li></ul>"
    "<p>The Alcohol Strategy for West Cheshire is the test bed for strategic partnership "
    "commissioning.</p>"
)
COMPACT_V1 = (
    "<p>The Compact is an agreement between the Voluntary, Community and Faith Sector (VCFS) and "
    "the Public Sector in Cheshire West and Chester to improve the ways in which the public and "
    "third sectors work together.</p>"
    "<p>It contains five Codes: Funding, Commissioning and Procurement; Consultation and Policy "
    "Appraisal; Volunteering; Community Groups; Black and Minority Ethnic Voluntary and "
    "Community Sector Groups.</p>"
)
COMPACT_V2 = COMPACT_V1 + (
    "<p>Each code of good practice contains both shared commitments and sector specific "
    "requirements that the organisations involved and committed to the Compact should embed "
    "within their procedures and ways of working.</p>"
    "<p>The next stage is formal endorsement of the final Compact by all required partners and "
    "the development of an action plan.</p>"
)
COMPACT_STATUS_NOTE = (
    "<p>To be incorporated in the Partnership's Agreement and Protocols when agreed "
    "(document 002, recommendation (ii)).</p>"
)

# (number, title, purpose, [(status, content, change note, endorsed on)])
SECTIONS = [
    (
        1,
        "Equality and Diversity statement",
        "",
        [
            (
                "consultation",
                EQUALITY,
                "Circulated to partners on 3 July 2009 for consideration and comment.",
                None,
            )
        ],
    ),
    (
        2,
        "Information Sharing Protocol",
        "",
        [
            (
                "consultation",
                SHARING,
                "Circulated to partners on 3 July 2009 for consideration and comment.",
                None,
            )
        ],
    ),
    (
        3,
        "Community Engagement and Empowerment Strategy",
        "",
        # Document 002: "work is now underway on the development of a draft ... Strategy".
        [
            (
                "draft",
                ENGAGEMENT,
                "The elements the draft strategy is to incorporate, from a sub-group of partners.",
                None,
            )
        ],
    ),
    (
        4,
        "Partnership Commissioning Framework",
        "",
        [
            # Document 002: to be developed, with the Alcohol Strategy as its test bed.
            (
                "draft",
                COMMISSIONING,
                "A common definition, principles and framework, to be developed.",
                None,
            )
        ],
    ),
    (
        5,
        "Compact",
        "",
        # Document 002: produced and consulted upon; partners are to receive further updates
        # on the Compact action plan "with a view to incorporating these in the Partnership's
        # Agreement and Protocols when agreed". Neither version is endorsed.
        [
            (
                "draft",
                COMPACT_V1 + COMPACT_STATUS_NOTE,
                "The Compact and its five codes, as consulted upon.",
                None,
            ),
            (
                "draft",
                COMPACT_V2 + COMPACT_STATUS_NOTE,
                "Adds the sector specific requirements and the action plan to come.",
                None,
            ),
        ],
    ),
]


class Loader:
    def __init__(self):
        self.created = 0
        self.orgs = {o.name: o for o in Organisation.objects.all()}

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj

    def wct_meeting(self):
        """West Cheshire Together's general meeting of 30 July 2009 (document 002, agenda item
        8), made with its report by ``partnerships.seed.load_meetings``; made bare here when
        the meetings are not loaded."""
        board = Board.objects.filter(partnership__name=demo.WCT).first()
        if board is None:
            return None
        start = demo.WCT_MEETING_START
        meeting = Meeting.objects.filter(board=board, start=start).first()
        if meeting is None:
            meeting = Meeting.objects.create(
                board=board, start=start, venue=demo.WCT_VENUE, status="held"
            )
            self.created += 1
        return meeting

    def compact(self, _meeting):
        compact = self.get_or_create(
            Compact,
            name="West Cheshire Compact",
            defaults={
                "area": "Cheshire West and Chester",
                # Awaiting formal endorsement by all required partners (document 002).
                "status": Compact.Status.DRAFT,
                "adopted_date": None,
                "version": "2009",
                "summary": COMPACT_SUMMARY,
                "partnership": Partnership.objects.filter(name="West Cheshire Together").first(),
            },
        )
        for number, title, commitments in CODES:
            code = self.get_or_create(
                Code,
                compact=compact,
                number=number,
                defaults={"title": title, "summary": CODE_SUMMARY},
            )
            for n, (whose, text, kind, value) in enumerate(commitments, start=1):
                self.get_or_create(
                    Commitment,
                    code=code,
                    number=n,
                    defaults={
                        "text": f"{text} {demo.ILLUSTRATIVE}",
                        "whose": whose,
                        "check_kind": kind,
                        "check_number": value,
                    },
                )
        # Formal endorsement was the next stage after 30 July 2009 (document 002): the
        # endorsements below come after it and are illustrative; two partners are yet to.
        for name, by, on, minute in [
            (CWAC, "Cabinet (illustrative)", d(2009, 9, 16), "Cabinet, 16 September 2009"),
            (TSA, "Third Sector Assembly steering group (illustrative)", d(2009, 9, 24), ""),
            ("Cheshire Constabulary", "Chief Constable (illustrative)", d(2009, 10, 1), ""),
        ]:
            if name in self.orgs:
                self.get_or_create(
                    Endorsement,
                    compact=compact,
                    organisation=self.orgs[name],
                    version=compact.version,
                    defaults={
                        "endorsed_on": on,
                        "endorsed_by": by,
                        "meeting": None,
                        "minute_reference": f"{minute} (illustrative)" if minute else "",
                    },
                )
        return compact

    def consultations(self, compact):
        self.get_or_create(
            Consultation,
            compact=compact,
            title="Third Sector Compact for Cheshire West and Chester",
            defaults={
                "organisation": self.orgs.get(CWAC),
                "owner": "Alison Armstrong",
                # "Over the past twelve months, a new Compact has been produced and consulted
                # upon" (document 002): the dates are illustrative.
                "start_date": d(2008, 9, 1),
                "end_date": d(2008, 11, 24),
                "consultees": "Voluntary, community and faith sector organisations; all public "
                "sector stakeholders",
                "groups_affected": "The third sector across the borough",
                "formative_stage": True,
                "reasons_given": True,
                "adequate_time": True,
                "responses_considered": True,
                "outcome": "The Compact was revised; the next stage is formal endorsement of "
                "the final Compact by all required partners and the development of an action "
                "plan (document 002). The consultation's dates are illustrative.",
            },
        )
        self.get_or_create(
            Consultation,
            compact=compact,
            title="Alcohol Strategy for West Cheshire",
            defaults={
                "organisation": self.orgs.get(CWAC),
                "owner": "Partnerships Officer (illustrative)",
                "start_date": d(2009, 9, 7),
                "end_date": d(2009, 11, 2),  # 8 weeks, and no reason recorded
                "consultees": "Partners, providers, service users and residents",
                "groups_affected": "People affected by alcohol misuse and their families",
                "outcome": "Document 002 names the Alcohol Strategy for West Cheshire as the "
                "test bed for strategic partnership commissioning; this consultation and its "
                "dates are illustrative.",
                "formative_stage": True,
                "reasons_given": True,
                "adequate_time": False,
                "responses_considered": True,
            },
        )

    def breach(self, compact):
        commitment = Commitment.objects.get(code__compact=compact, code__number=2, number=1)
        if CWAC in self.orgs and TSA in self.orgs:
            self.get_or_create(
                Breach,
                compact=compact,
                commitment=commitment,
                raised_by=self.orgs[TSA],
                against=self.orgs[CWAC],
                raised_on=d(2009, 10, 12),
                defaults={
                    "what_happened": "The consultation on the Alcohol Strategy for West Cheshire "
                    "runs for eight weeks, with no reason given for the shorter period "
                    "(illustrative).",
                    "stage": Breach.Stage.INFORMAL,
                    # Settled that winter, as a 2009 breach would be by now.
                    "closed_on": d(2009, 12, 14),
                    "outcome": "Resolved informally: the Council accepted that eight weeks fell "
                    "short of the Compact and now records a reason whenever a consultation runs "
                    "for less than twelve weeks (illustrative).",
                },
            )

    def round(self, compact):
        round = self.get_or_create(
            AssessmentRound,
            compact=compact,
            title="Compact self-assessment 2009/10",
            defaults={"period_start": d(2009, 8, 1), "period_end": d(2010, 3, 31)},
        )
        taking_part = [CWAC, TSA, "Cheshire Constabulary", "NHS Western Cheshire"]
        for name in taking_part:
            if name in self.orgs:
                self.get_or_create(Assessment, round=round, organisation=self.orgs[name])
        answers = {
            CWAC: {
                (1, 1): ("met", "Funding procedures refer to the Compact."),
                (1, 2): ("partly", "Notice is given, but not always three months."),
                (1, 3): ("met", "Payments are monitored monthly."),
                (2, 1): ("not_met", "The alcohol strategy consultation ran for eight weeks."),
                (2, 2): ("met", "Consultations follow the four principles."),
                (3, 1): ("partly", "A volunteering strategy is being drafted."),
            },
            TSA: {
                (1, 1): ("met", "The Assembly's funding policy adopts the code."),
                (1, 5): ("met", "Quarterly monitoring returns are made on time."),
                (2, 3): ("partly", "Members are asked, users not yet."),
                (5, 3): ("not_met", "No BME representation on the steering group yet."),
            },
        }
        commitments = {
            (c.code.number, c.number): c
            for c in Commitment.objects.filter(code__compact=compact).select_related("code")
        }
        for name, rated in answers.items():
            assessment = Assessment.objects.filter(round=round, organisation__name=name).first()
            if assessment is None:
                continue
            for key, (value, evidence) in rated.items():
                self.get_or_create(
                    Rating,
                    assessment=assessment,
                    commitment=commitments[key],
                    defaults={"value": value, "evidence": f"{evidence} {demo.ILLUSTRATIVE}"},
                )

    def handbook(self, meeting):
        for number, title, purpose, versions in SECTIONS:
            section = self.get_or_create(
                HandbookSection, title=title, defaults={"number": number, "purpose": purpose}
            )
            for n, (status, content, note, endorsed_on) in enumerate(versions, start=1):
                self.get_or_create(
                    SectionVersion,
                    section=section,
                    number=n,
                    defaults={
                        "status": status,
                        "content": content,
                        "change_note": note,
                        "endorsed_on": endorsed_on,
                        "endorsed_at": meeting if endorsed_on else None,
                    },
                )


def load() -> int:
    loader = Loader()
    meeting = loader.wct_meeting()
    compact = loader.compact(meeting)
    loader.consultations(compact)
    loader.breach(compact)
    loader.round(compact)
    loader.handbook(meeting)
    return loader.created
