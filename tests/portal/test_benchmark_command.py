"""The benchmark command still runs end to end (its figures are for the note, not for tests:
nothing here looks at a time), and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from partnerships.models import Organisation, Partnership

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmark_runs_signed_in_past_the_second_factor_and_rolls_back():
    before = (Organisation.objects.count(), Partnership.objects.count())
    out = io.StringIO()
    call_command("benchmark", rows=60, partnerships=30, repeat=1, stdout=out)
    text = out.getvalue()
    # Every page answered 200 (the command stops on any other answer) ...
    assert "partnership register, page 1" in text and "grants: award list" in text
    assert "All benchmark data rolled back." in text
    # ... and the register is as it was.
    assert (Organisation.objects.count(), Partnership.objects.count()) == before


def test_the_county_benchmark_says_when_it_needs_postgresql(settings):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL it builds a county's database; run it by hand")
    out = io.StringIO()
    call_command("benchmark", county=True, stdout=out)
    assert "needs PostgreSQL" in out.getvalue()
