"""The API's browsable page renders in Chromium under the portal's Content-Security-Policy
(the browser fixtures fail the test on anything the policy refuses)."""

import pytest

from ..browser.conftest import browser, page  # noqa: F401  (the browser tests' fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_page_renders_with_the_policy_on(page):  # noqa: F811
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=30_000)
    assert page.locator(".title").first.inner_text().startswith("Partnership portal API")
    tags = [t.strip().lower() for t in page.locator(".opblock-tag").all_inner_texts()]
    assert any(t.startswith("partnerships") for t in tags)
    assert any(t.startswith("meetings") for t in tags)
