"""A round's scorecard: ratings counted by code and by sector, with % met, and the findings
from the portal's own records for the round's period beside them."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from .checks import Finding, findings_for
from .models import SECTOR_OF, AssessmentRound, Code, Commitment, Rating, Sector

VALUES = [value for value, _ in Rating.Value.choices]


@dataclass
class Row:
    label: str
    anchor: str = ""
    counts: Counter = field(default_factory=Counter)
    findings: int = 0

    @property
    def cells(self) -> list[int]:
        return [self.counts[v] for v in VALUES]

    @property
    def rated(self) -> int:
        """Ratings that count towards % met: not-applicable ones do not."""
        return sum(self.counts[v] for v in VALUES if v != Rating.Value.NOT_APPLICABLE)

    @property
    def percent_met(self) -> int | None:
        return round(100 * self.counts[Rating.Value.MET] / self.rated) if self.rated else None


@dataclass
class Scorecard:
    round: AssessmentRound
    by_code: list[Row]
    by_sector: list[Row]
    total: Row
    findings: list[Finding]
    headings: list[str]


def scorecard(round: AssessmentRound) -> Scorecard:
    """In a fixed number of queries, whatever the number of organisations and ratings."""
    ratings = Rating.objects.filter(assessment__round=round)
    by_code = {
        code.pk: Row(label=str(code), anchor=f"code-{code.number}")
        for code in Code.objects.filter(compact_id=round.compact_id).order_by("number")
    }
    for row in ratings.values("commitment__code_id", "value").annotate(n=Count("pk")):
        by_code[row["commitment__code_id"]].counts[row["value"]] += row["n"]
    by_sector = {
        Sector.PUBLIC: Row(label="Public sector"),
        Sector.VCFS: Row(label="Voluntary, community and faith sector"),
    }
    for row in ratings.values("assessment__organisation__sector", "value").annotate(n=Count("pk")):
        sector = SECTOR_OF.get(row["assessment__organisation__sector"])
        if sector:
            by_sector[sector].counts[row["value"]] += row["n"]
    # Only what happened in the round's period: a 2009/10 self-assessment is not marked down
    # for a payment that fell due in 2017.
    findings = [
        f
        for f in findings_for(round.compact)
        if f.when is None or round.period_start <= f.when <= round.period_end
    ]
    shared = Row(label="Shared commitments (findings only)")
    for finding in findings:
        commitment = finding.commitment
        if commitment.code_id in by_code:
            by_code[commitment.code_id].findings += 1
        if commitment.whose == Commitment.Whose.SHARED:
            shared.findings += 1
        else:
            by_sector[commitment.whose].findings += 1
    total = Row(label="All codes")
    for row in by_code.values():
        total.counts.update(row.counts)
    total.findings = len(findings)
    sectors = list(by_sector.values()) + ([shared] if shared.findings else [])
    return Scorecard(
        round=round,
        by_code=list(by_code.values()),
        by_sector=sectors,
        total=total,
        findings=findings,
        headings=[label for _, label in Rating.Value.choices],
    )
