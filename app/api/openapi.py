"""The OpenAPI 3.1 description; a test checks it against the registered routes."""

ERROR = {"$ref": "#/components/schemas/Error"}


def op(summary: str, *, params=(), body: str | None = None, ok=200, list_of=None, errors=()):
    """One operation with its parameters, body, success and error responses."""
    operation = {"summary": summary, "parameters": list(params), "responses": {}}
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    schema = {"type": "object"}
    if list_of:
        schema = {"$ref": "#/components/schemas/Page"}
    operation["responses"][str(ok)] = {
        "description": "OK",
        "content": {"application/json": {"schema": schema}},
    }
    for status in (401, *errors):
        operation["responses"][str(status)] = {
            "description": "Error",
            "content": {"application/json": {"schema": ERROR}},
        }
    return operation


def query(name: str, description: str = "", schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def path_param(name: str):
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


PAGE_PARAMS = (
    query("page", "Page number, from 1", {"type": "integer", "minimum": 1}),
    query("per_page", "Items per page, at most 200", {"type": "integer", "maximum": 200}),
)

# Domains add their paths here when they are imported (see each domain's api module).
PATHS: dict[str, dict] = {
    "/api/v1/openapi.json": {"get": op("This document")},
}


def add(path: str, **operations) -> None:
    """Register the operations of one path."""
    PATHS.setdefault(path, {}).update(operations)


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Deskpact API", "version": "1"},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {"type": "object"},
                            },
                        }
                    },
                },
                "Page": {
                    "type": "object",
                    "required": ["items", "page", "per_page", "total"],
                    "properties": {
                        "items": {"type": "array", "items": {"type": "object"}},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                },
                **SCHEMAS,
            },
        },
        "security": [{"bearer": []}],
        "paths": PATHS,
    }


SCHEMAS: dict[str, dict] = {}
