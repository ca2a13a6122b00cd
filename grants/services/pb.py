"""Participatory budgeting: voter codes, ballots, results and the awards that follow."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import Award, Ballot, BallotChoice, PBProject, PBRound, VoterCode
from ..models.pb import code_hashes, normalise_code
from .awards import award_approve, money

MAX_BATCH = 5000


@transaction.atomic
def voter_codes_issue(*, round: PBRound, count: int, by) -> list[VoterCode]:
    """A batch of new one-time codes, for officers to hand out or post to residents."""
    if count < 1 or count > MAX_BATCH:
        raise ValidationError(f"Issue between 1 and {MAX_BATCH:,} codes at a time.")
    if round.results_published_at:
        raise ValidationError("The results are published; no more codes can be issued.")
    PBRound.objects.select_for_update().get(pk=round.pk)
    batch = (round.voter_codes.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    codes = [VoterCode.issue(round=round, batch=batch, issued_by=by) for _ in range(count)]
    return VoterCode.objects.bulk_create(codes)


def _check_choices(round: PBRound, projects: list[PBProject]) -> None:
    if not projects:
        raise ValidationError("Choose at least one project.")
    if any(p.round_id != round.pk or p.eligible is not True for p in projects):
        raise ValidationError("Only this round's eligible projects can be chosen.")
    if round.rule == PBRound.Rule.APPROVAL:
        if len(projects) > round.max_choices:
            raise ValidationError(
                f"Choose at most {round.max_choices} projects; this ballot has {len(projects)}."
            )
    else:
        total = sum((p.cost for p in projects), Decimal(0))
        if total > round.budget:
            raise ValidationError(
                f"The projects chosen cost {money(total)} together, more than the budget of "
                f"{money(round.budget)}. Leave some out so they fit."
            )


def ballot_cast(
    *,
    round: PBRound,
    projects: list[PBProject],
    code: str = "",
    paper_reference: str = "",
    by=None,
    now=None,
) -> Ballot:
    """One ballot: online with an unused voter code during the voting window, or a paper
    ballot entered by an officer (with its number, and its code if it had one).

    A code votes once: the database holds that (one ballot per code), so two tabs or two
    people with the same code cannot both get in."""
    now = now or timezone.now()
    paper = bool(paper_reference.strip())
    if round.results_published_at:
        raise ValidationError("The results of this round are published; voting has ended.")
    if paper and now < round.voting_opens:
        raise ValidationError(
            "Voting has not opened yet: paper ballots can be entered from "
            f"{timezone.localtime(round.voting_opens):%d %B %Y %H:%M}."
        )
    if not paper and not round.voting_is_open(now):
        raise ValidationError(
            f"Voting is open from {timezone.localtime(round.voting_opens):%d %B %Y %H:%M} to "
            f"{timezone.localtime(round.voting_closes):%d %B %Y %H:%M}."
        )
    projects = list({p.pk: p for p in projects}.values())
    _check_choices(round, projects)
    voter_code = None
    code = normalise_code(code)
    if code:
        voter_code = VoterCode.objects.filter(round=round, code_hash__in=code_hashes(code)).first()
        if voter_code is None:
            raise ValidationError(
                "That voter code is not valid for this vote. Check and retry.", code="bad_code"
            )
    elif not paper:
        raise ValidationError("Enter the voter code you were given.")
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                round=round,
                voter_code=voter_code,
                paper_reference=paper_reference.strip(),
                source=Ballot.Source.PAPER if paper else Ballot.Source.ONLINE,
                entered_by=by if paper else None,
                cast_at=now,
            )
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, project=p) for p in projects]
            )
    except IntegrityError as exc:
        if voter_code is not None and Ballot.objects.filter(voter_code=voter_code).exists():
            raise ValidationError("This voter code has already been used to vote.") from exc
        raise ValidationError(
            "A paper ballot with this number is already entered for this round."
        ) from exc
    return ballot


@dataclass
class ProjectResult:
    project: PBProject
    votes: int
    rank: int = 0
    funded: bool = False
    remaining_after: Decimal = Decimal(0)


@dataclass
class Results:
    round: PBRound
    rows: list[ProjectResult] = field(default_factory=list)
    ballots: int = 0
    allocated: Decimal = Decimal(0)

    @property
    def funded(self) -> list[ProjectResult]:
        return [r for r in self.rows if r.funded]

    @property
    def unallocated(self) -> Decimal:
        return self.round.budget - self.allocated


def rank_and_fund(
    budget: Decimal, counts: list[tuple[object, Decimal, str, int]]
) -> list[tuple[object, int, bool]]:
    """The rule both voting methods share, on plain values so tests can check it by hand.

    ``counts``: (key, cost, title, votes). Rank by votes (most first), ties by lower cost then
    title; going down the ranking, fund each project whose cost fits in what is left."""
    ordered = sorted(counts, key=lambda c: (-c[3], c[1], c[2].casefold(), c[2]))
    left = budget
    result = []
    for key, cost, _title, votes in ordered:
        fits = votes > 0 and cost <= left
        if fits:
            left -= cost
        result.append((key, votes, fits))
    return result


def pb_results(round: PBRound) -> Results:
    projects = list(
        round.projects.filter(eligible=True).annotate(
            votes=Count("choices", filter=Q(choices__ballot__round=round))
        )
    )
    results = Results(round=round, ballots=round.ballots.count())
    by_pk = {p.pk: p for p in projects}
    left = round.budget
    for rank, (pk, votes, funded) in enumerate(
        rank_and_fund(round.budget, [(p.pk, p.cost, p.title, p.votes) for p in projects]),
        start=1,
    ):
        project = by_pk[pk]
        if funded:
            left -= project.cost
            results.allocated += project.cost
        results.rows.append(
            ProjectResult(
                project=project, votes=votes, rank=rank, funded=funded, remaining_after=left
            )
        )
    return results


@transaction.atomic
def pb_publish(*, round: PBRound, by, now=None) -> PBRound:
    now = now or timezone.now()
    round = PBRound.objects.select_for_update().get(pk=round.pk)
    if round.results_published_at:
        raise ValidationError("The results are already published.")
    if now < round.voting_closes:
        raise ValidationError(
            "The results can be published once voting closes "
            f"({timezone.localtime(round.voting_closes):%d %B %Y %H:%M})."
        )
    if not round.ballots.exists():
        raise ValidationError("No ballots have been cast, so there are no results to publish.")
    round.results_published_at = now
    round._history_user = by
    round.save(update_fields=["results_published_at"])
    return round


@transaction.atomic
def pb_make_awards(*, round: PBRound, by) -> list[Award]:
    """Turn the funded projects into approved awards in the round's fund (each through the
    fund's headroom check); all or nothing."""
    round = PBRound.objects.select_for_update().select_related("fund").get(pk=round.pk)
    if not round.results_published_at:
        raise ValidationError("Publish the results before making the awards.")
    if round.awarded_at:
        raise ValidationError("The awards for this round have already been made.")
    fund = round.fund
    awards = []
    for row in pb_results(round).funded:
        project = row.project
        award = Award(
            fund=fund,
            recipient_organisation=project.organisation,
            recipient_partnership=None if project.organisation_id else round.area_board,
            title=project.title,
            purpose=(
                f"{project.description}\n\nChosen by residents' vote in {round.name} "
                f"({row.votes} votes; ward: {project.ward})."
            ).strip(),
            amount=project.cost,
            route=Award.Route.PARTICIPATORY,
            start_date=max(fund.year_start, timezone.localdate(round.voting_closes)),
            end_date=fund.year_end
            if fund.year_end >= timezone.localdate(round.voting_closes)
            else timezone.localdate(round.voting_closes),
        )
        award.full_clean()
        award._history_user = by
        award.save()
        award.outcomes.set(fund.outcomes.all())
        awards.append(award_approve(award=award, by=by))
    round.awarded_at = timezone.now()
    round._history_user = by
    round.save(update_fields=["awarded_at"])
    return awards
