import datetime
import io
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from partnerships.models import AgendaItem, AgendaPack, Appendix, Meeting, Report
from partnerships.packs import build_pack_pdf, pack_build, packs_for, resolve_portal_file
from partnerships.schedule import publication_date

from .factories import BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def tiny_pdf(text: str) -> bytes:
    from partnerships.packs import render_pdf

    return render_pdf(f"<html lang='en'><body><p>{text}</p></body></html>")


@pytest.fixture
def meeting():
    board = BoardFactory(
        name="Health and Wellbeing Board", partnership__name="Health and Wellbeing"
    )
    MembershipFactory(board=board, contact__name="Cllr Jane Hughes", role="chair")
    meeting = Meeting.objects.create(
        board=board,
        start=datetime.datetime(2026, 12, 8, 14, 0, tzinfo=LONDON),
        venue="Westfields, Sandbach",
    )
    for number, title, exempt, status in [
        (1, "Apologies and declarations of interest", False, None),
        (2, "Ambition for All: partnership structure and strategy", False, "cleared"),
        (3, "Town partnership funding 2016/17", False, "cleared"),
        (4, "Contract award: community transport", True, "cleared"),
        (5, "Draft commissioning framework", False, "draft"),
    ]:
        report = None
        if status:
            report = Report.objects.create(
                title=title,
                author="Steph Cordon",
                status=status,
                finance_signoff="A. Finance" if status != "draft" else "",
                legal_signoff="L. Legal" if status != "draft" else "",
                summary=f"<p>Summary of {title}.</p>",
                recommendations="Agree the refresh\nAgree the structure",
            )
        AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=title,
            exempt=exempt,
            exempt_paragraph=3 if exempt else None,
            exemption_reason="Commercially sensitive" if exempt else "",
            report=report,
        )
    appendix = Appendix(report=Report.objects.get(title__startswith="Town"), title="Grant table")
    appendix.file.save("grants.pdf", ContentFile(tiny_pdf("APPENDIX GRANT TABLE")), save=True)
    return meeting


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_public_pack_has_items_in_order_bookmarks_and_no_exempt_item(meeting):
    pdf, pages = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    text = text_of(pdf)
    order = [
        text.index("Ambition for All: partnership structure and strategy", text.index("Agenda")),
        text.index("Summary of Ambition for All"),
        text.index("Summary of Town partnership funding"),
        text.index("APPENDIX GRANT TABLE"),
    ]
    assert order == sorted(order)
    assert "Contract award" not in text  # the exempt item is not in the public pack
    assert "Draft commissioning framework" in text  # listed on the agenda …
    assert "Summary of Draft commissioning" not in text  # … but an uncleared report is not
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    outline = [[c.title for c in o] if isinstance(o, list) else o.title for o in reader.outline]
    assert outline == [
        "Cover",
        "Agenda",
        "1. Apologies and declarations of interest",  # no paper: bookmarked on the agenda
        "2. Ambition for All: partnership structure and strategy",
        "3. Town partnership funding 2016/17",
        ["Appendix A: Grant table"],
        "5. Draft commissioning framework",
    ]
    assert reader.metadata.title.startswith(
        "Health and Wellbeing Board: agenda pack, 8 December 2026"
    )
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-GB"


def test_restricted_pack_has_the_exempt_item(meeting):
    pdf, _ = build_pack_pdf(meeting, restricted=True)
    text = text_of(pdf)
    assert "Summary of Contract award" in text and "RESTRICTED" in text


def test_agenda_gives_the_page_each_item_starts_on(meeting):
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    for outline in reader.outline:
        if isinstance(outline, list) or outline.title in ("Cover", "Agenda"):
            continue
        page = reader.get_destination_page_number(outline) + 1
        assert outline.title.split(". ", 1)[1][:20] in reader.pages[page - 1].extract_text()


def test_build_writes_the_pack_and_a_failure_keeps_the_previous_one(meeting, monkeypatch):
    (pack,) = packs_for(meeting)[:1]
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.READY and pack.page_count > 3
    good = pack.file.read()
    assert len(good) == pack.size and pack.content_hash

    import partnerships.packs as packs

    def broken(*args, **kwargs):
        raise packs.PackError(
            "Appendix A of item 3 could not be read as a PDF: EOF marker not found"
        )

    monkeypatch.setattr(packs, "build_pack_pdf", broken)
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.FAILED
    assert "could not be read as a PDF" in pack.error
    with pack.file.open("rb") as f:
        assert f.read() == good  # the last good pack is still there


def test_rebuild_after_one_report_changes_rerenders_only_what_must_change(meeting):
    from partnerships.packs import BuildStats

    first = BuildStats()
    build_pack_pdf(meeting, restricted=False, stats=first)
    assert first.cached == 0
    again = BuildStats()
    build_pack_pdf(meeting, restricted=False, stats=again)
    assert again.rendered == 0  # nothing changed: every part from the cache
    report = Report.objects.get(title__startswith="Town")
    report.summary = "<p>A revised summary.</p>"
    report.save()
    edited = BuildStats()
    build_pack_pdf(meeting, restricted=False, stats=edited)
    assert edited.rendered == 1  # that report; front matter and overlay come from the cache
    assert edited.cached >= 2


def test_the_fetcher_serves_only_the_portals_own_files(settings, tmp_path):
    assert resolve_portal_file("https://pack.portal.invalid/static/css/pack.css")["body"]
    for url in [
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        "https://pack.portal.invalid/media/../../etc/passwd",
        "https://pack.portal.invalid/etc/passwd",
        "data:text/plain,hello",
    ]:
        with pytest.raises(ValueError):
            resolve_portal_file(url)


def test_a_report_that_points_elsewhere_fetches_nothing(meeting, monkeypatch):
    import portal.pdf

    asked = []
    real = portal.pdf.resolve_portal_file

    def spy(url):
        asked.append(url)
        return real(url)

    monkeypatch.setattr(portal.pdf, "resolve_portal_file", spy)
    report = Report.objects.get(title__startswith="Ambition")
    report.background = '<p><img src="https://example.org/x.png" alt="">Background</p>'
    report.save()
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    assert "Background" in text_of(pdf)
    assert "https://example.org/x.png" in asked  # asked for, and refused by the portal fetcher
    with pytest.raises(ValueError):
        real("https://example.org/x.png")


def test_agenda_prints_the_page_each_item_starts_on(meeting):
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    agenda = reader.pages[1].extract_text()
    for outline in reader.outline:
        if isinstance(outline, list) or outline.title in ("Cover", "Agenda"):
            continue
        number, title = outline.title.split(". ", 1)
        page = reader.get_destination_page_number(outline) + 1
        if page == 2:  # an item with no paper is bookmarked on the agenda itself
            continue
        lines = agenda.splitlines()
        at = next(i for i, line in enumerate(lines) if title[:25] in line)
        # The title may wrap; the page number, or the range it starts, ends its row within
        # the next lines.
        assert any(
            line.rstrip().endswith(f" {page}")
            or line.strip() == str(page)
            or line.strip().startswith(f"{page}–")
            for line in lines[at : at + 6]
        ), (lines[at : at + 6], page)


def test_every_item_has_a_bookmark_and_a_long_cover_moves_the_agenda_bookmark(meeting):
    for n in range(45):
        MembershipFactory(board=meeting.board, contact__name=f"Member {n}")
    pdf, _ = build_pack_pdf(meeting, restricted=False)
    reader = PdfReader(io.BytesIO(pdf))
    titles = {o.title: o for o in reader.outline if not isinstance(o, list)}
    assert "1. Apologies and declarations of interest" in titles  # no paper, still bookmarked
    agenda_page = reader.get_destination_page_number(titles["Agenda"])
    assert agenda_page >= 2 and "Agenda" in reader.pages[agenda_page].extract_text()


@pytest.mark.parametrize(
    "meeting_day,expected",
    [
        ("2025-12-30", "2025-12-18"),  # Tuesday after Christmas: skips 25, 26 Dec and weekends
        ("2026-04-07", "2026-03-26"),  # Tuesday after Easter: skips Good Friday, Easter Monday
        ("2026-11-24", "2026-11-16"),  # an ordinary Tuesday: five clear working days
        ("2026-05-26", "2026-05-15"),  # the Tuesday after the spring bank holiday
    ],
)
def test_publication_date(meeting_day, expected):
    day = datetime.date.fromisoformat(meeting_day)
    assert publication_date(day, 5) == datetime.date.fromisoformat(expected)
    assert publication_date(day, 5).weekday() < 5


def test_publication_date_uses_the_boards_lead_time(meeting):
    meeting.board.pack_lead_days = 3
    assert meeting.publication_date == datetime.date(2026, 12, 2)
    assert timezone.localtime(meeting.start).date() == datetime.date(2026, 12, 8)


def _building(pack, *, lease_left: float) -> None:
    """Make ``pack`` look as if a worker claimed it, its lease running out in ``lease_left``
    seconds (negative: it ran out that long ago, the worker having died)."""
    now = timezone.now()
    AgendaPack.objects.filter(pk=pack.pk).update(
        state=AgendaPack.State.BUILDING,
        started_at=now - datetime.timedelta(seconds=30),
        lease_expires_at=now + datetime.timedelta(seconds=lease_left),
    )


def test_a_pack_another_worker_is_building_is_left_alone(meeting):
    (pack,) = packs_for(meeting)[:1]
    _building(pack, lease_left=30)
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.BUILDING and not pack.generated_at  # not stolen


def test_a_pack_whose_worker_died_is_taken_again_as_soon_as_its_lease_runs_out(meeting):
    (pack,) = packs_for(meeting)[:1]
    _building(pack, lease_left=-1)  # renewed every 15 s; a minute without one: the worker died
    pack = pack_build(pack_id=pack.pk)
    assert pack.state == AgendaPack.State.READY and pack.page_count > 3
    assert pack.lease_expires_at > timezone.now() - datetime.timedelta(seconds=5)


def test_a_pack_building_from_before_leases_is_taken_again(meeting):
    (pack,) = packs_for(meeting)[:1]
    AgendaPack.objects.filter(pk=pack.pk).update(
        state=AgendaPack.State.BUILDING, started_at=timezone.now(), lease_expires_at=None
    )
    assert pack_build(pack_id=pack.pk).state == AgendaPack.State.READY


def test_the_meeting_page_shows_an_interrupted_build_as_failed(meeting, officer, client_for):
    meeting.board.partnership.lead_officer = officer
    meeting.board.partnership.save()
    (pack,) = packs_for(meeting)[:1]
    pack_build(pack_id=pack.pk)  # a good pack first
    client = client_for(officer)

    _building(pack, lease_left=30)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Building" in page and "interrupted" not in page

    _building(pack, lease_left=-1)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Building" not in page and "Failed" in page
    assert (
        "The last build failed: The build was interrupted (its worker stopped) before it "
        "finished. Build it again. The previous pack is still available." in page
    )
    assert client.get(pack.get_absolute_url()).status_code == 200  # and it still downloads


def test_asking_for_a_rebuild_requeues_an_interrupted_pack_but_not_a_live_build(meeting):
    from partnerships.packs import packs_request

    (pack,) = packs_for(meeting)[:1]
    _building(pack, lease_left=30)
    packs_request(meeting=meeting)
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.BUILDING
    _building(pack, lease_left=-1)
    packs_request(meeting=meeting)
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.QUEUED


def test_the_scheduled_publication_rebuilds_an_interrupted_pack(meeting):
    from partnerships.services import meeting_publish

    packs = packs_for(meeting)
    _building(packs[0], lease_left=30)
    assert not meeting_publish(meeting_id=meeting.pk)  # a live build: try again next hour
    assert meeting.packs.get(pk=packs[0].pk).state == AgendaPack.State.BUILDING
    _building(packs[0], lease_left=-1)
    assert meeting_publish(meeting_id=meeting.pk)  # its worker died: built again, published
    assert {p.state for p in meeting.packs.all()} == {AgendaPack.State.READY}
    assert all(p.published_at for p in meeting.packs.all())


@pytest.mark.django_db(transaction=True)
def test_a_build_renews_its_lease_while_it_runs(meeting, settings, monkeypatch):
    """Outside a transaction (as on a worker) a thread renews the lease during the build."""
    import threading

    import partnerships.packs as packs

    settings.PORTAL_LEASE_SECONDS = 1
    settings.PORTAL_LEASE_RENEW_SECONDS = 0.05
    (pack,) = packs_for(meeting)[:1]
    seen = []
    real = packs.build_pack_pdf

    def slow(*args, **kwargs):
        first = AgendaPack.objects.get(pk=pack.pk).lease_expires_at
        threading.Event().wait(0.4)
        seen.append((first, AgendaPack.objects.get(pk=pack.pk).lease_expires_at))
        return real(*args, **kwargs)

    monkeypatch.setattr(packs, "build_pack_pdf", slow)
    assert pack_build(pack_id=pack.pk).state == AgendaPack.State.READY
    ((first, later),) = seen
    assert later > first  # renewed while it ran
    assert not [t for t in threading.enumerate() if t.name.startswith("lease")]


def test_a_build_out_of_time_is_recorded_and_stops(meeting, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    import partnerships.packs as packs

    def slow(*a, **k):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(packs, "build_pack_pdf", slow)
    (pack,) = packs_for(meeting)[:1]
    with pytest.raises(SoftTimeLimitExceeded):
        pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.FAILED and "ran out of time" in pack.error
