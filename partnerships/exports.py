"""The partnerships app's CSV exports (see portal.exports)."""

from portal.exports import CsvExport, register

from .filters import OrganisationFilter, PartnershipFilter
from .models import Organisation, Partnership


def _address(o):
    return o.address.replace("\r\n", ", ").replace("\n", ", ")


register(
    CsvExport(
        name="organisations",
        title="Partner organisations (CSV)",
        filename="partner-organisations",
        rows=lambda user: Organisation.objects.visible_to(user).for_list(),
        filterset_class=OrganisationFilter,
        noun=("organisation", "organisations"),
        columns=[
            ("Name", lambda o: o.name),
            ("Sector", lambda o: o.get_sector_display()),
            ("Kind", lambda o: o.get_kind_display()),
            ("Charity number", lambda o: o.charity_number),
            ("Company number", lambda o: o.company_number),
            ("Organisation identifier", lambda o: o.org_id),
            ("Address", _address),
            ("Website", lambda o: o.website),
            ("Active", lambda o: o.active),
        ],
    )
)

register(
    CsvExport(
        name="partnerships",
        title="Partnership register (CSV)",
        filename="partnership-register",
        rows=lambda user: Partnership.objects.for_register(user),
        filterset_class=PartnershipFilter,
        noun=("partnership", "partnerships"),
        columns=[
            ("Name", lambda p: p.name),
            ("Kind", lambda p: p.get_kind_display()),
            ("Status", lambda p: p.get_status_display()),
            ("Accountable to", lambda p: p.accountable_to),
            ("Accountable body", lambda p: p.accountable_body),
            ("Lead officer", lambda p: p.lead_officer),
            ("Geography", lambda p: p.geography),
            ("Start date", lambda p: p.start_date),
            ("End date", lambda p: p.end_date),
            ("Resources this financial year (£)", lambda p: f"{p.current_resources:.2f}"),
            ("Needs a risk assessment", lambda p: p.needs_risk_assessment),
            ("Value-for-money review due", lambda p: p.next_review_due),
            ("Review overdue", lambda p: p.review_overdue),
        ],
    )
)
