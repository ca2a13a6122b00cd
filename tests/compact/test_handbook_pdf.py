"""The handbook PDF goes through the job queue, or comes from the cache: no request renders
it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from compact.tasks import handbook_cache_name, handbook_html
from portal.models import Job

pytestmark = pytest.mark.django_db


def fetch_pdf(client, django_capture_on_commit_callbacks) -> bytes:
    """Ask for the handbook PDF as a reader does: "Make the PDF" queues a job (run here
    in-process) whose page offers the file; the job's download is the PDF."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compact:handbook_pdf"))
    assert response.status_code == 302
    job = Job.objects.get(pk=response.url.split("/")[-2])
    assert job.status == Job.Status.DONE, job.message
    download = client.get(reverse("job_download", args=[job.pk]))
    return b"".join(download.streaming_content)


def test_the_handbook_pdf_request_queues_a_job_that_makes_the_pdf(
    client_for, partner_contact, world, monkeypatch, django_capture_on_commit_callbacks
):
    import partnerships.packs

    client = client_for(partner_contact)
    rendered = []
    real_render = partnerships.packs.render_pdf

    def counting_render(html):
        rendered.append(html)
        return real_render(html)

    monkeypatch.setattr(partnerships.packs, "render_pdf", counting_render)
    # Opening the link writes nothing: it offers to make the PDF.
    offer = client.get(reverse("compact:handbook_pdf"))
    assert offer.status_code == 200 and "Make the PDF" in offer.content.decode()
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("compact:handbook_pdf"))
    # The request itself rendered nothing: it queued a job and shows its page.
    assert response.status_code == 302 and rendered == []
    job = Job.objects.get(pk=response.url.split("/")[-2])
    assert job.status == Job.Status.PENDING and job.created_by == partner_contact
    assert len(queued) == 1
    # Asking again while it waits shows the same job, not a second one.
    assert client.post(reverse("compact:handbook_pdf")).url == response.url

    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert len(rendered) == 1
    pdf = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Information Sharing Protocol" in text

    # The next reader gets the cached file at once, and nothing is rendered again.
    cached = client.get(reverse("compact:handbook_pdf"))
    assert cached.status_code == 200 and cached["Content-Type"] == "application/pdf"
    assert b"".join(cached.streaming_content) == pdf
    assert len(rendered) == 1


def test_a_new_endorsed_text_is_rendered_afresh(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    before = handbook_cache_name(handbook_html())
    fetch_pdf(client, django_capture_on_commit_callbacks)
    section = world["section"]
    section.title = "Information Sharing Protocol (revised)"
    section.save()
    assert handbook_cache_name(handbook_html()) != before
    pdf = fetch_pdf(client, django_capture_on_commit_callbacks)  # a job again, not the old file
    assert "(revised)" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
