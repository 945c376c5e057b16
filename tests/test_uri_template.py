"""The fast URI-template expansion gives uritemplate's answers (RFC 6570) for any value a row can hold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uritemplate import URITemplate

from kg.core.template_metadata import table_schema
from kg.core.uri_template import UriTemplate

PROGRAM = "https://w3id.org/kotacerdas/id/program/{kode_wilayah}/{tahun}/{id_program}/indicator/{indikator}"
values = st.dictionaries(
    st.sampled_from(["kode_wilayah", "tahun", "id_program", "indikator"]),
    st.one_of(st.text(max_size=12), st.integers(min_value=-5, max_value=3000)),
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy CI machine draws slowly
@given(values)
def test_simple_templates_expand_as_uritemplate_does(filled: dict) -> None:
    assert UriTemplate(PROGRAM).expand(filled) == URITemplate(PROGRAM).expand(filled)


@given(values, values)
def test_partial_then_expand_matches_uritemplate(first: dict, second: dict) -> None:
    ours = UriTemplate(PROGRAM).partial(first)
    theirs = URITemplate(PROGRAM).partial(first)
    assert ours.uri == theirs.uri
    assert ours.expand(second) == theirs.expand(second)


def test_templates_with_operators_go_to_uritemplate() -> None:
    for text in ("https://x.org{/path*}{?q,lang}", "https://x.org/{+base}/a", "https://x.org/{name:3}"):
        filled = {"path": ["a b", "c"], "q": "é&", "lang": "id", "base": "a/b c", "name": "Bandung"}
        assert UriTemplate(text).expand(filled) == URITemplate(text).expand(filled)


def test_every_template_of_the_metadata_takes_the_fast_path() -> None:
    texts = [spec[key] for spec in table_schema()["columns"] for key in ("aboutUrl", "valueUrl") if key in spec]
    texts = [text for text in texts if "{" in text]
    # a reserved expansion ({+sumber}: a source page's address kept as written) is uritemplate's own work
    simple = [text for text in texts if "{+" not in text]
    assert simple and len(simple) >= len(texts) - 1
    assert all(UriTemplate(text)._simple for text in simple)
    assert all(not UriTemplate(text)._simple for text in texts if "{+" in text)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(values)
def test_a_simple_template_matches_back_the_values_it_expanded(filled: dict) -> None:
    template = UriTemplate(PROGRAM)
    complete = {name: filled.get(name, "") for name in ("kode_wilayah", "tahun", "id_program", "indikator")}
    assert template.match(template.expand(complete)) == {name: str(value) for name, value in complete.items()}


def test_a_match_needs_the_templates_form_and_one_value_per_variable() -> None:
    template = UriTemplate("https://x.org/p/{a}/{b}/{a}")
    assert template.match("https://x.org/p/1/2%2F3/1") == {"a": "1", "b": "2/3"}
    assert template.match("https://x.org/p/1/2/4") is None  # {a} twice, two values
    assert template.match("https://x.org/p/1/2/3/1") is None  # a segment too many
    assert template.match("https://y.org/p/1/2/1") is None
    with pytest.raises(ValueError, match="simple"):
        UriTemplate("https://x.org/{+base}").match("https://x.org/a")
