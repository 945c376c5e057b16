"""Numbers, amounts and dates as Indonesian stewards write them, read into XSD values, saying how.

Each reader returns a :class:`Reading`: the value's XSD lexical form and datatype (``None`` when the text is
not one), and, when reading it took a rule a person might not expect, which rule (:data:`RULES`) and, for an
ambiguous number, the other way it could be read. :mod:`kg.submissions.convert` turns those into the report's
Info and Warning results, so the steward sees what the tool understood.

Forms read:

* amounts: ``1250000000``, ``1.250.000.000``, ``Rp 1.250.000.000,-``, ``Rp1.250.000.000,00``, ``IDR 1,250,000``,
  with a scale word: ``Rp 13,5 Miliar``, ``Rp1,5 M``, ``1,5 juta``, ``250 jt``, ``2 T``, ``750 ribu``, ``500 rb``,
  the currency after it (``3,5 Milyar Rupiah``, ``2.000.000 IDR``); approximations (``Rp 107 miliar lebih``,
  ``sekitar Rp 2 M``, ``± 1,5 juta``, ``> Rp 10 M``) are read and kept as approximate; another currency
  (``14,2 juta Euro``, ``USD 2 juta``) is read with its ISO 4217 code (:attr:`Reading.currency`), never as
  rupiah; the forms of "no budget" (``-``, ``nihil``, ``tidak ada anggaran``, ``tanpa anggaran``) are
  :data:`NO_AMOUNT`, no number (an explicit ``0`` is a zero);
* other numbers: ``95,5`` (decimal comma), ``2.5``, ``1.500`` / ``1,500`` (one group of three digits: ambiguous,
  decided by the column's own convention when its other values show it, else read the Indonesian way, dot =
  thousands and comma = decimals; always said back as a warning naming both readings);
* dates: ``2025-01-15``, ``15/01/2025``, ``15-01-2025``, ``1 Juli 2025``, ``Selasa, 1 Juli 2025``, ``1 Jul 2025``
  (Indonesian and English month names, full or short); where a column takes them, a month (``2018-03``,
  ``03/2018``, ``Maret 2018``, ``Jun-19`` as a spreadsheet writes a month into a CSV) as ``xsd:gYearMonth`` and a year (``2018``) as ``xsd:gYear``; a date
  cell a spreadsheet showed as a month and year (:class:`MonthDate`: ``Juni 2019`` typed, 2019-06-01 stored) as
  that month, said back (its first day, with a Warning, where a column takes whole dates only).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

#: Reading rules that are said back to the steward (local names of ``kcp:`` IRIs in shapes/programs.ttl).
AMOUNT_SCALE = "AmountScaleReading"
NUMBER_SCALE = "NumberScaleReading"
PERCENT_SIGN = "PercentSignReading"
APPROXIMATE_AMOUNT = "ApproximateAmountReading"
AMBIGUOUS_NUMBER = "AmbiguousNumberReading"
DATE_WORDS = "DateWordsReading"
FOREIGN_CURRENCY = "ForeignCurrencyReading"
NO_AMOUNT = "NoAmountReading"
MONTH_CELL = "MonthCellReading"
MONTH_AS_DAY = "MonthAsDayReading"
RULES = (
    AMOUNT_SCALE,
    NUMBER_SCALE,
    PERCENT_SIGN,
    APPROXIMATE_AMOUNT,
    AMBIGUOUS_NUMBER,
    DATE_WORDS,
    FOREIGN_CURRENCY,
    NO_AMOUNT,
    MONTH_CELL,
    MONTH_AS_DAY,
)

#: Conventions of writing numbers: ``id`` (1.250.000,50) and ``en`` (1,250,000.50).
INDONESIAN, ENGLISH = "id", "en"


@dataclass(frozen=True)
class Reading:
    """What a cell was read as: ``lexical`` in ``datatype`` (``decimal``, ``integer``, ``date``, ``gYearMonth``,
    ``gYear``), or ``None``; the ``rule`` that read it when it is worth saying; the ``alternative`` reading of an
    ambiguous number; ``approximate`` for an amount written as an approximation."""

    lexical: str | None
    datatype: str = "decimal"
    rule: str | None = None
    alternative: str | None = None
    approximate: bool = False
    #: The convention an ambiguous number was read by, and whether the column's own values decided it.
    convention: str | None = None
    by_column: bool = False
    #: Whether the text had a thousands or decimal separator (for the factor-of-1,000 check of a pair).
    separated: bool = False
    #: The ISO 4217 code of an amount written in another currency than the rupiah (``EUR``), else ``None``.
    currency: str | None = None


_UNREADABLE = Reading(None)


class MonthDate(dt.date):
    """A date cell a spreadsheet showed as a month and year only (its number format ``mmmm yyyy``, ``mmm-yy``,
    ``MM/YYYY``): ``Juni 2019`` typed into it was stored as 2019-06-01, a day nobody wrote. The readers of
    XLSX and ODS give such a cell as this type (:func:`month_date`), so that :func:`read_date` reads the month.
    """


def month_date(value: dt.date) -> MonthDate:
    """``value`` (a date or a datetime) as a :class:`MonthDate`."""
    return MonthDate(value.year, value.month, value.day)


# --- numbers ------------------------------------------------------------------------------------------------

_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(rupiah|rp\.?|idr)$", re.IGNORECASE)
#: Other currencies as amounts name them (before or after the number) → ISO 4217 code. Only names that mean
#: one currency: a bare ``$`` or ``dolar`` (whose dollar?) is not read.
FOREIGN_CURRENCIES = {
    "usd": "USD",
    "us$": "USD",
    "dolar as": "USD",
    "dollar as": "USD",
    "us dollar": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "sgd": "SGD",
    "s$": "SGD",
    "dolar singapura": "SGD",
    "jpy": "JPY",
    "yen": "JPY",
    "gbp": "GBP",
    "£": "GBP",
    "aud": "AUD",
    "myr": "MYR",
    "ringgit": "MYR",
    "cny": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
}
_FOREIGN_NAMES = "|".join(re.escape(name) for name in sorted(FOREIGN_CURRENCIES, key=len, reverse=True))
_FOREIGN_BEFORE = re.compile(rf"^({_FOREIGN_NAMES})\s*(?=[0-9])", re.IGNORECASE)
_FOREIGN_AFTER = re.compile(rf"(?<=[0-9a-z.,])\s*({_FOREIGN_NAMES})$", re.IGNORECASE)
#: What stewards write for "this program has no budget" (said back, kept apart from an explicit 0).
_NO_AMOUNT = re.compile(
    r"^(-+|–|—|nihil|tidak\s+ada(\s+anggaran)?|tanpa\s+anggaran|tidak\s+dianggarkan)\.?$", re.IGNORECASE
)
_TRAILING_ZERO_CENTS = re.compile(r"([.,]-+|,-)$")
_SCALES = {
    "ribu": 3,
    "rb": 3,
    "rebu": 3,
    "k": 3,
    "juta": 6,
    "jt": 6,
    "jta": 6,
    "miliar": 9,
    "milyar": 9,
    "m": 9,
    "mlr": 9,
    "mly": 9,
    "mil": 9,
    "triliun": 12,
    "trilyun": 12,
    "t": 12,
    "tn": 12,
}
#: The scale words an indicator value may carry (``12 ribu`` sambungan, ``1,5 juta`` pengunjung): words only, since
#: the letters an amount may carry are units too (``m``, ``t``, ``k``: metre, ton, kilo).
_VALUE_SCALES = frozenset({"ribu", "rb", "rebu", "juta", "jt", "jta", "miliar", "milyar", "triliun", "trilyun"})
_APPROXIMATE_PREFIX = re.compile(
    r"^(sekitar|kurang\s+lebih|kira-kira|kira\s+kira|lebih\s+dari|hampir|lk\.?|\+/-|±|~|>|≈)\s*", re.IGNORECASE
)
_APPROXIMATE_SUFFIX = re.compile(r"\s*(lebih|an|\+|an\s+lebih)$", re.IGNORECASE)
_NUMBER_AND_SCALE = re.compile(r"^([0-9][0-9.,]*)\s*([a-z]+)?\.?$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d+$")


@lru_cache(maxsize=65_536)
def number_convention_evidence(text: str) -> str | None:
    """The convention a number's text shows beyond doubt (``1.250.000`` or ``2,75``: Indonesian; ``1,250,000``
    or ``2.5``: English), or ``None`` (a plain integer, or one group of three digits: ``1.500``). Remembered per
    text: each column's values are read for it (:func:`column_convention`) and repeat from file to file (a
    national year: 82,244 values, 8,963 distinct)."""
    core = _core_number(text)
    if core is None:
        return None
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        return INDONESIAN if core.rfind(",") > core.rfind(".") else ENGLISH
    if dots > 1:
        return INDONESIAN
    if commas > 1:
        return ENGLISH
    if dots == 1:
        return None if len(core) - core.index(".") - 1 == 3 else ENGLISH
    if commas == 1:
        return None if len(core) - core.index(",") - 1 == 3 else INDONESIAN
    return None


def _core_number(text: str) -> str | None:
    """The digits-and-separators part of a number's text (currency, scale word, approximation, ``,-`` taken
    away), or ``None`` when there is none."""
    cleaned = _strip_decorations(str(text))[0]
    match = _NUMBER_AND_SCALE.match(cleaned)
    return match.group(1) if match else None


def _strip_decorations(text: str) -> tuple[str, bool]:
    """``text`` without currency, ``,-``, approximation words; and whether it was written as an approximation."""
    text, approximate, _currency = _decorations(text)
    return text, approximate


def _decorations(text: str) -> tuple[str, bool, str | None]:
    """``text`` without currency (before or after the number), ``,-``, approximation words; whether it was
    written as an approximation; the ISO 4217 code of another currency than the rupiah it names."""
    text = " ".join(text.replace("\u00a0", " ").split())
    approximate = False
    currency = None
    match = _APPROXIMATE_PREFIX.match(text)
    if match:
        approximate, text = True, text[match.end() :]
    text = _CURRENCY.sub("", text)
    match = _FOREIGN_BEFORE.match(text)
    if match:
        currency, text = FOREIGN_CURRENCIES[" ".join(match.group(1).casefold().split())], text[match.end() :]
    for _ in range(2):  # "3,5 Milyar Rupiah lebih", "Rp 2 M lebih": currency and approximation in either order
        match = _APPROXIMATE_SUFFIX.search(text)
        if match and re.search(r"\d", text[: match.start()]):
            approximate, text = True, text[: match.start()]
        text = _CURRENCY_AFTER.sub("", text.strip())
        match = _FOREIGN_AFTER.search(text)
        if match and currency is None:
            currency, text = FOREIGN_CURRENCIES[" ".join(match.group(1).casefold().split())], text[: match.start()]
    text = _CURRENCY.sub("", text.strip())
    text = _TRAILING_ZERO_CENTS.sub("", text.strip())
    return text.strip(), approximate, currency


def _plain(number: Decimal) -> str:
    lexical = format(number, "f")
    if "." in lexical:
        lexical = lexical.rstrip("0").rstrip(".")
    return lexical if lexical not in ("", "-0") else "0"


def _digits_value(core: str, convention: str) -> tuple[Decimal | None, Decimal | None]:
    """The number ``core`` is (digits with ``.``/``,``), read in ``convention``; and, for one group of three
    digits after a single separator, the other reading."""
    dots, commas = core.count("."), core.count(",")
    alternative = None
    if dots and commas:
        decimal_mark = "," if core.rfind(",") > core.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        groups = core[: core.rfind(decimal_mark)].split(thousands)
        if any(len(group) != 3 for group in groups[1:]) or not groups[0] or len(groups[0]) > 3:
            return None, None
        text = core.replace(thousands, "").replace(decimal_mark, ".")
    elif dots + commas == 0:
        text = core
    else:
        mark = "." if dots else ","
        parts = core.split(mark)
        if len(parts) > 2:  # thousands groups: 1.250.000 or 1,250,000
            if not parts[0] or len(parts[0]) > 3 or any(len(part) != 3 for part in parts[1:]):
                return None, None
            text = "".join(parts)
        elif len(parts[1]) == 3 and parts[0] and len(parts[0]) <= 3:  # 1.500 / 1,500: ambiguous
            thousands_reading, decimal_reading = parts[0] + parts[1], f"{parts[0]}.{parts[1]}"
            thousands_mark = "." if convention == INDONESIAN else ","
            if mark == thousands_mark:
                text, alternative = thousands_reading, Decimal(decimal_reading)
            else:
                text, alternative = decimal_reading, Decimal(thousands_reading)
        else:
            if not parts[0] or not parts[1]:
                return None, None
            text = f"{parts[0]}.{parts[1]}"
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None, None
    try:
        return Decimal(text), alternative
    except InvalidOperation:
        return None, None


def read_number(value: Any, *, convention: str | None = None, amount: bool = False) -> Reading:
    """A number or (``amount``) a rupiah amount, as an ``xsd:decimal`` lexical form.

    ``convention`` is the column's own (:func:`column_convention`), used for an ambiguous ``1.500``; without
    one the Indonesian reading is taken. Excel number cells are read as they are.
    """
    if isinstance(value, bool):
        return _UNREADABLE
    if isinstance(value, int):
        return Reading(str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return _UNREADABLE
        return Reading(_plain(Decimal(repr(value))))
    text = str(value).strip()
    if not text:
        return _UNREADABLE
    if amount and _NO_AMOUNT.match(" ".join(text.split())):
        return Reading(None, rule=NO_AMOUNT)
    negative = text.startswith("-") and not text.startswith("--")
    if not amount and text.endswith("%") and len(text) > 1:  # 50% typed as text: 50, in percent
        inner = read_number(text[:-1].rstrip(), convention=convention)
        if inner.lexical is None or inner.rule is not None:
            return inner if inner.lexical is None else _UNREADABLE
        return Reading(inner.lexical, rule=PERCENT_SIGN, separated=inner.separated)
    body, approximate, currency = _decorations(text[1:] if negative else text)
    if (approximate or currency) and not amount:
        return _UNREADABLE
    body = body.replace(" ", "") if _looks_spaced_number(body) else body
    match = _NUMBER_AND_SCALE.match(body)
    if match is None:
        return _UNREADABLE
    core, scale_word = match.group(1), match.group(2)
    exponent = 0
    if scale_word:
        if scale_word.casefold() not in (_SCALES if amount else _VALUE_SCALES):
            return _UNREADABLE
        exponent = _SCALES[scale_word.casefold()]
    chosen = convention or INDONESIAN
    number, other = _digits_value(core.rstrip(".,") if core.endswith((".", ",")) and not scale_word else core, chosen)
    if number is None:
        return _UNREADABLE
    sign = Decimal(-1) if negative else Decimal(1)
    scale = Decimal(10) ** exponent
    lexical = _plain(sign * number * scale)
    separated = "." in core or "," in core
    if other is not None:
        return Reading(
            lexical,
            rule=AMBIGUOUS_NUMBER,
            alternative=_plain(sign * other * scale),
            approximate=approximate,
            convention=chosen,
            by_column=convention is not None,
            separated=True,
            currency=currency,
        )
    if approximate:
        return Reading(lexical, rule=APPROXIMATE_AMOUNT, approximate=True, separated=separated, currency=currency)
    if currency:
        return Reading(lexical, rule=FOREIGN_CURRENCY, separated=separated, currency=currency)
    if exponent:
        return Reading(lexical, rule=AMOUNT_SCALE if amount else NUMBER_SCALE, separated=separated)
    return Reading(lexical, separated=separated)


def decimal_text(number: Decimal | str) -> str:
    """A number's plain ``xsd:decimal`` lexical form: ``1120``, ``1.12`` (no exponent, no trailing zeros)."""
    return _plain(Decimal(number))


def _looks_spaced_number(text: str) -> bool:
    """``1 250 000`` (groups of three separated by spaces), as some exports write thousands."""
    return bool(re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?( ?[a-zA-Z]+)?", text))


def column_convention(values: list[Any]) -> str | None:
    """The convention a column's values show (:func:`number_convention_evidence`), when they show only one."""
    seen = {number_convention_evidence(str(value)) for value in values if isinstance(value, str)}
    seen.discard(None)
    return seen.pop() if len(seen) == 1 else None


def read_integer(value: Any) -> Reading:
    """An integer cell (``2025``, Excel ``2025.0``)."""
    if isinstance(value, bool):
        return _UNREADABLE
    if isinstance(value, int):
        return Reading(str(value), "integer")
    if isinstance(value, float):
        return Reading(str(int(value)), "integer") if value.is_integer() else _UNREADABLE
    text = str(value).strip()
    return Reading(str(int(text)), "integer") if re.fullmatch(r"[+-]?\d+", text) else _UNREADABLE


# --- dates --------------------------------------------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
_WEEKDAYS = re.compile(
    r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\s*,?\s*",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_WORDS_DATE = re.compile(r"^(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$", re.IGNORECASE)
_WORDS_MONTH = re.compile(r"^([a-z]+)\.?,?[\s-]+(\d{4})$", re.IGNORECASE)
#: A month with a two-digit year, as a spreadsheet shows a month (``mmm-yy``) and writes it into a CSV: ``Jun-19``.
_SHORT_MONTH = re.compile(r"^([a-z]+)-(\d{2})$", re.IGNORECASE)
#: Years a date may name (a typed year outside them is not a date).
_YEARS = range(1900, 2101)


def read_date(value: Any, *, partial: bool = False) -> Reading:
    """A date cell as ``xsd:date``; with ``partial``, also a month (``xsd:gYearMonth``) or a year (``xsd:gYear``).

    The rule :data:`DATE_WORDS` marks a date read from words or another form than the template's own
    (``2025-01-15``, ``15/01/2025``, ``2018-03``, ``2018``).
    """
    if isinstance(value, MonthDate):  # the cell showed a month: the month, said back; its first day otherwise
        if partial:
            return Reading(f"{value.year}-{value.month:02d}", "gYearMonth", rule=MONTH_CELL)
        return Reading(value.isoformat(), "date", rule=MONTH_AS_DAY)
    if isinstance(value, dt.datetime):
        return Reading(value.date().isoformat(), "date")
    if isinstance(value, dt.date):
        return Reading(value.isoformat(), "date")
    if isinstance(value, bool):
        return _UNREADABLE
    if isinstance(value, (int, float)):
        if partial and float(value).is_integer() and int(value) in _YEARS:
            return Reading(str(int(value)), "gYear")
        return _UNREADABLE
    text = " ".join(str(value).replace("\u00a0", " ").split())
    words = _WEEKDAYS.sub("", text)
    try:
        match = _ISO_DATE.match(text)
        if match:
            return Reading(dt.date(*map(int, match.groups())).isoformat(), "date")
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = map(int, match.groups())
            return Reading(
                dt.date(year, month, day).isoformat(),
                "date",
                rule=None if "/" in text or text.count("-") == 2 else DATE_WORDS,
            )
        match = _WORDS_DATE.match(words)
        if match and match.group(2).casefold() in MONTHS:
            day, year = int(match.group(1)), int(match.group(3))
            return Reading(dt.date(year, MONTHS[match.group(2).casefold()], day).isoformat(), "date", rule=DATE_WORDS)
    except ValueError:
        return _UNREADABLE
    if not partial:
        return _UNREADABLE
    match = _ISO_MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) in _YEARS:
        lexical = f"{match.group(1)}-{int(match.group(2)):02d}"
        return Reading(lexical, "gYearMonth", rule=None if lexical == text else DATE_WORDS)
    match = _MONTH_YEAR.match(text)
    if match and 1 <= int(match.group(1)) <= 12 and int(match.group(2)) in _YEARS:
        return Reading(f"{match.group(2)}-{int(match.group(1)):02d}", "gYearMonth", rule=DATE_WORDS)
    match = _WORDS_MONTH.match(words)
    if match and match.group(1).casefold() in MONTHS and int(match.group(2)) in _YEARS:
        return Reading(f"{match.group(2)}-{MONTHS[match.group(1).casefold()]:02d}", "gYearMonth", rule=DATE_WORDS)
    match = _SHORT_MONTH.match(text)
    if match and match.group(1).casefold() in MONTHS:  # a spreadsheet's month: this century
        return Reading(f"20{match.group(2)}-{MONTHS[match.group(1).casefold()]:02d}", "gYearMonth", rule=DATE_WORDS)
    match = _YEAR.match(text)
    if match and int(text) in _YEARS:
        return Reading(text, "gYear")
    return _UNREADABLE


def date_text(lexical: str, datatype: str, lang: str = "id") -> str:
    """A read date as a person says it: ``1 Juli 2025``, ``Maret 2018`` (the month), ``2018`` (the year)."""
    names_id = (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    )
    names_en = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    names = names_en if lang == "en" else names_id
    parts = lexical.split("-")
    if datatype == "gYear" or len(parts) == 1:
        return parts[0]
    if datatype == "gYearMonth" or len(parts) == 2:
        return f"{names[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {names[int(parts[1]) - 1]} {parts[0]}"


def amount_text(lexical: str, lang: str = "id") -> str:
    """An amount as a person reads it: ``13.500.000.000`` (Indonesian grouping) or ``13,500,000,000``."""
    number = Decimal(lexical)
    whole, _, fraction = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}"
    if lang != "en":
        grouped = grouped.replace(",", ".")
    sign = "-" if number < 0 else ""
    if fraction.rstrip("0"):
        return f"{sign}{grouped}{',' if lang != 'en' else '.'}{fraction.rstrip('0')}"
    return f"{sign}{grouped}"
