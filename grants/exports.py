"""The grants app's exports, made in the background: the CSV exports of its lists (see
portal.exports) and the 360Giving data (JSON and CSV) of every published award."""

import tempfile

from django.core.files import File
from django.db.models import Count
from django.utils import timezone

from portal.exports import CsvExport, CsvExportView, money, register
from portal.jobs import job_task
from portal.models import Job

from . import giving360
from .filters import AwardFilter, FundFilter, RoundFilter
from .models import Award, Fund, PBRound

register(
    CsvExport(
        name="grants.funds",
        title="Grant funds (CSV)",
        filename="grant-funds",
        rows=lambda _user: Fund.objects.for_list(),
        filterset_class=FundFilter,
        noun=("fund", "funds"),
        columns=[
            ("Name", lambda f: f.name),
            ("Financial year", lambda f: f.year_label),
            ("Funding organisation", lambda f: f.funder),
            ("Route", lambda f: f.get_route_display()),
            ("Status", lambda f: f.get_status_display()),
            ("Budget (£)", lambda f: f"{f.budget:.2f}"),
            (
                "Standard award (£)",
                lambda f: f"{f.standard_amount:.2f}" if f.standard_amount else "",
            ),
            ("Committed (£)", lambda f: f"{f.committed_total:.2f}"),
            ("Paid (£)", lambda f: f"{f.paid_total:.2f}"),
            ("Headroom (£)", lambda f: f"{f.headroom_total:.2f}"),
        ],
    )
)

register(
    CsvExport(
        name="grants.awards",
        title="Grant awards (CSV)",
        filename="grant-awards",
        rows=lambda user: Award.objects.visible_to(user).for_list().order_by("fund", "title", "pk"),
        filterset_class=AwardFilter,
        noun=("award", "awards"),
        columns=[
            ("Fund", lambda a: a.fund),
            ("Title", lambda a: a.title),
            ("Recipient", lambda a: a.recipient_name),
            ("Route", lambda a: a.get_route_display()),
            ("Status", lambda a: a.get_status_display()),
            ("Amount (£)", lambda a: f"{a.amount:.2f}"),
            ("Paid (£)", lambda a: f"{a.paid_total:.2f}"),
            ("Start date", lambda a: a.start_date),
            ("End date", lambda a: a.end_date),
            ("Recurring", lambda a: a.recurring),
            ("Approved on", lambda a: a.approved_on),
        ],
    )
)


def round_list_rows(user):
    """The participatory budgets list's rows (``RoundListView``)."""
    if not user.has_perm("grants.view_pb"):
        return PBRound.objects.none()
    return (
        PBRound.objects.select_related("fund", "area_board")
        .annotate(
            project_count=Count("projects", distinct=True),
            ballot_count=Count("ballots", distinct=True),
        )
        .order_by("-voting_opens", "name", "pk")
    )


register(
    CsvExport(
        name="grants.pb_rounds",
        title="Participatory budget rounds (CSV)",
        filename="participatory-budget-rounds",
        rows=round_list_rows,
        filterset_class=RoundFilter,
        noun=("round", "rounds"),
        columns=[
            ("Round", lambda r: r.name),
            ("Fund", lambda r: r.fund),
            ("Area board", lambda r: r.area_board),
            ("Budget (£)", lambda r: money(r.budget)),
            ("Counting rule", lambda r: r.get_rule_display()),
            ("Voting opens", lambda r: r.voting_opens),
            ("Voting closes", lambda r: r.voting_closes),
            ("Voting", lambda r: r.voting_state),
            ("Results published at", lambda r: r.results_published_at),
            ("Projects", lambda r: r.project_count),
            ("Ballots", lambda r: r.ballot_count),
        ],
    )
)


class RoundExportView(CsvExportView):
    permission_required = "grants.view_pb"
    export_name = "grants.pb_rounds"
    list_url_name = "grants:round_list"


GIVING360_TITLES = {"json": "360Giving data (JSON)", "csv": "360Giving data (CSV)"}


@job_task(soft_time_limit=15 * 60)
def giving360_export(job: Job) -> None:
    """Write the published awards as a 360Giving file through a temporary file (never whole in
    memory) and keep it with the job; the JSON is validated grant by grant as it is written."""
    fmt = job.params.get("format")
    if fmt not in giving360.FORMATS:
        raise ValueError("The 360Giving data comes as JSON or CSV.")
    user = job.created_by
    if user is None or not user.is_active or not user.has_perm("grants.export_funds"):
        raise ValueError("The person who asked for this file may no longer publish grants data.")
    write = giving360.write_json if fmt == "json" else giving360.write_csv
    with tempfile.TemporaryFile("w+b") as spool:
        count = write(spool)
        spool.seek(0)
        stamp = timezone.localdate().isoformat()
        job.file.save(f"360giving-{stamp}.{fmt}", File(spool), save=False)
    grants = f"{count:,} grant{'s' if count != 1 else ''}"
    job.message = (
        f"{grants} published, valid against the 360Giving {giving360.SCHEMA_RELEASE} schema."
        if fmt == "json"
        else f"{grants} published."
    )
