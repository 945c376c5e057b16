"""The charts of a region, as inline SVG, shared by the region page and the region report."""

from __future__ import annotations

from dataclasses import dataclass

from kg.publish import svg_charts
from kg.publish.page_words import percent, rupiah, words
from kg.publish.region_profile import RegionProfile

#: One colour per dimension, in the framework's order (Okabe–Ito).
DIMENSION_COLOURS = svg_charts.OKABE_ITO[:6]


@dataclass(frozen=True)
class RegionCharts:
    radar: str
    coverage: str
    budget: str
    achievement: str
    #: ``""`` when the region has fewer than two years.
    trend: str


def region_charts(profile: RegionProfile) -> RegionCharts:
    """The radar and bars of coverage, bars of budget and achievement, and the trend of ``profile``."""
    said = words(profile.lang)
    lang = profile.lang
    where = f"{profile.title}, {profile.year or said['all_years']}"
    coverage = [
        svg_charts.Datum(d.notation, d.label, d.coverage, f"{percent(d.coverage, lang)} ({d.covered}/{d.total})")
        for d in profile.dimensions
    ]
    radar_data = [
        svg_charts.Datum(d.notation, d.label, d.coverage, percent(d.coverage, lang)) for d in profile.dimensions
    ]
    budget = [svg_charts.Datum(d.notation, d.label, d.budget, rupiah(d.budget, lang)) for d in profile.dimensions]
    achievement = [
        svg_charts.Datum(
            d.notation,
            d.label,
            d.achievement or 0.0,
            percent(d.achievement, lang) if d.achievement is not None else said["no_indicator"],
        )
        for d in profile.dimensions
    ]
    peak = max([1.0, *(d.achievement or 0.0 for d in profile.dimensions)])
    trend = ""
    if len(profile.trend) >= 2:
        trend = svg_charts.lines(
            [str(year) for year, _ in profile.trend],
            [
                (d.notation, d.label, [values.get(d.notation, 0.0) for _, values in profile.trend])
                for d in profile.dimensions
            ],
            f"{said['trend']}: {profile.title}",
        )
    return RegionCharts(
        radar=svg_charts.radar(radar_data, f"{said['radar']}: {where}"),
        coverage=svg_charts.bars(
            coverage, f"{said['coverage']}: {where}", maximum=1.0, colours=DIMENSION_COLOURS, kind="coverage-bars"
        ),
        budget=svg_charts.bars(budget, f"{said['budget']}: {where}", colours=DIMENSION_COLOURS, kind="budget-bars"),
        achievement=svg_charts.bars(
            achievement,
            f"{said['achievement']}: {where}",
            maximum=peak,
            colours=DIMENSION_COLOURS,
            kind="achievement-bars",
        ),
        trend=trend,
    )
