"""``/suggest?text=…&k=3&lang=id``: the initiatives most likely meant for a program, as JSON: the same answer as
``kotacerdas suggest --format json`` (:func:`kg.suggest.suggestion_answer`). Optional ``description`` and
``agency``; ``k`` 1–50 (3); ``lang`` ``id`` or ``en``. A missing or too long text, a bad ``k`` or language, a
parameter given twice or unknown: ``400`` with ``{"error": "pesan / message"}``."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError

_JSON = "application/json; charset=utf-8"
PARAMETERS = ("text", "description", "agency", "k", "lang")


def _error(message: str) -> Response:
    return Response(json.dumps({"error": message}, ensure_ascii=False), status_code=400, media_type=_JSON)


async def suggest(request: Request) -> Response:
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key not in PARAMETERS:
            return _error(f"parameter tidak dikenal / unknown parameter {key!r}; expected {', '.join(PARAMETERS)}")
        if key in values:
            return _error(f"parameter {key!r} lebih dari sekali / given more than once")
        values[key] = value
    if not values.get("text", "").strip():
        return _error("parameter text wajib diisi / parameter text is required (the program's name)")
    try:
        k = int(values.get("k", "3"))
    except ValueError:
        return _error(f"k harus bilangan bulat 1–50 / k must be a whole number 1–50, not {values['k']!r}")
    try:
        from kg.suggest import suggestion_answer

        answer = await run_in_threadpool(
            suggestion_answer,
            values["text"],
            values.get("description"),
            values.get("agency"),
            k,
            values.get("lang", "id"),
        )
    except InputError as error:
        return _error(f"{error.source}: {error.message}" if error.source else error.message)
    return Response(json.dumps(answer, ensure_ascii=False), media_type=_JSON)
