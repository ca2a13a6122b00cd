"""CSV exports of filtered lists, made in the background.

An app registers an export (what rows the user may see, the FilterSet, the columns) and
points a ``CsvExportView`` at it; the job re-applies the user's filters and visibility when it
runs, so an export holds exactly the list the person was looking at.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.files import File
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from .jobs import job_start, job_task
from .models import Job
from .views import PermissionMixin


@dataclass(frozen=True)
class CsvExport:
    name: str
    title: str
    filename: str
    rows: Callable  # rows(user) -> the queryset this user may export, before filters
    filterset_class: type
    columns: list[tuple[str, Callable]]
    noun: tuple[str, str] = ("row", "rows")


EXPORTS: dict[str, CsvExport] = {}


def register(export: CsvExport) -> CsvExport:
    EXPORTS[export.name] = export
    return export


def spreadsheet_safe(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def money(value) -> Decimal | None:
    """An amount for a CSV column: pounds and pence as a plain decimal (1234.50)."""
    if value is None or value == "":
        return None
    return Decimal(value).quantize(Decimal("0.01"))


def _cell(value) -> str:
    """One value as the CSV holds it: dates in ISO form (YYYY-MM-DD), date-times in ISO 8601
    in UK time, amounts as plain decimals (1234.50: never "1E+3", no £ or commas)."""
    if value is None:
        return ""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return spreadsheet_safe(str(value))


class _Utf8Writer:
    """csv.writer wants text; the file is binary so Django stores it as it is, with a UTF-8
    byte-order mark first so that Excel opens accented names correctly."""

    def __init__(self, raw):
        self.raw = raw
        raw.write(b"\xef\xbb\xbf")

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))


@job_task(soft_time_limit=300)
def csv_export(job: Job) -> None:
    export = EXPORTS.get(job.params.get("export", ""))
    if export is None:
        raise ValueError("This kind of export no longer exists.")
    user = job.created_by
    if user is None:
        raise ValueError("The person who asked for this export no longer has an account.")
    filterset = export.filterset_class(job.params.get("filters", {}), queryset=export.rows(user))
    if not filterset.is_valid():
        raise ValueError(f"The filters are not valid: {filterset.errors.as_text()}")
    count = 0
    with tempfile.TemporaryFile("w+b") as spool:
        writer = csv.writer(_Utf8Writer(spool))
        writer.writerow([heading for heading, _ in export.columns])
        for row in filterset.qs.iterator(chunk_size=2000):
            writer.writerow([_cell(get(row)) for _, get in export.columns])
            count += 1
        spool.seek(0)
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        job.file.save(f"{export.filename}-{stamp}.csv", File(spool), save=False)
    job.message = f"{count} {export.noun[0] if count == 1 else export.noun[1]} exported."


class CsvExportView(PermissionMixin, View):
    """POST the list's filters here: queues the export and shows its job page."""

    export_name: str
    list_url_name: str

    def post(self, request):
        export = EXPORTS[self.export_name]
        filters = {
            key: request.POST[key]
            for key in export.filterset_class.base_filters
            if request.POST.get(key, "").strip()
        }
        filterset = export.filterset_class(filters, queryset=export.rows(request.user).none())
        if not filterset.is_valid():
            messages.error(
                request,
                "Nothing was exported: correct the filters first ("
                + "; ".join(f"{f}: {' '.join(e)}" for f, e in filterset.errors.items())
                + ").",
            )
            # The filters as the form kept them: without characters it refused.
            return redirect(f"{reverse(self.list_url_name)}?{urlencode(filterset.form.data)}")
        job = job_start(
            task=csv_export,
            title=export.title,
            created_by=request.user,
            params={"export": export.name, "filters": filters},
        )
        return redirect(job)
