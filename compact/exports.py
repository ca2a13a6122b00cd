"""The compact app's CSV exports (see portal.exports)."""

from portal.exports import CsvExport, register

from .filters import BreachFilter
from .models import Breach


def _breaches(user):
    if not user.has_perm("compact.export_breaches"):
        return Breach.objects.none()
    return Breach.objects.for_log()


register(
    CsvExport(
        name="compact_breaches",
        title="Compact breaches (CSV)",
        filename="compact-breaches",
        rows=_breaches,
        filterset_class=BreachFilter,
        noun=("breach", "breaches"),
        columns=[
            ("Compact", lambda b: b.compact.name),
            ("Code", lambda b: b.commitment.code.title),
            ("Commitment", lambda b: f"{b.commitment.reference} {b.commitment.text}"),
            ("Raised by", lambda b: b.raised_by.name),
            ("Against", lambda b: b.against.name),
            ("Raised on", lambda b: b.raised_on),
            ("Stage", lambda b: b.get_stage_display()),
            ("What happened", lambda b: b.what_happened),
            ("Outcome", lambda b: b.outcome),
            ("Resolved on", lambda b: b.closed_on),
        ],
    )
)
