"""REST API import and export: downloads of the caller's data only, uploads capped at 20 MB (413)."""

from __future__ import annotations

import io
import json
import zipfile

from easytrack import live
from easytrack.services.transfer.limits import MAX_UPLOAD
from tests.integration.test_api_fixtures import API, alice, bob, client, published  # noqa: F401  (fixtures)


def test_the_json_export_is_a_download_of_the_callers_data_only(client, alice, bob):  # noqa: F811
    response = client.get(f"{API}/export", headers=bob.auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"] == 'attachment; filename="easytrack-2026-03-15.json"'
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert [h["name"] for h in data["habits"]] == ["Read"]
    assert "alice" not in response.text and "password" not in response.text


def test_the_zip_export_holds_csv_files(client, alice):  # noqa: F811
    response = client.get(f"{API}/export.zip", headers=alice.auth)
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() and all(name.endswith(".csv") for name in archive.namelist())


def test_an_export_imports_into_another_account(client, alice, bob, published):  # noqa: F811
    exported = client.get(f"{API}/export", headers=alice.auth).content
    client.post(f"{API}/groups", json={"name": "Only Alice"}, headers=alice.auth)
    published.clear()
    data = json.loads(exported)
    data["habits"][0]["name"] = "Books"
    upload = {"file": ("alice.json", json.dumps(data).encode(), "application/json")}
    response = client.post(f"{API}/import", files=upload, headers=bob.auth)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["format"], summary["habits_created"], summary["checkins_added"]) == ("easytrack", 1, 1)
    names = [h["name"] for h in client.get(f"{API}/habits", headers=bob.auth).json()]
    assert names == ["Read", "Books"]
    assert [(user, type(change)) for user, change in published] == [(bob.user_id, live.Reload)]
    again = client.post(f"{API}/import", files=upload, headers=bob.auth).json()
    assert (again["habits_created"], again["habits_unchanged"]) == (0, 1)


def test_a_file_that_is_no_export_is_a_422(client, alice):  # noqa: F811
    response = client.post(f"{API}/import", files={"file": ("x.txt", b"hello", "text/plain")}, headers=alice.auth)
    assert response.status_code == 422 and response.json()["error"]


def test_an_upload_without_the_file_field_is_a_422(client, alice):  # noqa: F811
    response = client.post(f"{API}/import", data={"other": "x"}, headers=alice.auth)
    assert response.status_code == 422 and "file" in response.json()["error"]


def test_an_upload_over_20_mb_is_refused_with_413(client, alice):  # noqa: F811
    big = b"x" * (MAX_UPLOAD + 1)
    response = client.post(f"{API}/import", files={"file": ("big.json", big)}, headers=alice.auth)
    assert response.status_code == 413 and set(response.json()) == {"error"}


def test_a_huge_declared_upload_is_refused_before_it_is_read(client, alice):  # noqa: F811
    headers = {**alice.auth, "Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(10**9)}
    response = client.post(f"{API}/import", content=b"--b--\r\n", headers=headers)
    assert response.status_code == 413 and set(response.json()) == {"error"}


def test_a_streamed_upload_is_cut_off_once_it_passes_the_limit(client, alice):  # noqa: F811
    sent = []

    def body():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n'
        for _ in range(40):
            sent.append(1)
            yield b"x" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    headers = {**alice.auth, "Content-Type": "multipart/form-data; boundary=b"}
    response = client.post(f"{API}/import", content=body(), headers=headers)
    assert response.status_code == 413 and set(response.json()) == {"error"}


def _beaver_gym() -> bytes:
    return json.dumps({"user_email": "x", "habits": [
        {"id": "g1", "name": "read", "records": [{"day": "2026-03-01", "done": True}]},
        {"id": "g2", "name": "Gym", "records": [{"day": "2026-03-02", "done": True}]}]}).encode()


def test_a_preview_says_what_an_import_would_do_and_writes_nothing(client, bob, published):  # noqa: F811
    upload = {"file": ("beaver.json", _beaver_gym(), "application/json")}
    response = client.post(f"{API}/import/preview", files=upload, headers=bob.auth)
    assert response.status_code == 200, response.text
    preview = response.json()
    assert [(h["name"], h["action"], h["target"]) for h in preview["habits"]] == [
        ("read", "merge", "Read"), ("Gym", "create", "Gym")]
    assert (preview["checkins_added"], preview["checkins_unchanged"]) == (2, 0)
    assert [h["name"] for h in client.get(f"{API}/habits", headers=bob.auth).json()] == ["Read"]
    assert published == []
    renaming = client.post(f"{API}/import/preview?merge=false", files=upload, headers=bob.auth).json()
    assert [(h["action"], h["target"], h["reason"]) for h in renaming["habits"]][0] == (
        "rename", "read (2)", "you already have a habit of this name")


def test_an_import_merges_by_name_and_its_summary_says_so(client, bob):  # noqa: F811
    upload = {"file": ("beaver.json", _beaver_gym(), "application/json")}
    summary = client.post(f"{API}/import", files=upload, headers=bob.auth).json()
    assert (summary["merged"], summary["renamed"], summary["habits_created"]) == (["Read"], [], 1)
    assert [h["name"] for h in client.get(f"{API}/habits", headers=bob.auth).json()] == ["Read", "Gym"]
    apart = client.post(f"{API}/import?merge=false", files={"file": ("other.json", _beaver_gym().replace(
        b'"g1"', b'"g9"'))}, headers=bob.auth).json()
    assert apart["renamed"] == ["read → read (2)"]


def test_a_second_import_while_one_runs_is_a_409(client, bob, session):  # noqa: F811
    from datetime import datetime, timezone

    from easytrack.models import ImportRun

    session.add(ImportRun(user_id=bob.user_id, token="other", started_at=datetime.now(timezone.utc),
                          heartbeat_at=datetime.now(timezone.utc)))
    session.commit()
    response = client.post(f"{API}/import", files={"file": ("b.json", _beaver_gym())}, headers=bob.auth)
    assert response.status_code == 409 and "still running" in response.json()["error"]
