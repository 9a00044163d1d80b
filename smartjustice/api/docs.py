"""The API docs page (/api/docs): every operation of the OpenAPI schema, rendered on the
server from drf-spectacular's generator, so it never disagrees with /api/schema and
needs no third-party JavaScript."""
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


def _type_of(schema: dict) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    if schema.get("enum"):
        return f"{kind}: " + " | ".join(str(value) for value in schema["enum"])
    return kind


def operations(schema: dict) -> list[dict]:
    """The schema's operations, in path order, as plain dicts for the template."""
    result = []
    for path, item in schema.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            result.append({
                "path": path,
                "method": method.upper(),
                "operation_id": operation.get("operationId", ""),
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "tags": operation.get("tags", []),
                "parameters": [
                    {"name": parameter["name"], "in": parameter.get("in", ""),
                     "required": parameter.get("required", False),
                     "type": _type_of(parameter.get("schema", {})),
                     "description": parameter.get("description", "")}
                    for parameter in shared + operation.get("parameters", [])
                ],
                "request_body": sorted(operation.get("requestBody", {}).get("content", {})),
                "responses": sorted(operation.get("responses", {})),
            })
    return result


def docs(request):
    """Public, like the schema itself: it describes the API, not anyone's data."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/docs.html", {
        "info": schema.get("info", {}),
        "openapi_version": schema.get("openapi", ""),
        "operations": operations(schema),
    })
