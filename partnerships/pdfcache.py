"""PDFs no request renders: made by a background job, then kept under a hash of their HTML
so the next reader gets the file at once (the handbook, a meeting's minutes).

A page offers the file when it has been made (``cached_response``), and otherwise a button
whose POST queues the job (``queue_once``: asking again while it waits shows the same job).
The job renders, or takes the file another job made meanwhile (``rendered``).
"""

import hashlib

from django.core.files.storage import default_storage
from django.http import FileResponse

from portal.jobs import job_start
from portal.models import Job
from portal.storage import save_atomically


def cache_name(folder: str, html: str) -> str:
    from .packs import RENDER_VERSION

    key = hashlib.sha256((RENDER_VERSION + html).encode()).hexdigest()
    return f"{folder}/{key}.pdf"


def cached(folder: str, html: str) -> str | None:
    """The stored PDF of ``html``, if it has been made."""
    name = cache_name(folder, html)
    return name if default_storage.exists(name) else None


def cached_response(folder: str, html: str, *, filename: str) -> FileResponse | None:
    name = cached(folder, html)
    if not name:
        return None
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        return None  # removed since it was looked for: make it again
    return FileResponse(handle, filename=filename, content_type="application/pdf")


def rendered(folder: str, html: str) -> bytes:
    """The PDF of ``html``: the kept file, or rendered now and kept."""
    from .packs import render_pdf

    name = cache_name(folder, html)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    pdf = render_pdf(html)
    save_atomically(name, pdf)
    return pdf


def queue_once(*, task, title: str, user, folder: str, html: str, params: dict) -> Job:
    """The job making this PDF for this reader: the one already waiting or running, or a new
    one (``params`` go to it, with the cache name it is to fill)."""
    wanted = cache_name(folder, html)
    job = (
        Job.objects.filter(
            task_name=task.name,
            created_by=user,
            status__in=[Job.Status.PENDING, Job.Status.RUNNING],
            params__cache=wanted,
        )
        .order_by("-created_at")
        .first()
    )
    return job or job_start(
        task=task, title=title, created_by=user, params={**params, "cache": wanted}
    )
