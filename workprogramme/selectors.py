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
    other_versions: int = 0  # records scored on another version of the matrix

    @property
    def levels(self):
        return list(self.matrix.levels_by_rank().values())


def _drawn_on(default_matrix_id: int, scored: dict) -> tuple[RiskMatrix, dict, int]:
    """The matrix a heat map is coloured by, its counts by cell, and how many records were
    scored on another version. ``scored`` maps (matrix id, likelihood, impact) to a number.

    Records keep the level of the version they were scored on, so when they all share one
    version the map is drawn on it (a later threshold change does not recolour them); only a
    mix of versions is drawn on the current one, saying how many were scored otherwise."""
    used = {matrix_id for matrix_id, _, _ in scored}
    matrix_id = used.pop() if len(used) == 1 else default_matrix_id
    counts: dict = {}
    other = 0
    for (scored_on, likelihood, impact), n in scored.items():
        counts[likelihood, impact] = counts.get((likelihood, impact), 0) + n
        if scored_on != matrix_id:
            other += n
    matrix = RiskMatrix.objects.prefetch_related("levels").get(pk=matrix_id)
    return matrix, counts, other


def heat_map(
    matrix: RiskMatrix, counts: dict, *, noun: str, url=None, other_versions: int = 0
) -> HeatMap:
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
        other_versions=other_versions,
    )


def task_heat_map(programme, *, url=None, tasks=None) -> HeatMap:
    """The programme's tasks by their latest assessment, coloured by the matrix version they
    were scored on (see ``_drawn_on``). ``tasks`` narrows them (a filtered list)."""
    tasks = Task.objects.filter(programme=programme) if tasks is None else tasks
    scored = {
        (
            row["current_assessment__matrix"],
            row["current_assessment__likelihood"],
            row["current_assessment__impact"],
        ): row["n"]
        for row in tasks.filter(current_assessment__isnull=False)
        .values(
            "current_assessment__matrix",
            "current_assessment__likelihood",
            "current_assessment__impact",
        )
        .annotate(n=Count("pk"))
        .order_by()
    }
    matrix, counts, other = _drawn_on(programme.matrix_id, scored)
    return heat_map(matrix, counts, noun="tasks", url=url, other_versions=other)


def risk_heat_map(log, *, url=None) -> HeatMap:
    """The log's open risks by their residual likelihood and impact, coloured by the matrix
    version they were scored on (see ``_drawn_on``)."""
    scored = {
        (row["matrix"], row["residual_likelihood"], row["residual_impact"]): row["n"]
        for row in log.risks.filter(status="open")
        .values("matrix", "residual_likelihood", "residual_impact")
        .annotate(n=Count("pk"))
        .order_by()
    }
    matrix, counts, other = _drawn_on(log.matrix_id, scored)
    return heat_map(matrix, counts, noun="open risks", url=url, other_versions=other)


def priority_table(programme) -> list[Task]:
    """Document 003's appendix: every task in number order with its level and comments."""
    return list(programme.tasks.select_related("current_assessment__level").order_by("number"))
