"""Import through the page (Loop samples), export downloads, and API tokens made in settings."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.fixtures.transfer import LOOP_CURRENT, SHARED_SAMPLES, make_zip


def _check(page, app, path) -> None:
    page.goto(f"{app.base_url}/settings/data")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_role("heading", name="What this import will do")).to_be_visible()


def _import(page, app, path) -> None:
    _check(page, app, path)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Habits:")).to_be_visible()


def test_an_import_next_to_a_habit_of_the_same_name_previews_the_merge_or_the_rename(page, app, make_account,
                                                                                      tmp_path):
    path = tmp_path / "Loop Habits CSV 2024-01-08.zip"
    path.write_bytes(make_zip(LOOP_CURRENT))
    log_in(page, app, make_account())
    page.get_by_label("Name").fill("Floss")
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("button", name=re.compile("^Floss"))).to_be_visible()
    _check(page, app, path)
    expect(page.get_by_text("Will be merged into your habit of the same name: “Floss”")).to_be_visible()
    expect(page.get_by_text("New: “Coffee”, “Читать книгу”")).to_be_visible()
    page.get_by_role("switch").click()  # merging off: the preview says what will be renamed
    expect(page.get_by_text(re.compile("Will be renamed: “Floss” → “Floss \\(2\\)”"))).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(re.compile("^Renamed: “Floss” → “Floss \\(2\\)”"))).to_be_visible()
    expect(page.get_by_text("Habits: 3 new, 0 updated, 0 unchanged")).to_be_visible()


def test_importing_a_loop_export_shows_its_habits_on_the_grid(page, app, make_account, tmp_path):
    path = tmp_path / "Loop Habits CSV 2024-01-08.zip"
    path.write_bytes(make_zip(LOOP_CURRENT))
    log_in(page, app, make_account())
    _import(page, app, path)
    expect(page.get_by_text("Habits: 3 new")).to_be_visible()
    page.goto(f"{app.base_url}/grid")
    page.get_by_role("button", name="Previous").click()  # the fixture's days are in the past; the names show
    expect(page.get_by_text("Floss", exact=True)).to_be_visible()
    expect(page.get_by_text("Coffee", exact=True)).to_be_visible()


def test_importing_the_shared_loop_sample_through_the_page(page, app, make_account):
    sample = SHARED_SAMPLES / "loop-csv.zip"
    if not sample.exists():
        pytest.skip(f"shared samples not found at {SHARED_SAMPLES} (fresh clone without ../shared)")
    log_in(page, app, make_account())
    _import(page, app, sample)
    page.goto(f"{app.base_url}/grid")
    for name in ("Meditate", "Run"):
        expect(page.get_by_role("rowheader").filter(has_text=name).first).to_be_visible()


def test_a_file_that_is_not_an_export_is_refused_with_a_message(page, app, make_account, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some text")
    log_in(page, app, make_account())
    page.goto(f"{app.base_url}/settings/data")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)


def test_export_downloads_json(page, app, make_account):
    log_in(page, app, make_account())
    page.get_by_label("Name").fill("Exported habit")
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_role("button", name=re.compile("^Exported habit"))).to_be_visible()
    page.goto(f"{app.base_url}/settings/data")
    with page.expect_download() as info:
        page.get_by_role("button", name="JSON (re-importable)").click()
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert [h["name"] for h in data["habits"]] == ["Exported habit"]


def _me(app, token: str) -> int:
    request = urllib.request.Request(f"{app.base_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_token_made_in_settings_works_until_revoked(page, app, make_account):
    log_in(page, app, make_account())
    page.goto(f"{app.base_url}/settings/tokens")
    page.get_by_label("Token name").fill("script")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("code").filter(has_text="et_").inner_text()
    assert _me(app, secret) == 200
    page.get_by_role("button", name="Revoke script").click()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    assert _me(app, secret) == 401
