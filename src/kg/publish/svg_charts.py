"""Charts as inline SVG made in Python: no script is needed to read them (the region report, the region page).

Every text is escaped; every mark carries its number (``data-*`` attributes and a ``<title>`` a screen reader
and a mouse pointer read), and each chart has a ``role="img"`` and an ``aria-label``. Colours are the
Okabe–Ito palette, which people with the common colour-vision deficiencies tell apart; the bars also carry
their value as text, so no reading depends on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with deuteranopia, protanopia, tritanopia.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")
INK = "#1b1f24"
MUTED = "#57606a"
GRID = "#d0d7de"
ACCENT = "#0072B2"


@dataclass(frozen=True)
class Datum:
    """One value of a chart: what it is (``key``, e.g. ``GOV``), its label, its value and the text shown."""

    key: str
    label: str
    value: float
    text: str


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


#: A chart is never drawn narrower than this share of its width (its box scrolls sideways instead), so that its
#: smallest text (12 units) stays at least 10 px on a 375 px phone.
MIN_SCALE = 0.85


def _open(width: float, height: float, label: str, kind: str, extra: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" style="min-width:{width * MIN_SCALE:.0f}px" role="img" '
        f'aria-label="{_attr(label)}" class="chart chart-{kind}" '
        f'data-chart="{kind}"{extra} font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">'
        f"<title>{escape(label)}</title>"
    )


def radar(data: Sequence[Datum], label: str, *, size: int = 300, colour: str = ACCENT) -> str:
    """A radar (spider) chart of fractions 0–1, one axis per datum, rings at 25, 50, 75 and 100 %."""
    count = max(len(data), 3)
    margin = 92
    width = size + 2 * margin
    height = size + 2 * 52
    cx, cy, radius = width / 2, height / 2, size / 2 - 10

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    parts = [_open(width, height, label, "radar")]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="12" fill="{MUTED}">{int(ring * 100)}%</text>')
    for index in range(count):
        x, y = point(index, 1.0)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, max(0.0, min(d.value, 1.0))) for i, d in enumerate(data)))
    parts.append(
        f'<polygon points="{shape}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="2.5" '
        'stroke-linejoin="round"/>'
    )
    for index, datum in enumerate(data):
        x, y = point(index, max(0.0, min(datum.value, 1.0)))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" class="mark" data-key="{_attr(datum.key)}" '
            f'data-value="{datum.value!r}"><title>{escape(datum.label)} ({escape(datum.key)}): {escape(datum.text)}</title></circle>'
        )
        lx, ly = point(index, 1.0)
        dx, dy = lx - cx, ly - cy
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        lx += 8 if dx > 1 else (-8 if dx < -1 else 0)
        wrapped = _wrap(datum.label, 15)
        block = 15 * len(wrapped) + 16
        top = ly - block + 8 if dy < -1 else (ly + 18 if dy > 1 else ly - block / 2 + 12)
        parts.append(f'<text x="{lx:.1f}" y="{top:.1f}" text-anchor="{anchor}" font-size="13" fill="{INK}">')
        for number, line in enumerate(wrapped):
            parts.append(f'<tspan x="{lx:.1f}" dy="{0 if number == 0 else 15}">{escape(line)}</tspan>')
        parts.append(
            f'<tspan x="{lx:.1f}" dy="16" font-weight="700">{escape(datum.key)} {escape(datum.text)}</tspan></text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bars(
    data: Sequence[Datum],
    label: str,
    *,
    maximum: float | None = None,
    width: int = 560,
    colours: Sequence[str] | None = None,
    kind: str = "bars",
    label_width: int = 252,
    text_width: int = 150,
) -> str:
    """Horizontal bars, one per datum, each with its label on the left and its text at the bar's end."""
    row = 30
    top = 8
    height = top + row * len(data) + 8
    scale_max = maximum if maximum is not None else max((d.value for d in data), default=0) or 1
    plot = width - label_width - text_width
    parts = [_open(width, height, label, kind)]
    for tick in (0.0, 0.5, 1.0):
        x = label_width + plot * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="{GRID}" stroke-width="1"/>'
        )
    for index, datum in enumerate(data):
        y = top + index * row
        colour = (colours or OKABE_ITO)[index % len(colours or OKABE_ITO)]
        length = plot * max(0.0, min(datum.value / scale_max, 1.0))
        text = datum.label if len(datum.label) <= 34 else datum.label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{max(length, 0.0):.1f}" height="{row - 10}" rx="2" '
            f'fill="{colour}" class="mark" data-key="{_attr(datum.key)}" data-value="{datum.value!r}">'
            f"<title>{escape(datum.label)}: {escape(datum.text)}</title></rect>"
        )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 19}" font-size="13" font-weight="600" fill="{INK}">'
            f"{escape(datum.text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def lines(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    label: str,
    *,
    width: int = 640,
    height: int = 240,
    percent: bool = True,
) -> str:
    """A line chart: ``series`` of ``(key, label, values)`` over ``categories`` (years); values 0–1 in percent."""
    left, right, top, bottom = 44, 300, 12, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = 1.0 if percent else max((v for _, _, values in series for v in values), default=1) or 1
    parts = [_open(width, height, label, "lines")]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        text = f"{int(tick * 100)}%" if percent else f"{peak * tick:,.0f}"
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{MUTED}">{text}</text>'
        )
    count = len(categories)

    def x_of(index: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))

    for index, category in enumerate(categories):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{height - 10}" text-anchor="middle" font-size="12" fill="{INK}">'
            f"{escape(category)}</text>"
        )
    legend_y = top + 4
    markers = ("circle", "square", "triangle", "diamond", "circle", "square")
    for number, (key, name, values) in enumerate(series):
        colour = OKABE_ITO[number % len(OKABE_ITO)]
        points = [(x_of(i), top + plot_h * (1 - max(0.0, min(v / peak, 1.0)))) for i, v in enumerate(values)]
        dash = "" if number < 6 else ' stroke-dasharray="4 3"'
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for (x, y), value, category in zip(points, values, categories, strict=False):
            shown = f"{value * 100:.0f}%" if percent else f"{value:,.0f}"
            marker = markers[number % len(markers)]
            title = f"<title>{escape(name)} ({escape(key)}), {escape(category)}: {shown}</title>"
            common = f'fill="{colour}" class="mark" data-key="{_attr(key)}" data-category="{_attr(category)}" data-value="{value!r}"'
            if marker == "square":
                parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {common}>{title}</rect>')
            elif marker == "triangle":
                parts.append(
                    f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" {common}>{title}</polygon>'
                )
            elif marker == "diamond":
                parts.append(
                    f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" {common}>{title}</polygon>'
                )
            else:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {common}>{title}</circle>')
        ly = legend_y + number * 18
        lx = left + plot_w + 14
        parts.append(
            f'<line x1="{lx}" y1="{ly:.1f}" x2="{lx + 18}" y2="{ly:.1f}" stroke="{colour}" stroke-width="3"{dash}/>'
        )
        parts.append(
            f'<text x="{lx + 24}" y="{ly + 4:.1f}" font-size="12" fill="{INK}">{escape(key)} · {escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
