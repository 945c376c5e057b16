"""The library under the pages, without a server: SVG charts, region tokens, search, the region profile."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.publish import svg_charts
from kg.publish.search import search
from kg.web.load_access import region_token, token_allows


def test_svg_charts_are_well_formed_and_escape_every_text():
    data = [
        svg_charts.Datum("A&B", "<b>Label</b> & more", 0.5, "50%"),
        svg_charts.Datum("C", "x\"y'z", 0.0, "0%"),
        svg_charts.Datum("D", "plain", 1.0, "100%"),
    ]
    for chart in (
        svg_charts.radar(data, "<title>"),
        svg_charts.bars(data, "t & t"),
        svg_charts.lines(["2024", "2025"], [("A&B", "<i>", [0.1, 0.2])], "x"),
    ):
        root = ET.fromstring(chart)  # parses: nothing unescaped
        assert root.tag.endswith("svg") and "<b>" not in chart and "<i>" not in chart
        assert root.get("role") == "img" and root.get("aria-label")
    marks = ET.fromstring(svg_charts.bars(data, "t")).findall(".//{http://www.w3.org/2000/svg}rect[@class='mark']")
    assert [float(mark.get("data-value")) for mark in marks] == [0.5, 0.0, 1.0]


def test_a_region_token_opens_loads_of_its_region_only():
    server = "server-token-0123456789"
    bandung = region_token(server, "32.73")
    assert token_allows(server, bandung, ["32.73"])
    assert not token_allows(server, bandung, ["73.71"]) and not token_allows(server, bandung, ["32.73", "73.71"])
    assert token_allows(server, server, ["32.73", "73.71"])
    assert not token_allows(server, "", ["32.73"]) and not token_allows(None, bandung, ["32.73"])
    assert region_token("another-server-token-xyz", "32.73") != bandung


def test_search_folds_case_and_ranks_codes_first():
    found = search("KOTA bandung")
    assert found.regions[0].code == "32.73"
    assert [hit.code for hit in search("32.7").regions][:3] == ["32.71", "32.72", "32.73"]
    assert [hit.code for hit in search("mob-01").concepts] == ["MOB-01"]
    assert search("").empty and search("zzzz-nothing").empty
