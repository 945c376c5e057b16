"""The region report: one self-contained HTML file (inline style, charts as inline SVG, no script, no external
asset) that a steward can attach to an email or print on A4 (``@page`` A4, a print stylesheet).

    from kg.publish.region_report import region_report_html, write_region_report
    html = region_report_html(store, "32.73", year=2025, lang="id")
    write_region_report(store, "32.73", Path("laporan.html"))          # refuses to overwrite other files

The same function makes ``kotacerdas report`` and the region page's download.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kg.core.options import LANGUAGES, check_choice

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Marks a file as a region report: ``write_region_report`` overwrites only files that carry it.
GENERATOR = "kotacerdas-kg region report"
_MARK_BYTES = 4096


def render_region_report(profile, *, made: datetime | None = None) -> str:
    """The report of a :class:`~kg.publish.region_profile.RegionProfile` as one HTML document."""
    from markupsafe import Markup

    from kg import __version__
    from kg.framework.concepts import status_codes
    from kg.publish.html_templates import html_environment
    from kg.publish.page_words import words
    from kg.publish.region_charts import region_charts

    charts = region_charts(profile)
    made = made or datetime.now(UTC).replace(microsecond=0)
    said = words(profile.lang)
    statuses = {
        code: (item.label_en if profile.lang == "en" else item.label_id) for code, item in status_codes().items()
    }
    return (
        html_environment(TEMPLATES)
        .get_template("region_report.html.j2")
        .render(
            profile=profile,
            lang=profile.lang,
            w=said,
            charts={
                name: Markup(getattr(charts, name)) for name in ("radar", "coverage", "budget", "achievement", "trend")
            },
            statuses=statuses,
            generator=GENERATOR,
            made=said["made"].format(version=__version__, time=made.strftime("%Y-%m-%d %H:%M UTC")),
        )
    )


def region_report_html(store, code: str, *, year: int | str | None = None, lang: str = "id") -> str:
    """The report of region ``code`` from ``store`` (any :class:`~kg.store.interface.GraphStore`)."""
    from kg.publish.region_profile import region_profile

    check_choice(lang, LANGUAGES, "--lang")
    return render_region_report(region_profile(store, code, year=year, lang=lang))


def is_region_report(path: Path) -> bool:
    """Whether ``path`` is a report this module wrote (its head carries :data:`GENERATOR`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_MARK_BYTES)
    except OSError:
        return False
    return GENERATOR.encode() in head


def check_report_target(out: Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse (:class:`InputError`, exit 2) to write the report over one of the tool's ``inputs`` (the store
    folder or a file in it), over a folder, or over an existing file kotacerdas did not write, unless ``force``
    (never over an input, even then): the one rule of every output, :func:`kg.core.output.check_output_target`."""
    from kg.core.output import check_output_target

    check_output_target(out, inputs=inputs, force=force)


def write_region_report(
    store,
    code: str,
    out: Path,
    *,
    year: int | str | None = None,
    lang: str = "id",
    force: bool = False,
    inputs: tuple[Path, ...] = (),
) -> Path:
    """Write the report of region ``code`` to ``out`` whole or not at all (see :func:`check_report_target`)."""
    from kg.core.output import write_output

    out = Path(out)
    check_report_target(out, force=force, inputs=inputs)
    return write_output(out, region_report_html(store, code, year=year, lang=lang))
