import csv
import tempfile

from django.core.files import File
from django.utils import timezone

from portal.jobs import job_task
from portal.models import Job

from .filters import OrganisationFilter
from .models import Organisation

SECTORS = dict(Organisation.Sector.choices)
KINDS = dict(Organisation.Kind.choices)

CSV_COLUMNS = [
    ("Name", lambda o: o.name),
    ("Sector", lambda o: SECTORS.get(o.sector, o.sector)),
    ("Kind", lambda o: KINDS.get(o.kind, o.kind)),
    ("Charity number", lambda o: o.charity_number),
    ("Company number", lambda o: o.company_number),
    ("Organisation identifier", lambda o: o.org_id),
    ("Address", lambda o: o.address.replace("\r\n", ", ").replace("\n", ", ")),
    ("Website", lambda o: o.website),
    ("Active", lambda o: "Yes" if o.active else "No"),
]


def spreadsheet_safe(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@job_task(soft_time_limit=300)
def organisations_export(job: Job) -> None:
    """The organisation list, as the person filtered it and as they may see it, in CSV."""
    user = job.created_by
    queryset = (
        Organisation.objects.visible_to(user).for_list() if user else Organisation.objects.none()
    )
    filterset = OrganisationFilter(job.params.get("filters", {}), queryset=queryset)
    if not filterset.is_valid():
        raise ValueError(f"The filters are not valid: {filterset.errors.as_text()}")
    rows = filterset.qs
    count = 0
    with tempfile.TemporaryFile("w+b") as spool:
        text = _TextWriter(spool)
        writer = csv.writer(text)
        writer.writerow([heading for heading, _ in CSV_COLUMNS])
        for organisation in rows.iterator(chunk_size=2000):
            writer.writerow([spreadsheet_safe(str(get(organisation))) for _, get in CSV_COLUMNS])
            count += 1
        spool.seek(0)
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        job.file.save(f"partner-organisations-{stamp}.csv", File(spool), save=False)
    job.message = f"{count} organisation{'s' if count != 1 else ''} exported."


class _TextWriter:
    """csv.writer wants text; the file is binary so Django can store it as it is (UTF-8 BOM
    first, so Excel opens accented names correctly)."""

    def __init__(self, raw):
        self.raw = raw
        raw.write(b"\xef\xbb\xbf")

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))
