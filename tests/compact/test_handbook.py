"""The Agreement and Protocols handbook: versions, one endorsed at a time, differences, PDF."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from compact.models import SectionVersion

from ..partnerships.factories import BoardFactory
from .factories import SectionFactory, VersionFactory
from .test_handbook_pdf import fetch_pdf

pytestmark = pytest.mark.django_db

S = SectionVersion.Status


def post_consult(client, version):
    return client.post(reverse("compact:version_consult", args=[version.pk]), follow=True)


def test_a_second_endorsed_version_supersedes_the_first(client_for, officer, world):
    from partnerships.models import Meeting

    meeting = Meeting.objects.create(
        board=BoardFactory(name="West Cheshire Together"),
        start=datetime.datetime(2009, 7, 30, 10, tzinfo=datetime.UTC),
        venue="County Hall, Chester",
    )
    client = client_for(officer)
    draft, endorsed = world["draft"], world["endorsed"]
    assert "is out to consultation" in post_consult(client, draft).content.decode()
    response = client.post(
        reverse("compact:version_endorse", args=[draft.pk]),
        {"endorsed_on": "2009-10-01", "meeting": meeting.pk},
        follow=True,
    )
    assert "the version endorsed before it is superseded" in response.content.decode()
    draft.refresh_from_db()
    endorsed.refresh_from_db()
    assert (draft.status, endorsed.status) == (S.ENDORSED, S.SUPERSEDED)
    assert draft.endorsed_at == meeting
    assert SectionVersion.objects.filter(section=world["section"], status=S.ENDORSED).count() == 1
    page = client.get(reverse("compact:handbook")).content.decode()
    assert "lawfully and securely" in page
    assert meeting.get_absolute_url() in page  # endorsed at, linked


def test_the_database_never_holds_two_endorsed_versions(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionFactory(
            section=world["section"], number=3, status=S.ENDORSED, endorsed_on=timezone.localdate()
        )


def test_only_a_version_out_to_consultation_is_endorsed(client_for, officer, world):
    client = client_for(officer)
    response = client.post(
        reverse("compact:version_endorse", args=[world["draft"].pk]),
        {"endorsed_on": "2009-10-01"},
        follow=True,
    )
    assert "a version is endorsed after it has been out to consultation" in (
        response.content.decode()
    )
    world["draft"].refresh_from_db()
    assert world["draft"].status == S.DRAFT


def test_endorsed_text_is_kept_and_new_versions_start_from_it(client_for, officer, world):
    client = client_for(officer)
    edit = client.get(reverse("compact:version_edit", args=[world["endorsed"].pk]), follow=True)
    assert "An endorsed or superseded version keeps its text." in edit.content.decode()
    url = reverse("compact:version_add", args=[world["section"].pk])
    assert "lawfully and securely" in client.get(url).content.decode()  # from the latest
    response = client.post(
        url,
        {
            "content": "<p>Share lawfully.</p><script>alert(1)</script>",
            "change_note": "Shorter",
        },
    )
    new = SectionVersion.objects.get(number=3)
    assert response.url == new.get_absolute_url()
    assert new.status == S.DRAFT and new.content == "<p>Share lawfully.</p>"  # sanitised


def test_differences_between_two_versions(client_for, board_member, world):
    url = reverse("compact:version_diff", args=[world["section"].pk])
    page = client_for(board_member).get(url, {"from": 1, "to": 2}).content.decode()
    assert '<ins><span class="visually-hidden">[added: </span>lawfully and securely.' in page
    assert '<del><span class="visually-hidden">[removed: </span>lawfully.' in page
    assert client_for(board_member).get(url, {"from": "x"}).status_code == 404
    assert client_for(board_member).get(url, {"from": 99}).status_code == 404


def test_partners_compare_only_endorsed_versions(client_for, partner_contact, world):
    url = reverse("compact:version_diff", args=[world["section"].pk])
    client = client_for(partner_contact)
    assert client.get(url, {"from": 1, "to": 2}).status_code == 404
    assert "nothing to compare" in client.get(url).content.decode()


def test_the_handbook_pdf_holds_the_endorsed_sections(
    client_for, partner_contact, world, tmp_path, django_capture_on_commit_callbacks
):
    other = SectionFactory(number=2, title="Equality and Diversity statement")
    VersionFactory(section=other, number=1, status=S.CONSULTATION, content="<p>Draft text.</p>")
    content = fetch_pdf(client_for(partner_contact), django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Information Sharing Protocol" in text
    assert "Partners share information lawfully." in text
    assert "Equality and Diversity" not in text  # not endorsed yet
    assert len(reader.pages) == 2  # contents, then the one section
    if shutil.which("pdftoppm"):
        pdf = tmp_path / "handbook.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True
        )
        pages = sorted(tmp_path.glob("page*.png"))
        assert len(pages) == 2 and pages[0].read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("role", ["partner_contact", "board_member", "no_role_user"])
def test_only_officers_move_versions_on(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    draft = world["draft"]
    # A board member reads drafts and the rounds (403); the others may not see them (404).
    refused = 403 if role == "board_member" else 404
    assert client.post(reverse("compact:version_consult", args=[draft.pk])).status_code == refused
    response = client.post(
        reverse("compact:version_endorse", args=[draft.pk]), {"endorsed_on": "2009-10-01"}
    )
    assert response.status_code == refused
    gaps = reverse("compact:round_gaps", args=[world["round"].pk])
    assert client.post(gaps).status_code == refused
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_version_actions_are_posted_and_missing_versions_are_404(client_for, officer, world):
    client = client_for(officer)
    assert (
        client.get(reverse("compact:version_consult", args=[world["draft"].pk])).status_code == 405
    )
    assert client.post(reverse("compact:version_consult", args=[99999])).status_code == 404


def test_the_pdf_contents_number_sections_as_their_headings_do(
    client_for, officer, world, django_capture_on_commit_callbacks
):
    section = world["section"]
    section.number = 3
    section.save()
    content = fetch_pdf(client_for(officer), django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(content))
    contents, first = (page.extract_text() for page in reader.pages[:2])
    assert "3. Information Sharing Protocol" in contents
    assert "1. Information Sharing Protocol" not in contents
    assert "3. Information Sharing Protocol" in first


def test_text_edited_in_the_admin_is_sanitised_before_everyone_reads_it(
    client_for, administrator, world
):
    draft = world["draft"]
    url = reverse("admin:compact_sectionversion_change", args=[draft.pk])
    response = client_for(administrator).post(
        url,
        {
            "section": world["section"].pk,
            "number": draft.number,
            "status": "draft",
            "content": '<p onclick="steal()">Share lawfully.</p><script>alert(1)</script>',
            "change_note": "",
            "endorsed_on": "",
            "endorsed_at": "",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content == "<p>Share lawfully.</p>"


def test_an_older_version_cannot_replace_a_newer_endorsed_one(client_for, officer, world):
    # Version 1 is endorsed; version 2 goes out to consultation and is endorsed; version 1's
    # text must not come back by endorsing an older draft that was left out to consultation.
    client = client_for(officer)
    section = world["section"]
    stale = world["endorsed"]
    stale.number = 5  # keep its pk; make room for an older one
    stale.save()
    older = VersionFactory(section=section, number=4, status=S.CONSULTATION)
    response = client.post(
        reverse("compact:version_endorse", args=[older.pk]),
        {"endorsed_on": "2009-10-01"},
        follow=True,
    )
    assert "older than version 5, which is endorsed" in response.content.decode()
    older.refresh_from_db()
    stale.refresh_from_db()
    assert (older.status, stale.status) == (S.CONSULTATION, S.ENDORSED)
