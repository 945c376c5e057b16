"""String-based constraint components (spec §4.4): sh:minLength, sh:maxLength, sh:pattern, sh:languageIn,
sh:uniqueLang. Blank nodes have no string form and violate length and pattern constraints."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import SH

from kg.shacl.checks import Check, ShapeContext
from kg.shacl.errors import Uncompilable
from kg.shacl.terms import sparql_term


def _integers(ctx: ShapeContext, parameter) -> list[int]:
    values = []
    for value in ctx.shape.values(parameter):
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise Uncompilable(f"{parameter.n3()} must be an integer")
        values.append(int(value.toPython()))
    return values


def min_length(ctx: ShapeContext) -> list[Check]:
    """Value nodes whose string is shorter than the minimum."""
    return [
        ctx.check(
            SH.MinLengthConstraintComponent,
            ctx.fill("$values FILTER(isBlank(?value) || STRLEN(STR(?value)) < $n)", n=str(n)),
            minLength=Literal(n),
        )
        for n in _integers(ctx, SH.minLength)
    ]


def max_length(ctx: ShapeContext) -> list[Check]:
    """Value nodes whose string is longer than the maximum."""
    return [
        ctx.check(
            SH.MaxLengthConstraintComponent,
            ctx.fill("$values FILTER(isBlank(?value) || STRLEN(STR(?value)) > $n)", n=str(n)),
            maxLength=Literal(n),
        )
        for n in _integers(ctx, SH.maxLength)
    ]


def pattern(ctx: ShapeContext) -> list[Check]:
    """Value nodes whose string does not match the regular expression (with sh:flags)."""
    flags = ctx.shape.value(SH.flags)
    flags_text = ", " + sparql_term(Literal(str(flags))) if flags is not None else ""
    checks = []
    for regex in ctx.shape.values(SH.pattern):
        text = ctx.fill(
            "$values FILTER(isBlank(?value) || !REGEX(STR(?value), $regex$flags))",
            regex=sparql_term(Literal(str(regex))),
            flags=flags_text,
        )
        checks.append(ctx.check(SH.PatternConstraintComponent, text, pattern=regex))
    return checks


def language_in(ctx: ShapeContext) -> list[Check]:
    """Value nodes that are not literals with a language tag matching one of the list."""
    checks = []
    for languages in ctx.shape.list_values(SH.languageIn):
        matches = (
            " || ".join(f"langMatches(LANG(?value), {sparql_term(Literal(str(tag)))})" for tag in languages) or "false"
        )
        text = ctx.fill(f"$values FILTER(!(isLiteral(?value) && ({matches})))")
        listed = Literal(", ".join(str(tag) for tag in languages))
        checks.append(ctx.check(SH.LanguageInConstraintComponent, text, languageIn=listed))
    return checks


def unique_lang(ctx: ShapeContext) -> list[Check]:
    """One result per focus node and per language tag used by more than one value node."""
    if ctx.path is None:
        raise Uncompilable("sh:uniqueLang on a node shape")
    checks = []
    for flag in ctx.shape.values(SH.uniqueLang):
        if flag != Literal(True):  # only "true"^^xsd:boolean activates it, not "1"
            continue
        lang = ctx.compiler.fresh("lang")
        grouped = (
            '{ SELECT ?this ?$lang WHERE { $scope ?this $path ?_v FILTER(LANG(?_v) != "") } '
            "GROUP BY ?this (LCASE(LANG(?_v)) AS ?$lang) HAVING (COUNT(DISTINCT ?_v) > 1) }"
        )
        if ctx.data_first:  # group the values of every subject, then test the few candidates
            text = ctx.fill(grouped + " $member", scope="", lang=lang, member=ctx.member(ctx.this))
        else:
            text = ctx.fill(grouped, scope=ctx.focus_pattern(ctx.this), lang=lang)
        check = ctx.check(SH.UniqueLangConstraintComponent, text, value=False)
        check.distinct_by.append(lang)  # one result per duplicated language tag
        checks.append(check)
    return checks


TRANSLATORS = {
    SH.minLength: min_length,
    SH.maxLength: max_length,
    SH.pattern: pattern,
    SH.languageIn: language_in,
    SH.uniqueLang: unique_lang,
}
AUXILIARY = {SH.flags}
