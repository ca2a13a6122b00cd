"""Demo grants from the source documents (../shared/seeds/ 000 and 001). ``seed_demo`` loads it.

- Town Partnership grants 2016/17: £8,000 to each of the nine town partnerships, £72,000.
- Town Partnership commissioning for outcomes 2017/18 through 2019/20 (document 001, 5.6.5),
  with one award reduced at short notice in 2017/18.
- The Area Boards' £400,000 participatory budget for public health outcomes: a round per Area
  Board with projects and votes in January 2017 (two knapsack votes, one approval vote), each
  counted, published and turned into awards.
- Third sector investment 2008/09, rolled forward to 2009/10 without an inflation uplift
  (document 000, 2.1).

The documents give the £8,000, £72,000 and £400,000 and the 0% uplift; they give no recipients
of commissioning or of the third sector investment, no sum for that investment or for 2017/18
onwards, and no split of the £400,000. Every such figure and record here is invented for the
demo and says "(illustrative)" in the description or purpose shown with it.

Every award here belongs to a past financial year, so it ends as a council's would have: paid in
full, its monitoring returns received and closed. Nothing years old shows as overdue or unpaid.

Looked up by natural keys first, so a second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from partnerships import demo
from partnerships.models import Organisation, Outcome, Partnership, User

from .models import Award, AwardChange, Fund, Payment, PBProject, PBRound
from .services import (
    award_approve,
    award_change_record,
    award_transition,
    fund_roll_forward,
    payment_mark_paid,
    payment_save,
    return_submit,
)
from .services.pb import ballot_cast, pb_make_awards, pb_publish, voter_codes_issue

d = datetime.date
D = Decimal

# Voluntary-sector recipients (fictional; their numbers only show the 360Giving identifiers).
ILLUSTRATIVE = "(illustrative recipient and amount)"
RECIPIENTS = [
    ("Crewe Community Food Network", "1170341", ""),
    ("Macclesfield Health Walks CIC", "", "10493721"),
    ("Cheshire East Volunteer Centre", "1129876", "06811234"),
    ("Congleton Young Carers", "1154002", ""),
]


class Loader:
    def __init__(self):
        self.created = 0
        self.by = User.objects.filter(username="officer").first()
        self.ce = Organisation.objects.get(name=demo.CE)

    def org(self, name, charity="", company=""):
        org, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "sector": Organisation.Sector.VCFS,
                "kind": Organisation.Kind.VOLUNTARY,
                "charity_number": charity,
                "company_number": company,
            },
        )
        self.created += created
        return org

    def fund(self, name, year, budget, route, **extra):
        fund, created = Fund.objects.get_or_create(
            name=name,
            financial_year=year,
            defaults={"budget": budget, "funder": self.ce, "route": route, **extra},
        )
        self.created += created
        return fund

    def award(self, fund, title, amount, *, org=None, partnership=None, **extra):
        award, created = Award.objects.get_or_create(
            fund=fund,
            title=title,
            defaults={
                "recipient_organisation": org,
                "recipient_partnership": partnership,
                "amount": amount,
                "route": fund.route,
                "start_date": fund.year_start,
                "end_date": fund.year_end,
                **extra,
            },
        )
        self.created += created
        return award, created

    def approve(self, award, on):
        if award.status == Award.Status.PROPOSED:
            award = award_approve(award=award, by=self.by)
            Award.objects.filter(pk=award.pk).update(approved_on=on)
        return award

    def pay(self, award, instalments, paid_until):
        if award.payments.exists():
            return
        share = award.amount / instalments
        for n in range(instalments):
            due = award.start_date + datetime.timedelta(days=round(n * 365 / instalments))
            payment_save(
                payment=Payment(
                    award=award,
                    due_date=due,
                    amount=share,
                    paid_date=due if due <= paid_until else None,
                    reference=f"GR{award.pk:04d}-{n + 1}",
                ),
                by=self.by,
            )
            self.created += 1

    def receive_returns(self, award, until):
        for mr in award.returns.filter(received_date__isnull=True, due_date__lte=until):
            spent = (award.amount * (mr.period_end - award.start_date).days) / max(
                1, (award.end_date - award.start_date).days
            )
            return_submit(
                monitoring_return=mr,
                spend_to_date=min(award.amount, spent.quantize(D("0.01"))),
                narrative="Activity is on track; attendance figures and case studies attached.",
                evidence={
                    o: f"Progress reported against outcome {o.number}."
                    for o in award.outcomes.all()
                },
                by=self.by,
                received_date=mr.due_date - datetime.timedelta(days=3),
            )
            self.created += 1

    def finish(self, award):
        """Bring a past year's award to its end: every instalment paid on the day it fell due,
        every monitoring return received, the award closed."""
        award = Award.objects.get(pk=award.pk)
        if award.status in (Award.Status.CLOSED, Award.Status.WITHDRAWN):
            return award
        if not award.payments.exists():
            self.pay(award, 1, award.end_date)
        for payment in award.payments.filter(paid_date__isnull=True):
            payment_mark_paid(payment=payment, paid_date=payment.due_date, by=self.by)
        self.receive_returns(award, award.end_date + datetime.timedelta(days=366))
        award = Award.objects.get(pk=award.pk)
        if award.status == Award.Status.APPROVED:
            award = award_transition(award=award, action="accept", by=self.by)
        for action in ("monitor", "close"):
            award = award_transition(award=award, action=action, by=self.by)
        return award

    # --- the funds ----------------------------------------------------------------------

    def outcomes(self, *numbers):
        return list(
            Outcome.objects.filter(strategy__name=demo.AMBITION_FOR_ALL, number__in=numbers)
        )

    def town_partnerships(self):
        fund = self.fund(
            "Town Partnership grants",
            2016,
            D("72000"),
            Fund.Route.DIRECT,
            standard_amount=D("8000"),
            status=Fund.Status.CLOSED,
            description="Direct grant awards of £8,000 per town partnership for 2016/17, as "
            "previously agreed (document 001, 5.6.5).",
        )
        fund.outcomes.set(self.outcomes(3))
        towns = Partnership.objects.filter(kind=Partnership.Kind.TOWN).order_by("name")
        for town in towns:
            award, created = self.award(
                fund,
                f"Town partnership grant 2016/17: {town.geography or town.name}",
                D("8000"),
                partnership=town,
                purpose="Direct grant award of £8,000 to the town partnership for 2016/17, as "
                "previously agreed (document 001).",
                monitoring_frequency=Award.Frequency.HALF_YEARLY,
            )
            if created:
                award.outcomes.set(fund.outcomes.all())
            award = self.approve(award, d(2016, 4, 12))
            self.pay(award, 2, d(2017, 3, 31))
            self.finish(award)
        return fund

    def commissioning(self):
        fund = self.fund(
            "Town Partnership commissioning for outcomes",
            2017,
            D("72000"),
            Fund.Route.COMMISSIONING,
            description="From 2017/18 through to 2019/20 the council commissions for outcomes "
            "aligned to the strategic aims and ambitions of the refreshed partnership strategy, "
            "instead of direct grants (document 001, 5.6.5). The budget, recipients and amounts "
            "are illustrative (illustrative figure).",
        )
        fund.outcomes.set(self.outcomes(1, 2, 3))
        orgs = [self.org(*r) for r in RECIPIENTS]
        plan = [
            (orgs[0], "Healthy eating and food poverty outreach, Crewe", D("18000"), 1),
            (orgs[1], "Health walks for older residents, Macclesfield", D("12000"), 2),
            (orgs[2], "Volunteering pathways into community health roles", D("15000"), 3),
            (orgs[3], "Support for young carers, Congleton and Sandbach", D("14000"), 1),
        ]
        awards = []
        for org, title, amount, outcome in plan:
            award, created = self.award(
                fund,
                title,
                amount,
                org=org,
                purpose=f"Commissioned for outcomes in Ambition for All {ILLUSTRATIVE}.",
                monitoring_frequency=Award.Frequency.QUARTERLY,
                # Commissioned for the three years 2017/18 to 2019/20.
                recurring=True,
            )
            if created:
                award.outcomes.set(self.outcomes(outcome))
            award = self.approve(award, d(2017, 4, 20))
            if award.status == Award.Status.APPROVED:
                award = award_transition(award=award, action="accept", by=self.by)
            # The last instalment is still to pay in January 2018, when the reduction below is
            # given notice of; it is paid (or cut) before the year ends.
            self.pay(award, 4, d(2017, 10, 31))
            awards.append(award)
        walks = Award.objects.get(pk=awards[1].pk)
        if not walks.changes.exists():
            # Notice on 15 January for a cut from 1 March: under the Compact's three months.
            award_change_record(
                award=walks,
                kind=AwardChange.Kind.REDUCE,
                notice_date=d(2018, 1, 15),
                effective_date=d(2018, 3, 1),
                new_amount=D("9000"),
                reason="In-year savings to the public health budget (illustrative).",
                by=self.by,
            )
            self.created += 1
        for award in awards:
            self.finish(award)
        Fund.objects.filter(pk=fund.pk).update(status=Fund.Status.CLOSED)
        # 2018/19 and 2019/20: the same commissions, rolled forward without uplift.
        for year in (2018, 2019):
            if Fund.objects.filter(name=fund.name, financial_year=year).exists():
                fund = Fund.objects.get(name=fund.name, financial_year=year)
                continue
            fund = fund_roll_forward(fund=fund, uplift_percent=D("0"), by=self.by)
            self.created += 1 + fund.awards.count()
            for award in fund.awards.order_by("title"):
                award = self.approve(award, d(year, 4, 20))
                award = award_transition(award=award, action="accept", by=self.by)
                self.pay(award, 4, d(year + 1, 3, 31))
                self.finish(award)
            Fund.objects.filter(pk=fund.pk).update(status=Fund.Status.CLOSED)
        return fund

    def third_sector(self):
        fund = self.fund(
            "Third sector investment",
            2008,
            D("150000"),
            Fund.Route.DIRECT,
            status=Fund.Status.CLOSED,
            description="The council's investment in organisations in the third sector "
            "(document 000). Document 000 gives no sum or recipients: the budget and awards "
            "are illustrative (illustrative figure).",
        )
        tsa = Organisation.objects.get(name="Third Sector Assembly")
        orgs = [self.org(*r) for r in RECIPIENTS]
        for org, title, amount in [
            (tsa, "Infrastructure support for the third sector", D("45000")),
            (orgs[2], "Volunteer centre core costs", D("38000")),
            (orgs[0], "Community food network development", D("22000")),
        ]:
            award, _ = self.award(
                fund,
                title,
                amount,
                org=org,
                recurring=True,
                purpose=f"Annual investment in the organisation's core work {ILLUSTRATIVE}.",
                monitoring_frequency=Award.Frequency.HALF_YEARLY,
                start_date=d(2008, 4, 1),
                end_date=d(2009, 3, 31),
            )
            award = self.approve(award, d(2008, 4, 1))
            self.pay(award, 2, d(2009, 3, 31))
            self.finish(award)
        if not Fund.objects.filter(name=fund.name, financial_year=2009).exists():
            # Document 000, 2.1: "retain the current level of investment (without inflation
            # uplift) … in 2009/10".
            next_fund = fund_roll_forward(fund=fund, uplift_percent=D("0"), by=self.by)
            self.created += 1 + next_fund.awards.count()
            for award in next_fund.awards.order_by("title"):
                award = self.approve(award, d(2009, 4, 6))
                award = award_transition(award=award, action="accept", by=self.by)
                self.pay(award, 2, d(2010, 3, 31))
                self.finish(award)
            Fund.objects.filter(pk=next_fund.pk).update(status=Fund.Status.CLOSED)

    # --- participatory budget -------------------------------------------------------------

    PROJECTS = {
        "Southern Area Board": [
            ("Crewe cook and eat clubs", 60000, "Crewe Central", 0),
            ("Nantwich riverside walking routes", 45000, "Nantwich North and West", 1),
            ("Alsager men's shed", 25000, "Alsager", None),
            ("Crewe smoking cessation outreach", 80000, "Crewe South", None),
            ("Mental health first aid training", 30000, "Nantwich South", None),
            ("Outdoor gym, Queens Park", 55000, "Crewe West", None),
        ],
        "Central Area Board": [
            ("Congleton dementia cafe", 35000, "Congleton East", 3),
            ("Sandbach park run and couch to 5k", 20000, "Sandbach Town", None),
            ("Young carers' breaks", 40000, "Congleton West", 3),
            ("Community allotments, Sandbach", 30000, "Sandbach Heath", None),
            ("Falls prevention classes", 45000, "Congleton East", None),
        ],
        "Northern Area Board": [
            ("Macclesfield healthy lunches", 50000, "Macclesfield Central", None),
            ("Wilmslow cycling for health", 40000, "Wilmslow West", None),
            ("Knutsford loneliness befriending", 30000, "Knutsford", None),
            ("Poynton swimming lessons for adults", 35000, "Poynton East", None),
        ],
    }
    # Ballots: (choices by index into the round's projects, how many such ballots).
    VOTES = {
        "Southern Area Board": [
            ((0, 1, 2), 14),
            ((0, 3), 11),
            ((1, 2, 4), 9),
            ((5, 2, 4), 8),
            ((3,), 6),
        ],
        "Central Area Board": [((0, 1, 2), 12), ((1, 3), 10), ((0, 4), 7), ((2, 3, 1), 5)],
        "Northern Area Board": [((0, 1), 6), ((2,), 4), ((1, 3), 3)],
    }

    def participatory(self):
        fund = self.fund(
            "Area Boards' participatory budget for public health outcomes",
            2016,
            D("400000"),
            Fund.Route.PARTICIPATORY,
            description="The first phase of participatory budgeting by the Area Boards: "
            "£400,000 for the delivery of public health outcomes (document 001, 5.6.3). Its "
            "split between the Area Boards, the projects and the votes are illustrative "
            "(illustrative figure).",
        )
        fund.outcomes.set(self.outcomes(1, 2))
        orgs = {o.name: o for o in Organisation.objects.filter(name__in=[r[0] for r in RECIPIENTS])}
        shares = {
            "Southern Area Board": 140000,
            "Central Area Board": 120000,
            "Northern Area Board": 140000,
        }
        # The first phase voted in January 2017, inside the fund's year (2016/17).
        opens = datetime.datetime(2017, 1, 9, 9, 0, tzinfo=timezone.get_current_timezone())
        closes = opens + datetime.timedelta(days=28)
        for area, projects in self.PROJECTS.items():
            board = Partnership.objects.filter(name=area).first()
            if board is None:
                continue
            northern = area.startswith("Northern")
            r, created = PBRound.objects.get_or_create(
                name=f"{area}: public health participatory budget",
                defaults={
                    "fund": fund,
                    "area_board": board,
                    "budget": D(shares[area]),
                    "voting_opens": opens,
                    "voting_closes": closes,
                    "rule": PBRound.Rule.APPROVAL if northern else PBRound.Rule.KNAPSACK,
                    "max_choices": 2 if northern else None,
                    "description": "Residents choose the public health projects to fund in "
                    "their area. This board's share of the £400,000 is illustrative "
                    "(illustrative figure).",
                },
            )
            self.created += created
            rows = []
            for title, cost, ward, recipient in projects:
                project, made = PBProject.objects.get_or_create(
                    round=r,
                    title=title,
                    defaults={
                        "cost": D(cost),
                        "ward": ward,
                        "description": f"A public health project for {ward} (illustrative).",
                        "organisation": orgs.get(RECIPIENTS[recipient][0])
                        if recipient is not None
                        else None,
                        "eligible": True,
                        "screening_note": "Meets the public health criteria.",
                    },
                )
                self.created += made
                rows.append(project)
            if created:
                PBProject.objects.get_or_create(
                    round=r,
                    title="Resurfacing the town car park",
                    defaults={
                        "cost": D(30000),
                        "ward": projects[0][2],
                        "eligible": False,
                        "screening_note": "Not a public health outcome: referred to highways.",
                    },
                )
            if r.ballots.exists():
                continue
            # The Northern Area Board voted online only; the others on paper and online.
            self.vote(r, rows, self.VOTES[area], online_only=northern)
            published = r.voting_closes + datetime.timedelta(days=3)
            pb_publish(round=r, by=self.by, now=published)
            made_awards = pb_make_awards(round=r, by=self.by)
            decided = timezone.localdate(published) + datetime.timedelta(days=7)
            PBRound.objects.filter(pk=r.pk).update(
                awarded_at=published + datetime.timedelta(days=7)
            )
            Award.objects.filter(pk__in=[a.pk for a in made_awards]).update(approved_on=decided)
            for award in made_awards:
                self.finish(award)
            self.created += len(made_awards)
        Fund.objects.filter(pk=fund.pk).update(status=Fund.Status.CLOSED)

    def vote(self, r, projects, plan, *, online_only):
        rng = random.Random(r.name)
        total = sum(n for _, n in plan)
        codes = voter_codes_issue(round=r, count=total + 10, by=self.by)
        online = [c.code for c in codes]
        number = 0
        for choice, count in plan:
            for _ in range(count):
                number += 1
                chosen = [projects[i] for i in choice]
                paper = not online_only and rng.random() < 0.5
                ballot_cast(
                    round=r,
                    projects=chosen,
                    code="" if paper else online.pop(),
                    paper_reference=f"P{number:04d}" if paper else "",
                    by=self.by,
                    now=r.voting_opens + datetime.timedelta(days=1, minutes=number),
                )
                self.created += 1


def load() -> int:
    if not Organisation.objects.filter(name=demo.CE).exists():
        return 0
    loader = Loader()
    loader.town_partnerships()
    loader.commissioning()
    loader.third_sector()
    loader.participatory()
    return loader.created
