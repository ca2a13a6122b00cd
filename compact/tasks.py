"""Background work of the compact app: the handbook PDF, rendered off the request."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships import pdfcache
from portal.jobs import job_task
from portal.models import Job

# Rendered handbooks, by the hash of their HTML: every worker and web process shares them.
HANDBOOK_CACHE = "handbook-pdf"
HANDBOOK_FILENAME = "agreement-and-protocols.pdf"


def handbook_html() -> str:
    """The endorsed handbook as the HTML the PDF is made from (the same for everyone: only
    endorsed versions go into it)."""
    from django.contrib.auth.models import AnonymousUser

    from .views.handbook import handbook_sections

    sections = [s for s in handbook_sections(AnonymousUser()) if s.current]
    return render_to_string(
        "compact/pdf/handbook.html", {"sections": sections, "printed": timezone.localdate()}
    )


def handbook_cache_name(html: str) -> str:
    return pdfcache.cache_name(HANDBOOK_CACHE, html)


@job_task(soft_time_limit=300)
def handbook_pdf_build(job: Job) -> None:
    """Render the handbook as it is now, keep it in the cache for the next reader and attach
    it to the job for the one who asked."""
    pdf = pdfcache.rendered(HANDBOOK_CACHE, handbook_html())
    job.file.save(HANDBOOK_FILENAME, ContentFile(pdf), save=False)
    job.message = "The handbook PDF is ready."
