"""The OpenAPI document: it validates, and the live API keeps to it. Schemathesis runs
against the live server's own document with a real token, over a small data set, and fails
on any 5xx or any response that does not match the schema."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from openapi_spec_validator import validate

from api.services import api_token_create

pytestmark = pytest.mark.django_db

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_the_document_validates_and_names_every_list():
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    for path in [
        "partnerships",
        "boards",
        "memberships",
        "meetings",
        "reports",
        "funds",
        "awards",
        "work-programmes",
        "tasks",
        "risks",
        "compact-codes",
        "compact-commitments",
        "consultations",
    ]:
        assert f"/api/v1/{path}/" in document["paths"]
        assert f"/api/v1/{path}/{{id}}/" in document["paths"]
    assert document["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"


def test_the_docs_page_loads_its_script_from_a_separate_address():
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and "<script>" not in html
    assert "swagger-ui-bundle.js" in html
    script = Client().get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_or_schema_mismatch(world, live_server, tmp_path):
    _, key = api_token_create(user=world["users"]["lead"], name="schemathesis")
    rest = {"anon": "100000/minute", "user": "100000/minute"}
    from django.conf import settings

    throttles = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rest}
    with override_settings(REST_FRAMEWORK=throttles):
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{live_server.url}/api/v1/schema/",
                "--header",
                f"Authorization: Token {key}",
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "--phases",
                "coverage,fuzzing",
                "--max-examples",
                "3",
                "--seed",
                "2026",
                "--no-shrink",
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--suppress-health-check",
                "all",
                "--warnings",
                "off",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "passed" in run.stdout.lower()
