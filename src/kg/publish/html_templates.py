"""The one Jinja2 environment of the project's HTML templates: the server's pages (``kg/web/templates``), the
region report and the ontology's documentation (``kg/publish/templates``).

Autoescaped, with trimmed blocks; the numbers as the pages write them (``percent``, ``rupiah``, ``number`` of
:mod:`kg.publish.page_words`) and the ``link`` filter (:func:`kg.core.safe_text.link_target`: an IRI becomes a
link only when a browser may follow it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

#: The templates of the publishing layer (region report, ontology documentation).
PUBLISH_TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def html_environment(folder: Path | str = PUBLISH_TEMPLATES, *, keep_trailing_newline: bool = False) -> Environment:
    """The environment of the templates in ``folder`` (made once per folder and setting)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from kg.core.safe_text import link_target
    from kg.publish import page_words

    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
    env.globals.update(percent=page_words.percent, rupiah=page_words.rupiah, number=page_words.number)
    env.filters["link"] = link_target
    return env
