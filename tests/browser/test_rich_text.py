"""The report's rich-text fields in Chromium under the Content-Security-Policy: the editor
takes the textarea's place with a toolbar; a numbered list made with the toolbar, and a table
and a Word list pasted in, are saved and shown on the report page; both accessibility engines
find nothing wrong with the edit page."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import AgendaItem, Meeting, Report
from portal.roles import Role

from ..partnerships.factories import BoardFactory, PartnershipFactory
from .conftest import axe_violations, screenshot
from .test_grants import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal'
    "{margin:0cm}</style></head><body><div class=WordSection1>"
    '<h1 style="mso-outline-level:1">Funding<o:p></o:p></h1>'
    '<p class=MsoListParagraphCxSpFirst style="text-indent:-18pt;mso-list:l0 level1 lfo1">'
    '<![if !supportLists]><span style="mso-list:Ignore">1.<span style="font:7pt">&nbsp;'
    "</span></span><![endif]>Agree the fund<o:p></o:p></p>"
    '<p class=MsoListParagraphCxSpMiddle style="mso-list:l0 level2 lfo1">'
    '<![if !supportLists]><span style="mso-list:Ignore">a)</span><![endif]>for 2016/17</p>'
    '<p class=MsoListParagraphCxSpLast style="mso-list:l0 level1 lfo1">'
    '<![if !supportLists]><span style="mso-list:Ignore">2.</span><![endif]>Review it</p>'
    '<table class=MsoTableGrid border=1 style="border-collapse:collapse">'
    '<tr><td width=200 style="width:150pt"><p class=MsoNormal><b>Town</b><o:p></o:p></p></td>'
    "<td><p class=MsoNormal><b>Grant</b></p></td></tr>"
    '<tr><td style="width:150pt"><p class=MsoNormal>Crewe<o:p></o:p></p></td>'
    "<td><p class=MsoNormal>£8,000</p></td></tr></table>"
    "</div></body></html>"
)


@pytest.fixture
def report(make_user):
    officer = make_user(Role.OFFICER, username="officer", name="Priya Shah")
    partnership = PartnershipFactory(name="Town partnerships", lead_officer=officer)
    meeting = Meeting.objects.create(
        board=BoardFactory(partnership=partnership),
        start=timezone.now() + datetime.timedelta(days=7),
        venue="Westfields",
    )
    report = Report.objects.create(
        title="Town partnership funding", author="Steph Cordon", summary="<p>Before.</p>"
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title=report.title, report=report)
    return report


def _paste(page, selector: str, html: str) -> None:
    page.locator(selector).evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                          cancelable: true}));
        }""",
        html,
    )


def test_the_editor_makes_lists_and_keeps_pasted_tables(page, report):
    sign_in(page)
    page.goto(f"/partnerships/reports/{report.pk}/edit/")
    summary = page.get_by_role("textbox", name="Report summary")
    summary.wait_for()
    # The editor is in the textarea's place, labelled by the field's label and described by
    # its help; the textarea is hidden but still in the form.
    assert page.locator("#id_summary").is_hidden()
    assert summary.get_attribute("aria-multiline") == "true"
    toolbar = page.get_by_role("toolbar", name="Formatting for Report summary")
    labels = toolbar.get_by_role("button").all_inner_texts()
    assert labels == [
        "Heading", "Subheading", "Bold", "Italic", "Bulleted list", "Numbered list", "Link",
        "Table",
    ]  # fmt: skip
    assert page.locator(".rich-text-content").count() == 11
    assert axe_violations(page) == []
    # An untouched field is sent as it came.
    assert page.locator("#id_summary").input_value() == "<p>Before.</p>"

    summary.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Agree the approach")
    numbered = toolbar.get_by_role("button", name="Numbered list")
    numbered.click()
    assert numbered.get_attribute("aria-pressed") == "true"
    assert summary.locator("ol li").inner_text() == "Agree the approach"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list

    _paste(page, "#div_id_summary .ProseMirror", WORD_PASTE)
    assert summary.locator("h3").inner_text() == "Funding"
    # A table with no header cells has its first row taken as the headings.
    assert summary.locator("table th").all_inner_texts() == ["Town", "Grant"]
    assert summary.locator("table td").all_inner_texts() == ["Crewe", "£8,000"]
    assert summary.locator("ol ol li").inner_text() == "for 2016/17"
    stored = page.locator("#id_summary").input_value()
    assert "<table>" in stored and "style" not in stored and "mso" not in stored
    assert axe_violations(page) == []
    screenshot(page, "report-rich-text")

    page.get_by_role("button", name="Save report").click()
    page.get_by_text("The report was saved.").wait_for()
    report.refresh_from_db()
    assert "<ol><li><p>Agree the approach</p></li></ol>" in report.summary.replace("\n", "")
    body = page.locator("main")
    assert body.locator("ol li", has_text="Agree the approach").count() == 1
    assert body.locator("ol ol li", has_text="for 2016/17").count() == 1
    assert body.locator("td", has_text="£8,000").count() == 1
    assert body.locator("th", has_text="Grant").count() == 1
    assert body.locator("h3", has_text="Funding").count() == 1
    screenshot(page, "report-rich-text-saved")


def test_the_toolbar_is_one_tab_stop_moved_by_arrow_keys(page, report):
    sign_in(page)
    page.goto(f"/partnerships/reports/{report.pk}/edit/")
    toolbar = page.get_by_role("toolbar", name="Formatting for Report summary")
    toolbar.get_by_role("button", name="Heading", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "Subheading"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.textContent") == "Table"
    assert toolbar.locator("button[tabindex='0']").count() == 1
