"""The API describes itself: a valid OpenAPI 3.1 document listing every endpoint, and docs served offline."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from schemathesis.specs.openapi import definitions

from easytrack.api.app import create_api

EXPECTED = {
    "/me": {"get"},
    "/groups": {"get", "post"},
    "/groups/{group_id}": {"patch", "delete"},
    "/habits": {"get", "post"},
    "/habits/{habit_id}": {"get", "patch", "delete"},
    "/habits/{habit_id}/checkins": {"get"},
    "/habits/{habit_id}/checkins/{day}": {"put", "delete"},
    "/habits/{habit_id}/stats": {"get"},
    "/export": {"get"},
    "/export.zip": {"get"},
    "/import": {"post"},
    "/checkins/batch": {"post"},
    "/push-subscriptions": {"get", "post"},
    "/push-subscriptions/key": {"get"},
    "/push-subscriptions/renew": {"post"},
    "/habits/{habit_id}/reminders": {"get", "put"},
    "/push-subscriptions/{device_id}": {"delete"},
    "/push/done": {"post"},
    "/import/preview": {"post"},
}
NO_TOKEN = {("/push/done", "post"), ("/push-subscriptions/renew", "post")}  # authorised by the signed token in the body (a notification's action)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_api(cors_origins=["https://habits.example.org"]))


@pytest.fixture(scope="module")
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    errors = [e.message for e in definitions.OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []


def test_the_document_lists_every_endpoint_under_api_v1(document):
    assert document["servers"] == [{"url": "/api/v1"}]
    paths = {path: set(ops) for path, ops in document["paths"].items()}
    assert paths == EXPECTED


def test_every_operation_but_the_docs_needs_the_bearer_token(document):
    assert document["components"]["securitySchemes"]["ApiToken"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["ApiToken"][
            "description"]}
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            assert op["security"] == ([] if (path, method) in NO_TOKEN else [{"ApiToken": []}])
            assert "401" in op["responses"] and "422" in op["responses"]


def test_errors_are_documented_in_their_real_shape(document):
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["error"]


def test_outputs_never_describe_hashes_or_secrets(document):
    text = str(document["components"]["schemas"]).lower()
    assert "hash" not in text and "password" not in text and "secret" not in text


def test_the_docs_page_loads_nothing_from_other_sites(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)
    assert "<script>" not in page.text  # no inline script: a strict CSP works
    for asset in re.findall(r"(?:src|href)=\"([^\"]+)\"", page.text):
        assert client.get(asset).status_code == 200, asset
    assert "https://" not in client.get("/api/v1/docs/init.js").text


def test_unknown_api_paths_answer_a_json_404(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404 and set(response.json()) == {"error"}
