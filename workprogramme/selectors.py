"""Reads shared by pages, exports and report sections: heat maps and the priority table."""

from dataclasses import dataclass, field

from django.db.models import Count

from .models import RiskMatrix, Task


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    count: int
    level: object
    url: str = ""


@dataclass
class HeatRow:
    likelihood: int
    label: str
    cells: list[HeatCell] = field(default_factory=list)


@dataclass
class HeatMap:
    """Likelihood (rows, highest first) × impact (columns): how many records sit in each
    cell, with the cell's level on ``matrix`` (colour and name)."""

    matrix: RiskMatrix
    noun: str
    rows: list[HeatRow]
    impact_labels: list[tuple[int, str]]
    total: int
    outside: int  # records scored on a scale this matrix does not have

    @property
    def levels(self):
        return list(self.matrix.levels_by_rank().values())


def heat_map(matrix: RiskMatrix, counts: dict, *, noun: str, url=None) -> HeatMap:
    """``counts`` maps (likelihood, impact) to a number; ``url(l, i)`` gives a cell's link."""
    rows = []
    placed = 0
    for likelihood in range(matrix.likelihood_scale, 0, -1):
        row = HeatRow(likelihood, matrix.likelihood_labels[likelihood - 1])
        for impact in range(1, matrix.impact_scale + 1):
            n = counts.get((likelihood, impact), 0)
            placed += n
            row.cells.append(
                HeatCell(
                    likelihood,
                    impact,
                    n,
                    matrix.level_for(likelihood, impact),
                    url(likelihood, impact) if (url and n) else "",
                )
            )
        rows.append(row)
    total = sum(counts.values())
    return HeatMap(
        matrix=matrix,
        noun=noun,
        rows=rows,
        impact_labels=list(enumerate(matrix.impact_labels, start=1)),
        total=total,
        outside=total - placed,
    )


def task_heat_map(programme, *, url=None) -> HeatMap:
    """The programme's tasks by their latest assessment, on the programme's matrix."""
    counts = {
        (row["current_assessment__likelihood"], row["current_assessment__impact"]): row["n"]
        for row in Task.objects.filter(programme=programme, current_assessment__isnull=False)
        .values("current_assessment__likelihood", "current_assessment__impact")
        .annotate(n=Count("pk"))
        .order_by()
    }
    matrix = RiskMatrix.objects.prefetch_related("levels").get(pk=programme.matrix_id)
    return heat_map(matrix, counts, noun="tasks", url=url)


def risk_heat_map(log, *, url=None) -> HeatMap:
    """The log's open risks by their residual likelihood and impact."""
    counts = {
        (row["residual_likelihood"], row["residual_impact"]): row["n"]
        for row in log.risks.filter(status="open")
        .values("residual_likelihood", "residual_impact")
        .annotate(n=Count("pk"))
        .order_by()
    }
    matrix = RiskMatrix.objects.prefetch_related("levels").get(pk=log.matrix_id)
    return heat_map(matrix, counts, noun="open risks", url=url)


def priority_table(programme) -> list[Task]:
    """Document 003's appendix: every task in number order with its level and comments."""
    return list(programme.tasks.select_related("current_assessment__level").order_by("number"))
