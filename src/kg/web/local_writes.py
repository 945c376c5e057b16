"""The server side of :mod:`kg.store.served`: local write routes for the commands of the same user.

``POST /_local/{ping,graph-summaries,replace-graphs,update,ensure-reference-data,dump}`` answer only a client on the loopback
interface (or on the server's own address) that sends this run's token (``X-Kotacerdas-Token``, compared in
constant time). The token is in the store folder's server file, mode 0600: whoever can read it can already
open the store folder, so these routes give no one more than they have. Writes run one at a time on the
write thread, through the embedded store's own methods; each write starts a new store generation.
"""

from __future__ import annotations

import functools
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.core.errors import InputError
from kg.store.server_file import LOCAL_PREFIX, parse_replace_body
from kg.web.site import Site

#: The largest write request (a whole submission batch as N-Triples).
MAX_WRITE_BYTES = 2 << 30


async def _guarded(request: Request, operation: str) -> Response:
    site: Site = request.app.state.site
    if not site.is_local_command(request):
        return PlainTextResponse("tidak diizinkan / forbidden\n", status_code=403)
    if not site.dataset.writable:
        return PlainTextResponse("server ini hanya-baca / this server is read-only\n", status_code=409)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_WRITE_BYTES:
            return PlainTextResponse("permintaan terlalu besar / request too large\n", status_code=413)
        chunks.append(chunk)
    body = b"".join(chunks)
    dataset = site.dataset

    def run() -> dict:
        if operation == "ping":
            return {"store": dataset.location, "generation": dataset.generation}
        if operation == "graph-summaries":  # a read, on the write thread so that it sees every write before it
            summaries = dataset.graph_store.graph_summaries(json.loads(body)["graphs"])
            return {"summaries": {iri: [s.triples, s.digest] for iri, s in summaries.items()}}
        if operation == "replace-graphs":
            graphs, delete, options = parse_replace_body(body)
            dataset.write("replace_graphs", {"graphs": graphs, "delete": delete, "options": options})
            return {"graphs": len(graphs), "generation": dataset.generation}
        if operation == "update":
            dataset.write("update", {"update": body.decode("utf-8")})
            return {"generation": dataset.generation}
        if operation == "ensure-reference-data":
            done = dataset.write("ensure_reference_data", {"force": request.query_params.get("force") == "1"})
            return {"graphs": list(done or []), "generation": dataset.generation}
        if operation == "dump":
            from kg.publish.dumps import write_dumps

            out = json.loads(body)["out"]
            return {"files": [str(path) for path in write_dumps(dataset.graph_store, out)]}
        raise InputError(f"operasi tidak dikenal / unknown operation {operation!r}")

    try:
        result = await site.write(run)
    except InputError as error:
        return PlainTextResponse(f"{error}\n", status_code=400)
    except (ValueError, KeyError, UnicodeDecodeError) as error:
        return PlainTextResponse(f"permintaan rusak / malformed request: {error}\n", status_code=400)
    return JSONResponse(result)


def routes() -> list[Route]:
    """The local write routes (``/_local/…``)."""
    names = ("ping", "graph-summaries", "replace-graphs", "update", "ensure-reference-data", "dump")
    return [
        Route(f"{LOCAL_PREFIX}{name}", functools.partial(_guarded, operation=name), methods=["POST"]) for name in names
    ]
