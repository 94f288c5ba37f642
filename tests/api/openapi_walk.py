"""Reading the OpenAPI document: operations, their schemas resolved, and the string fields of a request body."""

REF = "#/components/schemas/"
WRITE_METHODS = {"post", "put", "patch", "delete"}


def operations(document):
    return [(method.upper(), path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def resolve(document, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].removeprefix(REF)]
    return schema


def alternatives(document, schema: dict) -> list[dict]:
    """The schemas a value may match: each member of anyOf/oneOf, resolved."""
    schema = resolve(document, schema)
    members = schema.get("anyOf") or schema.get("oneOf")
    if members is None:
        return [schema]
    return [alt for member in members for alt in alternatives(document, member)]


def string_fields(document, schema: dict, path=()):
    """Every string a request body may carry: (dotted path, its schema), through objects and arrays (an array's
    element is named 0); a null alternative is skipped."""
    for alt in alternatives(document, schema):
        kind = alt.get("type")
        if kind == "string":
            yield ".".join(map(str, path)), alt
        elif kind == "object":
            for name, sub in alt.get("properties", {}).items():
                yield from string_fields(document, sub, (*path, name))
        elif kind == "array" and "items" in alt:
            yield from string_fields(document, alt["items"], (*path, 0))


def json_body(document, op) -> dict | None:
    content = op.get("requestBody", {}).get("content", {})
    return content["application/json"]["schema"] if "application/json" in content else None
