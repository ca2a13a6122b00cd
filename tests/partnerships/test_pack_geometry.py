"""The running header and "Page x of y" footer are drawn once on every page, upright and at
their true size, whatever the page's size, orientation or the way its content is stored."""

import datetime
import io
import math
import zoneinfo

import pikepdf
import pytest
from django.core.files.base import ContentFile
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

from partnerships.models import AgendaItem, Appendix, Meeting, Report
from partnerships.packs import build_pack_pdf

from .factories import BoardFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
BOARD = "Geometry Test Board"
FONT_SIZE = 8.5


def _helvetica(pdf: pikepdf.Pdf) -> Dictionary:
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )


def _page(pdf, box, content: bytes, *, rotate: int = 0, resources=None) -> None:
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array(box),
        Contents=content if isinstance(content, pikepdf.Stream) else pdf.make_stream(content),
        Resources=resources or Dictionary(Font=Dictionary(F1=_helvetica(pdf))),
    )
    if rotate:
        page.Rotate = rotate
    pdf.pages.append(pikepdf.Page(page))


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def letter_landscape_pdf() -> bytes:
    pdf = pikepdf.new()
    for n in (1, 2):
        _page(pdf, [0, 0, 792, 612], f"BT /F1 14 Tf 72 300 Td (LANDSCAPE {n}) Tj ET".encode())
    return _save(pdf)


def rotated_pdf() -> bytes:
    """Letter portrait pages turned a quarter (/Rotate 90), one with its box off the origin,
    and the rotation inherited from the page tree."""
    pdf = pikepdf.new()
    _page(pdf, [0, 0, 612, 792], b"BT /F1 14 Tf 72 300 Td (ROTATED 1) Tj ET")
    _page(pdf, [30, 40, 642, 832], b"BT /F1 14 Tf 100 340 Td (ROTATED 2) Tj ET")
    pdf.Root.Pages.Rotate = 90
    return _save(pdf)


def shared_content_pdf() -> bytes:
    """Three A4 pages that share one content stream and one resources dictionary, and one
    that ends with its graphics state changed (a scale left in force)."""
    pdf = pikepdf.new()
    resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=_helvetica(pdf))))
    stream = pdf.make_stream(b"BT /F1 12 Tf 72 400 Td (SHARED CONTENT) Tj ET")
    for _ in range(3):
        _page(pdf, [0, 0, 595.28, 841.89], stream, resources=resources)
    _page(pdf, [0, 0, 595.28, 841.89], b"2 0 0 2 0 0 cm BT /F1 12 Tf 36 200 Td (SCALED) Tj ET")
    return _save(pdf)


@pytest.fixture
def pack():
    board = BoardFactory(name=BOARD, partnership__name="Geometry")
    meeting = Meeting.objects.create(
        board=board, start=datetime.datetime(2026, 11, 3, 10, 0, tzinfo=LONDON), venue="Hall"
    )
    report = Report.objects.create(
        title="Odd shapes",
        author="An Officer",
        status="cleared",
        finance_signoff="F",
        legal_signoff="L",
        summary="<p>Appendices of every shape.</p>",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Odd shapes", report=report)
    for order, (title, data) in enumerate(
        [
            ("Letter landscape", letter_landscape_pdf()),
            ("Rotated", rotated_pdf()),
            ("Shared content", shared_content_pdf()),
        ],
        start=1,
    ):
        appendix = Appendix(report=report, title=title, order=order)
        appendix.file.save(f"a{order}.pdf", ContentFile(data), save=True)
    pdf, pages = build_pack_pdf(meeting, restricted=False)
    return pdf, pages


def runs_on(page) -> list[dict]:
    """Each piece of text on the page: its words, where it starts in user space, its size
    on the page and the direction of its baseline."""
    runs = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(
            {
                "text": text.strip(),
                "x": x,
                "y": y,
                "size": size * math.hypot(a, b),
                "angle": round(math.degrees(math.atan2(b, a))) % 360,
            }
        )

    page.extract_text(visitor_text=visit)
    return runs


def displayed(page, x: float, y: float) -> tuple[float, float, float, float]:
    """A user-space point as the reader sees it (origin bottom left of the shown page), and
    the shown page's width and height."""
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    rotate = (page.get("/Rotate") or 0) % 360
    w, h = x1 - x0, y1 - y0
    if rotate == 90:
        return y - y0, x1 - x, h, w
    if rotate == 180:
        return x1 - x, y1 - y, w, h
    if rotate == 270:
        return y1 - y, x - x0, h, w
    return x - x0, y - y0, w, h


def test_every_page_has_one_upright_header_and_footer_at_its_true_size(pack):
    pdf, total = pack
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == total
    sizes = set()
    for number, page in enumerate(reader.pages, start=1):
        runs = runs_on(page)
        for run in runs:
            run["shown"] = displayed(page, run["x"], run["y"])
        width, height = runs[0]["shown"][2:]
        sizes.add((round(width), round(height)))
        # The top margin (2.4 cm) holds the header and nothing else.
        top = [r for r in runs if r["shown"][1] > height - 68]
        footer = [r for r in runs if r["text"].startswith("Page ")]
        assert sorted(r["text"] for r in top) == sorted([BOARD, "3 November 2026"]), number
        assert [r["text"] for r in footer] == [f"Page {number} of {total}"], number
        rotate = (page.get("/Rotate") or 0) % 360
        for run in footer + top:
            assert run["size"] == pytest.approx(FONT_SIZE, abs=0.01), (number, run)
            # Upright as shown: the baseline runs along the shown page's bottom edge.
            assert run["angle"] == rotate, (number, run)
        fx, fy = footer[0]["shown"][:2]
        (hx, hy), (dx, dy) = (
            next(r["shown"][:2] for r in top if r["text"] == text)
            for text in (BOARD, "3 November 2026")
        )
        # Inside the shown page, the header near its top and the footer near its bottom, the
        # footer centred, the board on the left and the date on the right.
        assert 0 < fy < 40 and height - 45 < hy < height - 30 and hy == pytest.approx(dy)
        assert width * 0.35 < fx < width * 0.5
        assert hx == pytest.approx(56.69, abs=0.5)
        assert width * 0.5 < dx < width - 56
    assert {(792, 612), (595, 842)} <= sizes  # landscape Letter (and the turned pages), A4


def test_pages_sharing_content_keep_their_own_text_once(pack):
    pdf, _ = pack
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    shared = [t for t in texts if "SHARED CONTENT" in t]
    assert len(shared) == 3
    assert all(t.count("SHARED CONTENT") == 1 and t.count("Page ") == 1 for t in shared)
    assert sum("LANDSCAPE" in t for t in texts) == 2
    assert sum("ROTATED" in t for t in texts) == 2


def test_a_page_that_leaves_its_graphics_state_changed_does_not_move_the_footer(pack):
    pdf, total = pack
    reader = PdfReader(io.BytesIO(pdf))
    page = next(p for p in reader.pages if "SCALED" in p.extract_text())
    footer = [r for r in runs_on(page) if r["text"].startswith("Page ")]
    assert len(footer) == 1 and footer[0]["size"] == pytest.approx(FONT_SIZE, abs=0.01)
    assert footer[0]["y"] == pytest.approx(31.1, abs=0.5)


def test_the_header_and_footer_are_pagination_artefacts(pack):
    pdf, _ = pack
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            artefacts, depth = [], 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                    if op == "BDC" and operands[0] == Name.Artifact:
                        artefacts.append(operands[1])
                elif op == "EMC":
                    depth -= 1
                elif op in ("Tj", "TJ") and depth == 0:
                    pytest.fail("text outside any marked content")
            kinds = {(str(a.get("/Type")), str(a.get("/Subtype"))) for a in artefacts}
            assert {("/Pagination", "/Header"), ("/Pagination", "/Footer")} <= kinds
