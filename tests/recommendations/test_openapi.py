from __future__ import annotations

from django.test import Client

from recommendations import openapi


def test_openapi_document_describes_the_api(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/related", "/api/rerank", "/api/events"} <= set(doc["paths"])
    params = {p["name"] for p in doc["paths"]["/api/related"]["get"]["parameters"]}
    assert params == {
        "currentItemID",
        "userID",
        "sessionID",
        "numResults",
        "filter",
        "filterValues",
    }
    events = doc["components"]["schemas"]["EventsRequest"]
    assert events["properties"]["eventList"]["maxItems"] == 10
    assert set(doc["paths"]["/api/events"]["post"]["responses"]) == {"202", "400"}
    # every $ref resolves
    text = response.content.decode()
    for name in doc["components"]["schemas"]:
        assert f"#/components/schemas/{name}" in text or name in ("RelatedItem",)


def test_other_modules_can_add_paths(client: Client) -> None:
    openapi.PATHS["/api/extra"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    try:
        assert "/api/extra" in client.get("/api/openapi.json").json()["paths"]
    finally:
        del openapi.PATHS["/api/extra"]


def test_openapi_documents_the_sent_at_bounds_and_itself(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    sent_at = doc["components"]["schemas"]["Event"]["properties"]["sentAt"]
    assert "from 2000-01-01 UTC" in sent_at["description"]
    assert "/api/openapi.json" in doc["paths"]
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/related"]["get"]["parameters"]}
    assert [params[n]["minLength"] for n in ("currentItemID", "userID", "sessionID")] == [1, 1, 1]
