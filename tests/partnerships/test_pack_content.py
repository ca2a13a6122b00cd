"""What the pack says and how bad content is contained: the front sheet and agenda, the report
cover sheet, and a report that cannot be laid out failing alone."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from partnerships.models import AgendaItem, AgendaPack, Appendix, Meeting, Report
from partnerships.packs import (
    _context,
    build_pack_pdf,
    pack_build,
    packs_for,
    render_pdf,
    resolve_portal_file,
)
from partnerships.services import meeting_publish
from partnerships.templatetags.pack_layout import money
from portal.html import bound_depth, sanitise
from portal.models import Job

from .factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
DEEP_TABLES = "<table><tr><td>" * 200 + "Deepest cell" + "</td></tr></table>" * 200


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def cleared(title: str, **fields) -> Report:
    return Report.objects.create(
        title=title,
        author="Steph Cordon",
        status="cleared",
        finance_signoff="A. Finance",
        legal_signoff="L. Legal",
        summary=f"<p>Summary of {title}.</p>",
        **fields,
    )


@pytest.fixture
def meeting(officer):
    board = BoardFactory(
        name="Health and Wellbeing Board",
        quorum=5,
        partnership__name="Health and Wellbeing",
        partnership__lead_officer=officer,
    )
    MembershipFactory(board=board, contact__name="Cllr Jane Hughes", role="chair")
    MembershipFactory(board=board, contact__name="Cllr Ann Vice", role="vice_chair")
    MembershipFactory(board=board, contact__name="Dr Non Voter", role="observer", voting=False)
    meeting = Meeting.objects.create(
        board=board,
        start=datetime.datetime(2026, 12, 8, 14, 0, tzinfo=LONDON),
        venue="Committee Suite, Westfields, Sandbach",
        contact_officer="Priya Shah",
        contact_phone="01270 000000",
        contact_email="democratic.services@example.org",
    )
    Meeting.objects.create(
        board=board,
        start=datetime.datetime(2027, 2, 9, 14, 0, tzinfo=LONDON),
        venue="Council Chamber, Crewe",
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Apologies for absence")
    ambition = cleared(
        "Ambition for All",
        report_of="Steph Cordon – Head of Communities",
        wards_affected="All wards and all members",
        key_decision_ref="CE 16/17-12",
        legal="<p>Consultation must be at a formative stage.</p>",
        live_sections=["partnerships.delivery_plan"],
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Ambition for All",
        kind="decision",
        presenter="Steph Cordon",
        report=ambition,
    )
    towns = cleared("Town partnership funding")
    AgendaItem.objects.create(
        meeting=meeting, number=3, title="Town partnership funding", report=towns
    )
    appendix = Appendix(report=towns, title="Grant table")
    appendix.file.save(
        "grants.pdf",
        ContentFile(render_pdf("<html lang='en'><body><p>APPENDIX TABLE</p></body></html>")),
        save=True,
    )
    return meeting


# --- the sanitiser bounds what would break the layout ------------------------------------


def test_the_sanitiser_flattens_nesting_deeper_than_the_limit_and_keeps_the_text(settings):
    settings.PORTAL_HTML_MAX_DEPTH = 12
    html = sanitise(DEEP_TABLES)
    assert "Deepest cell" in html
    assert html.count("<table>") == html.count("</table>") == 3  # 4 levels a table: 3 fit
    assert html.count("<td>") == html.count("</td>") == 3
    render_pdf(f"<html><body>{html}</body></html>")  # lays out, no RecursionError


def test_depth_bound_keeps_shallow_html_as_it_is():
    html = '<p>A <strong>b</strong> &amp; <a href="https://x.example/?a=1&amp;b=2">c</a><br>d</p>'
    assert bound_depth(html, 24) == html
    nested = "<ul><li>one<ul><li>two<ul><li>three</li></ul></li></ul></li></ul>"
    assert bound_depth(nested, 4) == "<ul><li>one<ul><li>two  three  </li></ul></li></ul>"


def test_the_sanitiser_bounds_table_spans():
    html = sanitise('<table><tr><td colspan="999999" rowspan="x">a</td></tr></table>')
    assert 'colspan="1000"' in html and "rowspan" not in html


# --- a report that cannot be laid out fails alone ----------------------------------------


def test_a_report_with_200_deep_tables_fails_alone_and_the_meeting_page_names_it(
    meeting, client_for, officer, django_capture_on_commit_callbacks
):
    # Stored before the sanitiser bounded depth (or written straight to the database).
    towns = Report.objects.get(title="Town partnership funding")
    Report.objects.filter(pk=towns.pk).update(background=DEEP_TABLES)
    (pack,) = packs_for(meeting)
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.READY
    assert [(f["number"], f["title"]) for f in pack.failed_items] == [
        (3, "Town partnership funding")
    ]
    assert "nested too deeply" in pack.failed_items[0]["reason"]
    text = text_of(pack.file.read())
    assert "Summary of Ambition for All" in text  # the other items are there …
    assert "This paper could not be included" in text  # … and a page says so in its place
    assert "APPENDIX TABLE" in text  # its appendix still goes in

    client = client_for(officer)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 paper could not be included in the pack" in html
    assert "Item 3: Town partnership funding" in html and "nested too deeply" in html
    assert client.get(towns.get_absolute_url()).status_code == 200

    # Not published without confirming: not by the hourly run, nor by the button alone.
    assert not meeting_publish(meeting_id=meeting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    job = Job.objects.latest("created_at")
    assert job.status == "failed" and "item 3 (Town partnership funding)" in job.message

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:meeting_publish", args=[meeting.pk]),
            {"without": [str(towns.agenda_item.pk)]},
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PACK_PUBLISHED
    assert AgendaPack.objects.get(meeting=meeting, version=1).published_at
    assert (
        "Item 3: Town partnership funding"
        in client.get(meeting.get_absolute_url()).content.decode()
    )


def test_saving_the_report_again_flattens_it_and_it_renders(meeting):
    towns = Report.objects.get(title="Town partnership funding")
    towns.background = DEEP_TABLES
    towns.full_clean()
    towns.save()
    failures = []
    pdf, _ = build_pack_pdf(meeting, restricted=False, failures=failures)
    assert failures == [] and "Deepest cell" in text_of(pdf)


# --- the front sheet and agenda ----------------------------------------------------------


def test_the_front_sheet_has_what_a_council_pack_has(meeting, settings):
    settings.PORTAL_COUNCIL_NAME = "Cheshire East Council"
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    cover = reader.pages[0].extract_text()
    for words in [
        "Cheshire East Council",
        "Health and Wellbeing Board",
        "Tuesday 8 December 2026",
        "2.00 p.m.",
        "Committee Suite, Westfields, Sandbach",
        "Date of publication",
        f"{meeting.publication_date:%A %-d %B %Y}",  # five clear working days before
        "Quorum",
        "5 voting members",
        "Priya Shah",
        "01270 000000",
        "democratic.services@example.org",
        "Cllr Jane Hughes",
        "Chair",
        "Vice-chair",
        "Observer (non-voting)",
        "Public access",
        "Recording",
    ]:
        assert words in cover, words
    assert cover.index("Cllr Jane Hughes") < cover.index("Cllr Ann Vice")  # chair first
    # The logo (a static file the setting names) is drawn: an SVG, so as paths, not an image.
    context = _context(meeting, False)
    assert context["council_logo"] == f"/static/{settings.PORTAL_COUNCIL_LOGO}"
    assert resolve_portal_file("https://pack.portal.invalid" + context["council_logo"])["body"]
    front = render_to_string("partnerships/pdf/front.html", {**context, "sections": []})
    assert (
        f'<img class="logo" src="{context["council_logo"]}" alt="Cheshire East Council">' in front
    )


def test_the_agenda_lists_standing_items_purpose_presenter_pages_and_appendices(meeting):
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    agenda = " ".join(reader.pages[1].extract_text().split())
    for words in [
        "Apologies for absence For discussion To receive any apologies for absence.",
        "Declarations of interest",
        "Minutes of the previous meeting",
        "Matters arising",
        "For decision",
        "Presented by Steph Cordon",
        "Report of Steph Cordon – Head of Communities",
        "Appendix A: Grant table",
        "Date of next meeting",
        "Tuesday 9 February 2027",
    ]:
        assert words in agenda, words
    order = [agenda.index(w) for w in ["Apologies", "Declarations", "Ambition", "next meeting"]]
    assert order == sorted(order)
    # Each item's page range links to its first page.
    starts = {}
    for outline in reader.outline:
        if not isinstance(outline, list) and outline.title[0].isdigit():
            starts[outline.title] = reader.get_destination_page_number(outline)
    targets = []
    for annotation in reader.pages[1].get("/Annots") or []:
        action = annotation.get_object().get("/A")
        if action and action.get("/S") == "/GoTo":
            targets.append(reader.get_page_number(action["/D"][0].get_object()))
    assert starts["2. Ambition for All"] in targets
    assert starts["3. Town partnership funding"] in targets
    first, last = starts["2. Ambition for All"] + 1, starts["3. Town partnership funding"]
    assert (f"{first}–{last}" if last > first else f"{first}") in agenda


def test_the_report_cover_sheet_and_body(meeting):
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    report = " ".join(" ".join(page.extract_text() for page in reader.pages[2:]).split())
    report = report[: report.index("Summary of Town partnership")]
    for words in [
        "Report of Steph Cordon – Head of Communities",
        "Wards affected All wards and all members",
        "Key decision Yes: forward plan reference CE 16/17-12",
        "Finance: A. Finance",
        "Legal: L. Legal",
        "6. Delivery plan progress",  # the live section is numbered with the report
        "7. Implications",
        "7.1 Legal",
        "No other implications: Financial; Human resources; Equality; Rural communities; "
        "Public health; Risk management.",
    ]:
        assert words in report, words
    assert "Report title" not in report
    assert report.count("None.") == 5  # the empty sections, not one per implication


def test_a_supplement_has_its_own_title_cover_line_and_reason(meeting):
    pack = AgendaPack.objects.create(
        meeting=meeting,
        version=2,
        lateness_reason="The tender evaluation finished after the agenda was published.",
    )
    pack.items.set([meeting.items.get(number=3)])
    pack = pack_build(pack_id=pack.pk)
    cover = " ".join(PdfReader(pack.file.open("rb")).pages[0].extract_text().split())
    assert "Supplementary pack 1: late papers" in cover
    assert "were not available when the agenda was published" in cover
    assert "The tender evaluation finished after the agenda was published." in cover


def test_money_prints_as_the_register_shows_it():
    assert money(Decimal("8000.00")) == "£8,000"
    assert money(Decimal("72000")) == "£72,000"
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert money(None) == ""
