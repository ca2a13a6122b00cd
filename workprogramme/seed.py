"""Demo data (``seed_demo``): document 003's Work Programme 2007/08 of the Communities of
Cheshire Partnership with its 18 key tasks, and a risk log for document 001's Ambition for All
refresh. Safe to run again: everything is looked up by its natural key first."""

import datetime

from django.db import transaction
from django.utils import timezone

from partnerships import demo
from partnerships.models import Partnership, User

from . import defaults
from .models import Risk, RiskAction, RiskLevel, RiskLog, RiskMatrix, Task, TaskLink, WorkProgramme
from .services import task_assess

AUDIT = "Audit Commission: Improving Partnership Working in Cheshire"
REPORT = "Work programme report to the Partnership, December 2006"
ASSESSORS = "Improvement Sub-Group with the LAA Officer Group"
ASSESSED_ON = datetime.date(2007, 5, 17)

PROGRAMME_TITLE = "Work Programme 2007/08"
INTRODUCTION = (
    "In December 2006, the Partnership received a report outlining the key activities and "
    "decisions to be undertaken by the Communities of Cheshire Partnership throughout 2007 with "
    "a view to establishing a work programme for the Partnership for the coming year.\n\n"
    "On 17 May, members of the Improvement Sub-Group joined the LAA Officer Group in undertaking "
    "a risk assessment of each of the 18 proposed work programmes with a view to prioritising "
    "those requiring more immediate action. The analysis explored the risks associated with "
    "deferring the activity beyond the next twelve months by assessing the likelihood of the "
    "risk occurring against its impact."
)

# (number, title, Audit Commission?, status, likelihood, impact, comments) — document 003,
# Appendix A. The scores are chosen so that the default matrix gives the document's levels.
NS, IP, MG, DF = "not_started", "in_progress", "merged", "deferred"
IH = "in_hand_elsewhere"
TASKS = [
    (
        1,
        "Finalise the new Cheshire Sustainable Community Strategy underpinned by district "
        "Community Plans and associated thematic partnership plans",
        False,
        NS,
        2,
        2,
        "Specific issue for Cheshire County Council due to statutory duty. Not perceived as a "
        "priority for the Partnership as overtaken by Local Area Agreement development "
        "underpinned by district community plans / strategies and other key strategies, e.g. "
        "Children & Young People's Plan, Local Transport Plan, etc. Suggested that: (i) "
        "simplified CSCS be completed by CCC and brought back to CCP for endorsement later in "
        "the year; and (ii) CCP / Cheshire LAA Group map community and associated planning "
        "timescales with a view to improving co-ordination",
    ),
    (
        2,
        "Determine new and/or revised LAA outcomes",
        False,
        NS,
        5,
        5,
        "High priority. Work can begin on assessing current LAA outcomes against latest "
        "priorities for action as identified within revised district community plans / "
        "strategies and other key strategies in advance of further Govt guidance and "
        "publication of new national indicator set. Suggest project / programme plan "
        "incorporates 3 below.",
    ),
    (
        3,
        "Develop and carry out consultation / engagement / involvement strategy for LAA Year 1 "
        "refresh / 2nd generation",
        False,
        MG,
        4,
        4,
        "High priority. Planning can begin immediately. Suggest that activity included in "
        "project / programme plan of 2 above.",
    ),
    (
        4,
        "Carry out NWRA Integrated Appraisal of LAA",
        False,
        NS,
        1,
        3,
        "Important but not essential.",
    ),
    (
        5,
        "Carry out LAA Equality Impact Assessment",
        False,
        IH,
        3,
        5,
        "High priority. Statutory duty but already being addressed with the LAA.",
    ),
    (
        6,
        "Prepare for Comprehensive Area Assessment",
        False,
        NS,
        1,
        4,
        "Important but not essential over the next twelve months. Need to tie into planned "
        "work of the local authorities.",
    ),
    (
        7,
        "Increase understanding of community cohesion issues in the county",
        True,
        IH,
        3,
        4,
        "High priority but already being addressed with the LAA.",
    ),
    (
        8,
        "Develop strategic approach to commissioning for LAA delivery",
        False,
        NS,
        4,
        5,
        "High priority. Important to co-ordinate approaches across the blocks, particularly in "
        "relation to cross-cutting issues. Work needs to begin a.s.a.p. to support LAA "
        "delivery.",
    ),
    (
        9,
        "Consolidate arrangements for engagement with the and integration of the Third Sector "
        "in the Cheshire Partnerships Framework, especially at countywide level",
        True,
        IP,
        4,
        4,
        "High priority. Work already well underway but needs consolidation to ensure long term "
        "sustainability.",
    ),
    (
        10,
        "Establish realistic and coherent support arrangements to underpin the work of the "
        "Cheshire Partnerships Framework",
        True,
        MG,
        4,
        3,
        "High priority but dependant upon 11 below and LGR announcement expected at the end of "
        "July. Suggested that, in the interim, specific capacity issues be dealt with as and "
        "when required. Prioritisation of key activities to more manageable number should help. "
        "Suggested that: (i) all partners re-consider and commit to re-aligning resources (staff "
        "time and funding) possibly available; and (ii) activity is picked up in the autumn as "
        "part of the project / programme plan for 11 below.",
    ),
    (
        11,
        "Review the effectiveness of the structures and framework in place",
        True,
        DF,
        3,
        5,
        "High priority but needs to be measured against achievement of LAA outcomes. Could also "
        "be influenced by the LGR announcement expected at the end of July. CCP agreed at April "
        "meeting to defer review until the autumn. Suggested that project / programme plan "
        "incorporates 10 above.",
    ),
    (
        12,
        "Embed LAA Performance Management framework",
        False,
        NS,
        5,
        4,
        "High priority in order to measure success and report on progress to partners and Govt.",
    ),
    (
        13,
        "Establish development programme for partnership work at all levels from Governance "
        "board to operational on the ground delivery",
        True,
        NS,
        3,
        3,
        "Important but not essential at this time. Will be influenced by 11 above.",
    ),
    (
        14,
        "Develop of Funding Strategy to deliver LAA / CSCS outcomes",
        False,
        NS,
        1,
        5,
        "Important but not achievable within the next twelve months. Timing is vital but "
        "suggested that outline thinking be done to generate Governance Board discussion.",
    ),
    (
        15,
        "Further develop Communications Strategy / Communication Action Plan",
        True,
        NS,
        2,
        4,
        "Important but not as significant as other activities. Suggested that all partners are "
        "reminded of the importance of effective communications within and across partnership "
        "and organisational networks. All partners have a responsibility here.",
    ),
    (
        16,
        "CCP / Governance Board Conference",
        False,
        NS,
        3,
        2,
        "Could be useful mechanism in the latter half of the year to inform the review of the "
        "Framework and the LAA 'refresh' and report to a wider audience on progress but not "
        "essential.",
    ),
    (
        17,
        "Map out information gathering / community consultation routines of partners with a "
        "view to greater collaboration",
        True,
        NS,
        4,
        4,
        "High priority for LAA performance management and refresh – possible 'early win'. "
        "Should also support item 3.",
    ),
    (
        18,
        "Create a Best Practice Forum",
        True,
        NS,
        2,
        2,
        "Important but not an immediate priority.",
    ),
]

# Level 1, but left off the document's shortlist of six: in its own words, "already being
# addressed with the LAA".
STATUS_REASONS = {
    5: "Already being addressed with the LAA",
    7: "Already being addressed with the LAA",
}

LINKS = [
    (2, "incorporates", 3),
    (11, "incorporates", 10),
    (13, "depends_on", 11),
    (17, "supports", 3),
]


def default_matrix() -> RiskMatrix:
    """The current version of the default 5 × 5 matrix (the data migration makes it)."""
    matrix = RiskMatrix.objects.filter(is_default=True).first()
    if matrix is not None:
        return matrix
    matrix, created = RiskMatrix.objects.get_or_create(
        name=defaults.NAME,
        version=1,
        defaults={
            "likelihood_labels": defaults.LIKELIHOOD,
            "impact_labels": defaults.IMPACT,
            "grid": defaults.grid(),
            "is_default": True,
        },
    )
    if created:
        for level in defaults.LEVELS:
            RiskLevel.objects.create(matrix=matrix, **level)
    while hasattr(matrix, "next_version"):
        matrix = matrix.next_version
    return matrix


class Loader:
    def __init__(self):
        self.created = 0
        self.today = timezone.localdate()
        self.officer = User.objects.filter(username="officer").first()

    def programme(self) -> WorkProgramme:
        ccp = Partnership.objects.get(name=demo.CCP)
        programme, created = WorkProgramme.objects.get_or_create(
            partnership=ccp,
            title=PROGRAMME_TITLE,
            defaults={
                "period_start": datetime.date(2007, 4, 1),
                "period_end": datetime.date(2008, 3, 31),
                # Document 003 asks the Partnership to endorse the shortlist: a proposal.
                "status": WorkProgramme.Status.DRAFT,
                "introduction": INTRODUCTION,
                "matrix": default_matrix(),
            },
        )
        self.created += created
        tasks = {}
        for number, title, audit, status, likelihood, impact, comments in TASKS:
            task, created = Task.objects.get_or_create(
                programme=programme,
                number=number,
                defaults={
                    "title": title,
                    "audit_commission": audit,
                    "source": AUDIT if audit else REPORT,
                    "status": status,
                    "status_reason": STATUS_REASONS.get(number, ""),
                    "comments": comments,
                },
            )
            self.created += created
            if not created and status == IH and task.status == IP and not task.status_reason:
                # Seeded before tasks could be in hand elsewhere: bring it in line.
                task.status, task.status_reason = status, STATUS_REASONS[number]
                task.save(update_fields=["status", "status_reason", "updated_at"])
            if not task.assessments.exists():
                task_assess(
                    task=task,
                    likelihood=likelihood,
                    impact=impact,
                    rationale="Risk of deferring the activity beyond the next twelve months. "
                    + comments.split(". ")[0].rstrip(".")
                    + ". (The likelihood and impact scores are illustrative: document 003 gives "
                    "the priority level only.)",
                    assessed_by=ASSESSORS,
                    assessed_on=ASSESSED_ON,
                    matrix=programme.matrix,
                )
                self.created += 1
            tasks[number] = task
        for a, kind, b in LINKS:
            _, created = TaskLink.objects.get_or_create(
                from_task=tasks[a], kind=kind, to_task=tasks[b]
            )
            self.created += created
        if self.officer is not None:
            # The demo officer keeps this programme with the partnership's (absent) lead.
            ccp.supporting_officers.add(self.officer)
        return programme

    def risk_log(self) -> RiskLog:
        leaders = Partnership.objects.get(name=demo.LEADERS)
        log, created = RiskLog.objects.get_or_create(
            partnership=leaders,
            name="Ambition for All refresh",
            defaults={
                "kind": RiskLog.Kind.PROJECT,
                "description": "The project to refresh Ambition for All – Partnership Strategy "
                "2016-2020 and revise the partnership structure (Cabinet report, 12 July 2016, "
                "section 8 and Appendix 3). Appendix 3 is not among the source documents: the "
                "risks, scores, owners and actions below are illustrative.",
                "matrix": default_matrix(),
                "appetite": 8,
            },
        )
        self.created += created
        d = self.today
        for ref, fields, actions in RISKS(d):
            fields = {**fields, "title": f"{fields['title']} (illustrative)"}
            risk, created = Risk.objects.get_or_create(
                log=log, reference=ref, defaults={**fields, "matrix": log.matrix}
            )
            self.created += created
            if created:
                for description, owner, due, status in actions:
                    RiskAction.objects.create(
                        risk=risk,
                        description=description,
                        owner=owner,
                        due_date=due,
                        status=status,
                    )
                    self.created += 1
        return log


def RISKS(today):  # noqa: N802 (a table, built for today's dates)
    days = datetime.timedelta
    return [
        (
            "R1",
            {
                "title": "Partners do not take ownership of the refreshed strategy",
                "cause": "Current arrangements are not effective in the ownership and delivery "
                "of Ambition for All.",
                "effect": "The strategy is not delivered; boards' plans do not dovetail.",
                "category": Risk.Category.PARTNERSHIP,
                "owner": "Steph Cordon, Head of Communities",
                "inherent_likelihood": 4,
                "inherent_impact": 4,
                "controls": "Revamped Leaders Board; each element of the strategy owned by a "
                "board with a delivery plan and action owners.",
                "residual_likelihood": 3,
                "residual_impact": 4,
                "target_likelihood": 2,
                "target_impact": 3,
                "treatment": Risk.Treatment.TREAT,
                "review_date": today - days(days=14),
            },
            [
                (
                    "Agree lines of accountability with each thematic board",
                    "Head of Communities",
                    today + days(days=30),
                    "in_progress",
                ),
                (
                    "Leaders Board to sign off the delivery plans",
                    "Leaders Board",
                    today + days(days=90),
                    "open",
                ),
            ],
        ),
        (
            "R2",
            {
                "title": "Consultation on the refresh is challenged",
                "cause": "Consultation not at a formative stage, without sufficient reasons or "
                "adequate time for response.",
                "effect": "Legal challenge; the strategy cannot go live in April 2017.",
                "category": Risk.Category.LEGAL,
                "owner": "Legal Services",
                "inherent_likelihood": 3,
                "inherent_impact": 5,
                "controls": "Consultation plan follows the established principles; legal "
                "advice sought on the plan.",
                "residual_likelihood": 2,
                "residual_impact": 5,
                "target_likelihood": 1,
                "target_impact": 5,
                "treatment": Risk.Treatment.TREAT,
                "review_date": today + days(days=45),
            },
            [
                (
                    "Publish the consultation plan with a 12-week response period",
                    "Partnerships Officer",
                    today + days(days=21),
                    "open",
                ),
            ],
        ),
        (
            "R3",
            {
                "title": "Due regard to the Public Sector Equality Duty is not shown",
                "cause": "No Equality Impact Assessment carried out as the strategy develops.",
                "effect": "Breach of s149 Equality Act 2010; decisions open to challenge.",
                "category": Risk.Category.COMMUNITY,
                "owner": "Equality and Diversity Officer",
                "inherent_likelihood": 3,
                "inherent_impact": 4,
                "controls": "Equality Impact Assessment scheduled with the first draft.",
                "residual_likelihood": 2,
                "residual_impact": 3,
                "target_likelihood": 1,
                "target_impact": 3,
                "treatment": Risk.Treatment.TREAT,
                "review_date": today + days(days=60),
            },
            [
                (
                    "Complete the Equality Impact Assessment of the draft strategy",
                    "Equality and Diversity Officer",
                    today - days(days=7),
                    "in_progress",
                ),
            ],
        ),
        (
            "R4",
            {
                "title": "Staff time to deliver the review is not available",
                "cause": "The review is delivered within existing base budgets and staff.",
                "effect": "Slippage of the project plan in Appendix 3.",
                "category": Risk.Category.RESOURCES,
                "owner": "Head of Communities",
                "inherent_likelihood": 3,
                "inherent_impact": 3,
                "controls": "Project plan with milestones reviewed monthly.",
                "residual_likelihood": 3,
                "residual_impact": 3,
                "target_likelihood": 2,
                "target_impact": 3,
                "treatment": Risk.Treatment.TOLERATE,
                "review_date": today - days(days=3),
            },
            [],
        ),
        (
            "R5",
            {
                "title": "Commissioning town partnerships for outcomes breaches procurement or "
                "State Aid rules",
                "cause": "Move from direct grants (£8,000 each) to commissioning for outcomes "
                "from 2017/18.",
                "effect": "Awards set aside; funding to town partnerships interrupted.",
                "category": Risk.Category.FINANCIAL,
                "owner": "Procurement Manager",
                "inherent_likelihood": 3,
                "inherent_impact": 4,
                "controls": "Finance and Contract Procedure Rules; competitive process.",
                "residual_likelihood": 2,
                "residual_impact": 4,
                "target_likelihood": 1,
                "target_impact": 4,
                "treatment": Risk.Treatment.TRANSFER,
                "review_date": today + days(days=120),
            },
            [
                (
                    "Seek legal advice on the funding and governance arrangements",
                    "Legal Services",
                    today + days(days=60),
                    "open",
                ),
            ],
        ),
    ]


@transaction.atomic
def load() -> int:
    loader = Loader()
    loader.programme()
    loader.risk_log()
    return loader.created
