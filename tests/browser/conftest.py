import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it is open; the
    # tests' own ORM calls are still synchronous, so Django's async guard is lifted meanwhile.
    mp = pytest.MonkeyPatch()
    mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()
    mp.undo()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The pages run under the portal's Content-Security-Policy: anything it refuses (an inline
    # script or style, a file from elsewhere) is reported on the console, and fails the test.
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    # Officers and administrators give a second factor after their password (enforced here as
    # in production): whenever the set-up or code page shows, the "phone" below answers it with
    # a real code, as a person would, and the test carries on where it was going.
    page.add_locator_handler(page.locator("#two-factor-form"), lambda: _second_factor(page))
    page.add_locator_handler(page.locator("#backup-codes-done"), lambda: _codes_kept(page))
    unguarded = []
    page.on(
        "response",
        lambda response: (
            unguarded.append(response.url)
            if response.request.resource_type == "document"
            and "content-security-policy" not in response.headers
            else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something"
    assert unguarded == [], "pages served without a Content-Security-Policy"


_CHECKED = set()


def _second_factor(page) -> None:
    """Set up the app from the secret the page types out, or give the code of the app set up
    before (the device's key, as the phone has it)."""
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    secret = page.locator("#two-factor-secret")
    if secret.count():
        key, drift, name = base64.b32decode(secret.inner_text().replace(" ", "")), 0, "set-up"
    else:
        username = page.locator("#two-factor-username").inner_text()
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        key, name = device.bin_key, "code"
        # Each code works once: a second sign-in within its 30 seconds gives the next one.
        now = int(time.time()) // device.step
        if device.last_t > now:
            time.sleep(device.step - time.time() % device.step + 0.1)
            now += 1
        drift = max(0, device.last_t - now + 1)
    _look_once(page, f"two-factor-{name}")
    form = page.locator("#two-factor-form")
    form.locator("input[name=code]").fill(f"{totp(key, drift=drift):06d}")
    form.locator("button[type=submit]").click()


def _codes_kept(page) -> None:
    _look_once(page, "two-factor-backup-codes")
    page.locator("#backup-codes-done").click()


def _look_once(page, name: str) -> None:
    if name not in _CHECKED:
        _CHECKED.add(name)
        # axe_violations runs both engines (axe-core and IBM's checker).
        assert axe_violations(page) == [], name
        screenshot(page, name)


def axe_violations(
    page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"), ibm: bool = True
):
    """Run axe-core (vendored from npm) on the page; return its WCAG A/AA violations, followed by
    IBM's accessibility checker's (see ibm_violations), so every page a browser test looks at is
    checked by both engines."""
    # From the portal's own static files: the policy refuses inline scripts, injected ones too.
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    return found + (ibm_violations(page) if ibm else [])


# Rule ids of IBM's checker left out, each with the reason it is a false positive that markup
# cannot fix. (None so far.)
IBM_EXCLUDED_RULES: dict[str, str] = {
    # IBM's own policy (not WCAG) wants only widgets to be tabbable; a table wider than a phone
    # scrolls in a labelled region that must take focus so that a keyboard can scroll it, which
    # axe requires (scrollable-region-focusable, WCAG 2.1.1) and WAI's tables tutorial shows.
    "element_tabbable_role_valid": "a scrolling table's region takes focus, as axe requires",
}


def ibm_violations(page, policies=("WCAG_2_1", "WCAG_2_2", "IBM_Accessibility")):
    """Run IBM's accessibility checker (accessibility-checker-engine, vendored from npm) on the
    page; return its definite violations of the WCAG 2.1 and 2.2 (A and AA) policies and of
    IBM's own default policy (which also asks, for one, that all content, the skip link
    included, sits in a landmark).

    Each result's value is [kind, outcome]: kind is VIOLATION (a WCAG requirement) or
    RECOMMENDATION (IBM's advice beyond WCAG), outcome PASS, FAIL, POTENTIAL (a person must
    judge whether it fails) or MANUAL (a person must check). Only VIOLATION + FAIL is counted: those
    are failures the engine has established on its own, as axe's "violations" are; potential and
    manual results need a person's judgement (axe's "incomplete"), and recommendations are not
    WCAG requirements, so they would make the check fail on pages that conform."""
    # Added from the portal's own static files like axe, under the page's real CSP (the engine
    # needs no eval, inline script or network access).
    page.add_script_tag(url="/static/vendor/accessibility-checker-engine/ace.js")
    results = page.evaluate(
        """async policies => {
            const report = await new ace.Checker().check(document, policies);
            return report.results
                .filter(r => r.value[0] === "VIOLATION" && r.value[1] === "FAIL")
                .map(r => ({rule: r.ruleId, message: r.message, path: r.path.dom,
                            snippet: r.snippet}));
        }""",
        list(policies),
    )
    found = {}
    for r in results:
        if r["rule"] not in IBM_EXCLUDED_RULES:
            found.setdefault((r["rule"], r["message"]), []).append(r["snippet"] or r["path"])
    return [
        f"IBM {rule}: {message} — {snippets[:3]}" for (rule, message), snippets in found.items()
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
