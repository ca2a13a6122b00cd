"""Participatory budgeting: an Area Board's round of projects that residents vote on."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from .funds import MONEY, PENNY, Fund

# Codes avoid letters and digits people confuse (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_voter_code() -> str:
    """Ten characters from 31: about 2^49 codes, drawn with ``secrets`` so none can be guessed."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


CODE_HASH_SALT = "grants.VoterCode"


def hash_code(code: str, secret: str | None = None) -> str:
    """What the database keeps of a code: an HMAC keyed by SECRET_KEY, so someone who reads
    the table (a backup, the admin) cannot vote with the codes in it."""
    return salted_hmac(
        CODE_HASH_SALT, normalise_code(code), secret=secret, algorithm="sha256"
    ).hexdigest()


def code_hashes(code: str) -> list[str]:
    """The code's hash under the current key and any SECRET_KEY_FALLBACKS, so codes issued
    before a key rotation still work."""
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hash_code(code, secret) for secret in secrets_]


class PBRound(models.Model):
    class Rule(models.TextChoices):
        KNAPSACK = "knapsack", "Knapsack: choose projects up to the budget"
        APPROVAL = "approval", "Approval: choose up to k projects"

    name = models.CharField(max_length=200, unique=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pb_rounds")
    area_board = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="pb_rounds",
        help_text="The Area Board (or other partnership) that runs the round.",
    )
    budget = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    description = models.TextField(blank=True)
    voting_opens = models.DateTimeField()
    voting_closes = models.DateTimeField()
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.KNAPSACK)
    max_choices = models.PositiveSmallIntegerField(
        "k (most projects a voter may choose)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For the approval rule only.",
    )
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    awarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-voting_opens", "name"]
        verbose_name = "participatory budget round"
        constraints = [
            models.CheckConstraint(
                condition=Q(voting_closes__gt=F("voting_opens")),
                name="pb_round_closes_after_it_opens",
                violation_error_message="Voting must close after it opens.",
            ),
            models.CheckConstraint(
                condition=Q(budget__gt=0),
                name="pb_round_budget_positive",
                violation_error_message="The budget must be more than £0.",
            ),
            models.CheckConstraint(
                condition=Q(rule="knapsack") | Q(max_choices__gte=1),
                name="pb_round_approval_needs_k",
                violation_error_message="The approval rule needs k, the most projects to choose.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:round_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.voting_opens and self.voting_closes and self.voting_closes <= self.voting_opens:
            errors["voting_closes"] = "Voting must close after it opens."
        if self.rule == self.Rule.APPROVAL and not self.max_choices:
            errors["max_choices"] = "The approval rule needs k, the most projects to choose."
        if self.rule == self.Rule.KNAPSACK:
            self.max_choices = None
        if self.fund_id and self.budget and self.budget > self.fund.budget:
            errors["budget"] = (
                f"The round's budget is more than its fund's (£{self.fund.budget:,.2f})."
            )
        errors.update(self._fixed_once_voting_started())
        if errors:
            raise ValidationError(errors)

    def _fixed_once_voting_started(self) -> dict:
        """Ballots were cast under the round's rule and budget, and published results name its
        dates: changing them afterwards would change the count people voted in."""
        if not self.pk:
            return {}
        before = PBRound.objects.filter(pk=self.pk).first()
        if before is None:
            return {}
        fixed = ["voting_opens", "voting_closes"] if before.results_published_at else []
        if before.ballots.exists():
            fixed += ["fund", "budget", "rule", "max_choices"]
        return {
            name: "Ballots have been cast (or the results published), so this cannot change."
            for name in fixed
            if getattr(self, PBRound._meta.get_field(name).attname)
            != getattr(before, PBRound._meta.get_field(name).attname)
        }

    def voting_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.voting_opens <= now < self.voting_closes and not self.results_published_at

    @property
    def voting_state(self) -> str:
        now = timezone.now()
        if self.results_published_at:
            return "Results published"
        if now < self.voting_opens:
            return "Voting not yet open"
        if now < self.voting_closes:
            return "Voting open"
        return "Voting closed"

    @property
    def rule_statement(self) -> str:
        tie = "Ties in votes are broken by the lower cost, then by title in alphabetical order."
        if self.rule == self.Rule.APPROVAL:
            return (
                f"Approval voting: each voter chose up to {self.max_choices} eligible projects. "
                "Projects are ranked by votes; going down the ranking, each project is funded "
                f"if its cost still fits in what is left of the £{self.budget:,.0f} budget, "
                "otherwise it is passed over and the next one is tried. " + tie
            )
        return (
            "Knapsack voting: each voter chose any eligible projects whose costs together fit "
            f"within the £{self.budget:,.0f} budget. Projects are ranked by votes; going down "
            "the ranking, each project is funded if its cost still fits in what is left of "
            "the budget, otherwise it is passed over and the next one is tried. " + tie
        )


class PBProject(models.Model):
    round = models.ForeignKey(PBRound, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    cost = models.DecimalField(**MONEY, validators=[MinValueValidator(PENNY)])
    ward = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pb_projects",
        help_text="Who would deliver it (the award goes to them; else to the Area Board).",
    )
    eligible = models.BooleanField(
        null=True, blank=True, help_text="Screened as eligible? Empty until screened."
    )
    screening_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "title"]
        verbose_name = "participatory budget project"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "title"],
                name="pb_project_title_unique_in_round",
                violation_error_message="This round already has a project with that title.",
            ),
            models.CheckConstraint(
                condition=Q(cost__gt=0),
                name="pb_project_cost_positive",
                violation_error_message="The cost must be more than £0.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.round.get_absolute_url() + f"#project-{self.pk}"

    def clean(self):
        if self.round_id and self.cost and self.cost > self.round.budget:
            raise ValidationError({"cost": "The project costs more than the round's budget."})
        if self.round_id and self.round.ballots.exists():
            # The ballots were cast on this list: a project added, re-costed or re-screened
            # now would change a count already under way (or published).
            if not self.pk:
                raise ValidationError(
                    "Ballots have been cast in this round, so no more projects can be added."
                )
            before = PBProject.objects.get(pk=self.pk)
            errors = {
                name: "Ballots have been cast in this round, so this cannot change."
                for name in ("cost", "eligible")
                if getattr(self, name) != getattr(before, name)
            }
            if self.round_id != before.round_id:
                errors["cost"] = "A project cannot move to another round once voting started."
            if errors:
                raise ValidationError(errors)


class VoterCode(models.Model):
    """A one-time code. Only its hash is stored; the code itself is known when it is issued
    (``VoterCode.issue`` sets ``.code``), for the CSV officers download then and never again."""

    round = models.ForeignKey(PBRound, on_delete=models.CASCADE, related_name="voter_codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    batch = models.PositiveIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "batch", "pk"]

    def __str__(self):
        return f"Voter code in batch {self.batch}"

    @classmethod
    def issue(cls, **fields) -> "VoterCode":
        """A new, unsaved code with ``.code`` set to the code to hand to a resident."""
        code = new_voter_code()
        voter_code = cls(code_hash=hash_code(code), **fields)
        voter_code.code = code
        return voter_code


class Ballot(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    round = models.ForeignKey(PBRound, on_delete=models.CASCADE, related_name="ballots")
    voter_code = models.OneToOneField(
        VoterCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot",
        error_messages={"unique": "This voter code has already been used to vote."},
    )
    paper_reference = models.CharField(
        max_length=50, blank=True, help_text="The number on the paper ballot."
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    projects = models.ManyToManyField(PBProject, through="BallotChoice", related_name="ballots")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "cast_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "paper_reference"],
                condition=~Q(paper_reference=""),
                name="ballot_paper_reference_unique_in_round",
                violation_error_message="A paper ballot with this number is already entered.",
            ),
            models.CheckConstraint(
                condition=Q(voter_code__isnull=False) | ~Q(paper_reference=""),
                name="ballot_has_code_or_paper_number",
                violation_error_message="A ballot needs a voter code or a paper ballot number.",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} ballot"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(PBProject, on_delete=models.PROTECT, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "project"], name="ballot_choice_once_per_project"
            )
        ]

    def __str__(self):
        return str(self.project)
