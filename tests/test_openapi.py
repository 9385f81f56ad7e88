"""The committed OpenAPI schema is the one the API serves; a change must be committed on purpose."""

import json
from pathlib import Path

import pytest
from django.test import Client

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


@pytest.mark.django_db
def test_served_schema_matches_the_committed_one(client: Client) -> None:
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads(SCHEMA.read_text())
    assert served == committed, "API changed: run `make openapi` and commit docs/openapi.json"


@pytest.mark.django_db
def test_schema_documents_the_three_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) >= {
        "/api/v1/shipments",
        "/api/v1/carrier-events",
        "/api/v1/shipments/{tracking_code}",
    }
