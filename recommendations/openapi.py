"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json.

Built from plain dicts: another module adds its paths with `PATHS.update({...})` (and its
schemas with `SCHEMAS.update`) at import time, before the document is served.
"""

from __future__ import annotations

import copy
from typing import Any

from recommendations.events import EVENT_TYPES, MAX_EVENTS

OPENAPI_VERSION = "3.0.3"

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, schema: dict[str, Any], *, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string", "example": "numResults must be ..."}},
    },
    "Product": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "url": {"type": "string"},
            "name": {"type": "string"},
            "category": {"type": "string"},
            "style": {"type": "string"},
            "description": {"type": "string"},
            "price": {"type": "number"},
            "current_stock": {"type": "integer"},
            "gender_affinity": {"type": "string", "nullable": True},
            "image": {"type": "string"},
            "promoted": {"type": "boolean"},
            "where_visible": {"type": "string"},
            "featured": {"type": "boolean"},
        },
    },
    "RelatedItem": {
        "type": "object",
        "required": ["product", "score"],
        "properties": {
            "product": {"$ref": "#/components/schemas/Product"},
            "score": {"type": "number"},
        },
    },
    "RerankRequest": {
        "type": "object",
        "required": ["items"],
        "description": "userID or sessionID (an anonymous visitor) is required.",
        "properties": {
            "userID": {"type": "string", "minLength": 1, "maxLength": 64},
            "sessionID": {"type": "string", "minLength": 1, "maxLength": 64},
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["itemId"],
                    "properties": {"itemId": {"type": "string", "minLength": 1}},
                    "additionalProperties": True,
                },
            },
        },
    },
    "Event": {
        "type": "object",
        "required": ["eventType", "itemId", "sentAt"],
        "properties": {
            "eventType": {
                "type": "string",
                "enum": list(EVENT_TYPES),
                "description": (
                    "Matched case-insensitively (`view` = `View`), stored in this spelling."
                ),
            },
            "itemId": {"type": "string", "minLength": 1, "description": "An existing product id."},
            "sentAt": {
                "oneOf": [
                    {"type": "number"},
                    {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]*)?\s*$"},
                    {"type": "string", "format": "date-time"},
                ],
                "description": (
                    "Unix seconds, unix milliseconds (any number above 10^11), either as a "
                    "number or as numeric text, or ISO 8601 (naive = UTC); from 2000-01-01 "
                    "UTC (earlier times are a unit mistake or an unset clock) to at most one "
                    "day in the future."
                ),
            },
            "eventId": {"type": "string"},
            "eventValue": {"type": "number"},
            "properties": {
                "oneOf": [{"type": "string"}, {"type": "object"}],
                "description": "A JSON object or its JSON text (as PutEvents sends it).",
            },
        },
    },
    "EventsRequest": {
        "type": "object",
        "required": ["sessionId", "eventList"],
        "properties": {
            "userId": {"type": "string", "maxLength": 64},
            "sessionId": {"type": "string", "minLength": 1, "maxLength": 64},
            "eventList": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_EVENTS,
                "items": {"$ref": "#/components/schemas/Event"},
            },
        },
    },
    "EventsAccepted": {
        "type": "object",
        "properties": {
            "userId": {"type": "string", "nullable": True},
            "sessionId": {"type": "string"},
            "recorded": {"type": "integer"},
            "events": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "eventType": {"type": "string"},
                        "itemId": {"type": "string"},
                        "sentAt": {"type": "number", "description": "unix seconds"},
                    },
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/related": {
        "get": {
            "operationId": "related",
            "summary": "Related items for a product, re-ranked for a shopper or session",
            "parameters": [
                _query(
                    "currentItemID",
                    "The product's id.",
                    {"type": "string", "minLength": 1},
                    required=True,
                ),
                _query(
                    "userID",
                    "A shopper id: re-rank for them.",
                    {"type": "string", "minLength": 1, "maxLength": 64},
                ),
                _query(
                    "sessionID",
                    "A session id: re-rank for an anonymous visitor (or with userID).",
                    {"type": "string", "minLength": 1, "maxLength": 64},
                ),
                _query(
                    "numResults",
                    "How many items.",
                    {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
                ),
                _query(
                    "filter",
                    "A named filter from settings (default same-category); an unknown name "
                    "is a 400 listing the known ones.",
                    {"type": "string"},
                ),
                _query(
                    "filterValues",
                    "JSON object, parameter name without $ -> Personalize values, e.g. "
                    '{"CATEGORY": "\\"footwear\\",\\"outdoors\\""}. A missing INCLUDE '
                    "parameter is a 400; a missing EXCLUDE one skips its clause.",
                    {"type": "string"},
                ),
            ],
            "responses": {
                "200": _json(
                    {"type": "array", "items": {"$ref": "#/components/schemas/RelatedItem"}},
                    "Related items, best first.",
                ),
                "400": _json(_ERROR, "Bad input."),
                "404": _json(_ERROR, "Unknown product."),
            },
        }
    },
    "/api/rerank": {
        "post": {
            "operationId": "rerank",
            "summary": "Re-order items for a shopper (userID) or anonymous session (sessionID)",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/RerankRequest"}}
                },
            },
            "responses": {
                "200": _json(
                    {"type": "array", "items": {"type": "object"}},
                    "The given item objects, re-ordered.",
                ),
                "400": _json(_ERROR, "Bad input, or neither userID nor sessionID."),
            },
        }
    },
    "/api/events": {
        "post": {
            "operationId": "putEvents",
            "summary": "Record events (Amazon Personalize PutEvents shape)",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/EventsRequest"}}
                },
            },
            "responses": {
                "202": _json(
                    {"$ref": "#/components/schemas/EventsAccepted"}, "Events stored, as normalized."
                ),
                "400": _json(
                    _ERROR, 'Bad input; the message names the field ("eventList[2].sentAt: ...").'
                ),
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This OpenAPI document",
            "responses": {"200": _json({"type": "object"}, "The OpenAPI 3 document.")},
        }
    },
}


def openapi_document(server_url: str | None = None) -> dict[str, Any]:
    """The whole document (a fresh copy, safe to modify)."""
    doc: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "retaildemo recommendations API",
            "version": "1",
            "description": "Shaped like the Retail Demo Store recommendations service; "
            'events shaped like Amazon Personalize PutEvents. Errors are {"message": ...}.',
        },
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
    if server_url:
        doc["servers"] = [{"url": server_url.rstrip("/") or "/"}]
    return doc
