"""A published pack is what members and the public were sent: no later build replaces it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import AgendaPack, Report
from partnerships.packs import PackError, pack_build, packs_for, packs_request

from .test_packs import meeting  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_a_draft_build_queued_before_publication_leaves_the_published_pack_alone(meeting):  # noqa: F811
    (public, restricted) = packs_for(meeting)
    for pack in (public, restricted):
        pack_build(pack_id=pack.pk)
    public.refresh_from_db()
    sent_hash, sent_file = public.content_hash, public.file.name
    # An officer asked for a draft build; before a worker took it the pack was published.
    AgendaPack.objects.filter(pk=public.pk).update(
        state=AgendaPack.State.QUEUED, published_at=timezone.now()
    )
    # A paper changes afterwards: the published pack must still be the one sent.
    Report.objects.filter(title__startswith="Town").update(summary="<p>Changed later.</p>")
    pack = pack_build(pack_id=public.pk)
    assert (pack.content_hash, pack.file.name) == (sent_hash, sent_file)
    with pytest.raises(PackError, match="publish late papers as a supplement"):
        packs_request(meeting=meeting)


def test_the_build_button_on_a_published_meeting_says_why_nothing_is_built(
    meeting,  # noqa: F811
    officer,
    client_for,
):
    meeting.board.partnership.lead_officer = officer
    meeting.board.partnership.save()
    packs_for(meeting)
    # Published a moment ago by the hourly run; this page still showed the build button.
    AgendaPack.objects.filter(meeting=meeting).update(published_at=timezone.now())
    response = client_for(officer).post(
        reverse("partnerships:pack_build", args=[meeting.pk]), follow=True
    )
    assert response.status_code == 200
    assert "publish late papers as a supplement" in response.content.decode()
