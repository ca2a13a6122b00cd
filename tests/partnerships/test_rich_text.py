"""The report's body and implications are rich-text fields: each is a textarea marked for the
editor (static/js/rich-text.js) with the editor's files on the page, and whatever is posted —
the editor's HTML, HTML pasted from Word into the bare textarea, or plain text with no script
at all — is kept as the sanitiser allows and nothing more."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.forms import ReportForm
from partnerships.models import AgendaItem, Meeting, Report
from portal.widgets import RichTextarea

from .factories import BoardFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

RICH = [*Report.BODY_FIELDS, *(name for name, _ in Report.IMPLICATIONS)]

WORDISH = (
    '<h1 class="MsoTitle" style="mso-style-name:Title">Funding</h1>'
    '<p class=MsoNormal style="margin:0cm;font-family:Calibri">Intro '
    '<b style="mso-bidi-font-weight:normal">bold</b><o:p></o:p></p>'
    '<ol><li onclick="steal()">First</li><li>Second</li></ol>'
    '<table class=MsoTableGrid style="border-collapse:collapse" width=600>'
    '<tr><th style="width:100pt" scope="col">Town</th><th>Amount</th></tr>'
    "<tr><td>Crewe</td><td>£8,000</td></tr></table>"
    '<p><a href="https://example.org/plan" target="_blank" style="color:red">the plan</a> and '
    '<a href="javascript:alert(1)">bad</a></p>'
    "<script>alert(1)</script><style>p{color:red}</style>"
)


@pytest.fixture
def report(officer):
    partnership = PartnershipFactory(name="Town partnerships", lead_officer=officer)
    board = BoardFactory(partnership=partnership)
    meeting = Meeting.objects.create(
        board=board, start=timezone.now() + datetime.timedelta(days=7), venue="Westfields"
    )
    report = Report.objects.create(
        title="Town partnership funding", author="Steph Cordon", summary="<p>Before.</p>"
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title=report.title, report=report)
    return report


def _data(report, **changes):
    form = ReportForm(instance=report)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name == "live_sections":
            continue
        data[name] = "" if value is None else value
    return {**data, **changes}


def test_the_body_and_implications_are_rich_text_fields():
    form = ReportForm()
    for name in RICH:
        assert isinstance(form.fields[name].widget, RichTextarea), name
    for name in ("recommendations", "description", "background_papers"):
        assert not isinstance(form.fields[name].widget, RichTextarea), name


def test_the_edit_page_has_the_editor_and_still_plain_textareas(client_for, officer, report):
    response = client_for(officer).get(reverse("partnerships:report_edit", args=[report.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for name in RICH:
        assert f'name="{name}"' in page
    assert page.count("data-rich-text") == len(RICH)
    assert '<textarea name="recommendations"' in page and page.count("<textarea") > len(RICH)
    # The editor's files, once each, from the portal's own static files (no inline script).
    assert page.count('src="/static/vendor/tiptap/tiptap.bundle.min.js"') == 1
    assert page.count('src="/static/js/rich-text.js"') == 1
    assert page.count('href="/static/css/rich-text.css"') == 1
    assert page.index("tiptap.bundle.min.js") < page.index("js/rich-text.js")


def test_pasted_word_html_is_kept_as_the_sanitiser_allows(client_for, officer, report):
    url = reverse("partnerships:report_edit", args=[report.pk])
    response = client_for(officer).post(url, _data(report, summary=WORDISH, legal=WORDISH))
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    for value in (report.summary, report.legal):
        for gone in ("mso-", "<o:p", "class=", "style", "<script", "alert", "onclick",
                     "javascript:", "<h1", "target=", "width="):  # fmt: skip
            assert gone not in value, (gone, value)
        for kept in ("<b>bold</b>", "<ol><li>First</li><li>Second</li></ol>", "<table>",
                     '<th scope="col">Town</th>', "<td>£8,000</td>",
                     '<a href="https://example.org/plan"', "the plan"):  # fmt: skip
            assert kept in value, (kept, value)
    # The report page shows it as kept.
    page = client_for(officer).get(report.get_absolute_url()).content.decode()
    assert "<td>£8,000</td>" in page and "alert(1)" not in page


def test_plain_text_with_no_script_is_kept_as_paragraphs(client_for, officer, report):
    url = reverse("partnerships:report_edit", args=[report.pk])
    text = "We provide £8,000 per town partnership.\n\nA fund of <£72,000> is needed."
    response = client_for(officer).post(url, _data(report, summary=text, risk=""))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary.startswith("<p>We provide £8,000 per town partnership.</p>")
    assert "&lt;£72,000&gt;" in report.summary
    assert report.risk == ""


def test_a_cleared_field_stays_cleared(client_for, officer, report):
    url = reverse("partnerships:report_edit", args=[report.pk])
    client_for(officer).post(url, _data(report, summary=""))
    report.refresh_from_db()
    assert report.summary == ""


def test_the_edit_page_reads_few_queries(
    client_for, officer, report, django_assert_max_num_queries
):
    client = client_for(officer)
    url = reverse("partnerships:report_edit", args=[report.pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
