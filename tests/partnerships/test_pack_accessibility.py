"""Packs, and the other PDFs the portal renders, are tagged PDFs (PDF/UA-1) that the pdfua
checker passes; an appendix keeps its own tags, and one with none is flagged as not
accessible."""

import datetime
import io
import shutil
import subprocess
import zoneinfo

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pdfua import Severity, validate
from pikepdf import Array, Dictionary, Name

from partnerships.models import AgendaItem, Appendix, Meeting, Report
from partnerships.packs import build_pack_pdf, render_pdf

from .factories import BoardFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def tagged_pdf(text: str) -> bytes:
    return render_pdf(
        f"<html lang='en-GB'><head><title>{text}</title></head><body><h1>{text}</h1>"
        f"<p>{text} body.</p><p><a href='https://example.org/grants'>The grants page</a></p>"
        "</body></html>"
    )


def untagged_pdf(text: str) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for n in (1, 2):
        page = pikepdf.Page(
            Dictionary(
                Type=Name.Page,
                MediaBox=Array([0, 0, 595, 842]),
                Resources=Dictionary(Font=Dictionary(F1=font)),
                Contents=pdf.make_stream(f"BT /F1 12 Tf 72 700 Td ({text} {n}) Tj ET".encode()),
            )
        )
        pdf.pages.append(page)
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([72, 690, 200, 715]),
        A=Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org/scan")),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(link)]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def meeting():
    board = BoardFactory(name="Accessible Board", partnership__name="Accessible")
    meeting = Meeting.objects.create(
        board=board, start=datetime.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON), venue="Hall"
    )
    for number, exempt in ((1, False), (2, True)):
        report = Report.objects.create(
            title=f"Report {number}",
            author="An Officer",
            status="cleared",
            finance_signoff="F",
            legal_signoff="L",
            summary=f"<p>Summary {number}.</p>",
            recommendations="Agree the plan",
        )
        AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=f"Item {number}",
            report=report,
            exempt=exempt,
            exempt_paragraph=3 if exempt else None,
            exemption_reason="Commercial" if exempt else "",
        )
    report = Report.objects.get(title="Report 1")
    for order, (title, data) in enumerate(
        [("Tagged plan", tagged_pdf("TAGGED APPENDIX")), ("Scan", untagged_pdf("SCANNED"))],
        start=1,
    ):
        appendix = Appendix(report=report, title=title, order=order)
        appendix.file.save(f"a{order}.pdf", ContentFile(data), save=True)
    return meeting


def errors_of(pdf: bytes, tmp_path) -> list:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    return [f for f in report.findings if f.severity >= Severity.ERROR]


def elements(node, found=None):
    """Every structure element under ``node``."""
    found = [] if found is None else found
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        is_element = isinstance(kid, Dictionary) and "/S" in kid
        if is_element and kid.get("/Type", Name.StructElem) == Name.StructElem:
            found.append(kid)
            elements(kid, found)
    return found


@pytest.mark.parametrize("restricted", [False, True])
def test_the_pack_is_tagged_and_passes_the_checker(meeting, tmp_path, restricted):
    pdf, pages = build_pack_pdf(meeting, restricted=restricted)
    assert errors_of(pdf, tmp_path) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(root.Lang) == "en-GB"
        title = "Accessible Board: agenda pack, 6 October 2026" + (
            " (restricted)" if restricted else ""
        )
        assert str(doc.docinfo["/Title"]) == title
        meta = doc.open_metadata()
        assert meta["dc:title"] == title and meta["pdfuaid:part"] == "1"
        with doc.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles[:3] == ["Cover", "Agenda", "1. Item 1"]
        tree = elements(root.StructTreeRoot)
        assert str(root.StructTreeRoot.K[0].S) == "/Document"
        # Every page's marked content has its parents in the one parent tree.
        nums = root.StructTreeRoot.ParentTree.Nums
        keys = {int(nums[n]) for n in range(0, len(nums), 2)}
        for page in doc.pages:
            assert int(page.obj.StructParents) in keys
            for annot in page.obj.get("/Annots", ()):
                assert str(annot.get("/Contents", "")).strip()
                if annot.get("/Subtype") == Name.Link:
                    assert int(annot.StructParent) in keys
        # The tagged appendix keeps its own heading and paragraphs; the untagged one is a
        # figure per page that says it cannot be read out.
        sections = [str(e.T) for e in tree if Name.Part == e.S and "/T" in e]
        assert "Appendix A: Tagged plan" in sections and "Appendix B: Scan" in sections
        tagged = next(e for e in tree if str(e.get("/T", "")) == "Appendix A: Tagged plan")
        assert {"/H1", "/P"} <= {str(e.S) for e in elements(tagged)}
        figures = [e for e in tree if Name.Figure == e.S and "Scan" in str(e.get("/Alt", ""))]
        assert len(figures) == 2
        assert "without tags" in str(figures[0].Alt)
    if shutil.which("qpdf"):
        path = tmp_path / "pack.pdf"
        path.write_bytes(pdf)
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


def test_an_untagged_appendix_is_flagged_at_upload_and_on_the_report_page(
    meeting, administrator, client_for
):
    tagged, scan = Appendix.objects.order_by("order")
    assert tagged.tagged is True and scan.tagged is False
    response = client_for(administrator).get(
        reverse("partnerships:report_detail", args=[scan.report_id])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Not accessible") == 1
    assert "Appendix B: Scan" in page.split("Not accessible")[0].rsplit("<li>", 1)[1]
    # The meeting page says so too, beside the report, for the officer building the pack.
    meeting_page = client_for(administrator).get(scan.report.agenda_item.meeting.get_absolute_url())
    text = meeting_page.content.decode()
    assert text.count("Not accessible") == 1
    assert "Appendix B has no tags for screen readers" in text


def test_a_supplement_is_tagged(meeting, tmp_path):
    item = meeting.items.get(number=1)
    pdf, _ = build_pack_pdf(
        meeting,
        restricted=False,
        supplement={"number": 1, "items": [item.pk], "lateness_reason": "Late figures"},
    )
    assert errors_of(pdf, tmp_path) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        title = "Accessible Board: supplementary pack 1, 6 October 2026"
        assert str(doc.docinfo["/Title"]) == title
        assert doc.open_metadata()["dc:title"] == title


def test_the_handbook_pdf_is_tagged(tmp_path):
    html = render_to_string(
        "compact/pdf/handbook.html", {"sections": [], "printed": timezone.localdate()}
    )
    pdf = render_pdf(html)
    assert errors_of(pdf, tmp_path) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(doc.docinfo["/Title"]) == "Agreement and Protocols"
