"""Fuzzing the REST API from its own OpenAPI document (schemathesis): no input makes it fail with a 500.

Schemathesis's pytest integration (`from_fixture`) does not run on pytest 9, so each operation's
hypothesis strategy is drawn from directly: valid (positive) and invalid (negative) requests.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from easytrack.api.app import create_api
from easytrack.api.ratelimit import MemoryLimiter
from tests.integration.test_api_fixtures import NOW, ORIGIN, alice  # noqa: F401  (fixture)

EXAMPLES = 6  # per operation and mode: 27 operations × 2 modes × 6 ≈ 320 requests per database


@pytest.fixture
def api_schema(engine, alice):  # noqa: F811  (alice: a user with a group, a habit and a check-in, ids 1)
    app = create_api(engine, limiter=MemoryLimiter(10**9), clock=lambda: NOW, cors_origins=[ORIGIN])
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _check(case, headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}, (case.method, case.formatted_path, response.text)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_input_makes_the_api_fail(api_schema, alice, mode):  # noqa: F811
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 27
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            _check(case, alice.auth)

        fuzz()
