"""The web face of the knowledge graph (``kotacerdas serve``): SPARQL 1.1 Protocol, dereferenceable IRIs with
content negotiation, VoID/DCAT, dumps and the HTML pages, on Starlette + uvicorn.

A thin layer over the library: queries run on the store through :mod:`kg.web.dataset`, descriptions,
catalogues and dumps come from :mod:`kg.publish`.
"""

from kg.core.lazy import lazy_exports

_EXPORTS = {"create_app": "app", "ServeSettings": "settings", "serve": "server"}
__all__ = list(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
