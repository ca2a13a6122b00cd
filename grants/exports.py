"""The grants app's CSV exports (see portal.exports)."""

from portal.exports import CsvExport, register

from .filters import AwardFilter, FundFilter
from .models import Award, Fund

register(
    CsvExport(
        name="grants.funds",
        title="Grant funds (CSV)",
        filename="grant-funds",
        rows=lambda user: Fund.objects.for_list(),
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
