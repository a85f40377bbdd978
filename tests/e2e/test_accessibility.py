"""axe-core (WCAG 2 A/AA rules) finds no serious or critical problems on the main pages, light and dark."""

from __future__ import annotations

import re
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.harness import ROOT

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/grid", "/habits", "/settings", "/settings/reminders"]


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_accessibility_problems(browser, app, make_account, scheme):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (make test installs it)")
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{app.base_url}/login")
        page.get_by_role("button", name="Log in").wait_for()
        problems = {"/login": _violations(page)}
        log_in(page, app, make_account())
        page.get_by_label("Name").fill("Meditate")
        page.get_by_role("button", name="Add habit").click()
        button = page.get_by_role("button", name=re.compile("^Meditate"))
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        page.goto(f"{app.base_url}/settings/reminders")  # a reminder row, too, for the reminders page
        page.get_by_label("New reminder for Meditate: time").fill("07:00")
        page.get_by_role("button", name="Add a reminder to Meditate").click()
        expect(page.get_by_label("Meditate at 07:00: time")).to_have_value("07:00")
        for path in PAGES:
            page.goto(f"{app.base_url}{path}")
            page.locator("main h1").wait_for()
            page.wait_for_timeout(300)
            problems[path] = _violations(page)
        assert {path: found for path, found in problems.items() if found} == {}
    finally:
        context.close()
