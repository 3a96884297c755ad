"""Read dates and places out of what people type in the search box.

« jazz lyon samedi » becomes the text « jazz », the city Lyon and next Saturday.
Everything here is pure Python (no query): the caller passes the known cities.
Recognised parts become chips the visitor can remove, each with the query
that remains without it.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from .dates import PRESETS, day_range, preset_range

MAX_QUERY_LENGTH = 200

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
]
MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

# Multi-word date expressions, as normalised token sequences, and their preset.
PRESET_PHRASES = [
    (("ce", "soir"), "ce-soir"),
    (("aujourd'hui",), "aujourdhui"),
    (("aujourdhui",), "aujourdhui"),
    (("demain",), "demain"),
    (("ce", "week-end"), "ce-week-end"),
    (("ce", "weekend"), "ce-week-end"),
    (("ce", "week", "end"), "ce-week-end"),
    (("week-end",), "ce-week-end"),
    (("weekend",), "ce-week-end"),
    (("cette", "semaine"), "cette-semaine"),
    (("ce", "mois-ci"), "ce-mois-ci"),
    (("ce", "mois"), "ce-mois-ci"),
]
# Small words that introduce a date or a place and go with it.
DATE_LEADS = {"le", "en", "ce", "du", "pour"}
PLACE_LEADS = {"a", "à", "au", "sur", "vers", "pres", "près", "de"}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain."""
    text = text.replace("’", "'").replace("`", "'").lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean(raw: str) -> tuple[str, bool]:
    """Strip control characters and cut overlong queries: (text, was_cut)."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH], True
    return text, False


@dataclass
class Chip:
    kind: str  # "date" or "ville"
    label: str
    query_without: str  # the query string that removes this chip


@dataclass
class ParsedQuery:
    raw: str
    text: str  # what remains for the full-text search
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    date_label: str = ""
    city_slug: str = ""
    city_name: str = ""
    was_cut: bool = False
    chips: list[Chip] = field(default_factory=list)


@dataclass
class _Token:
    original: str
    norm: str
    quoted: bool


def _tokens(text: str) -> list[_Token]:
    tokens, quoted = [], False
    for piece in text.split(" "):
        if not piece:
            continue
        starts = piece.startswith('"')
        norm = normalise(piece.strip('"«»,.;:!?()'))
        tokens.append(_Token(piece, norm, quoted or starts))
        if piece.count('"') % 2 == 1:
            quoted = not quoted
    return tokens


def _next_weekday(today: datetime.date, weekday: int) -> datetime.date:
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


def _month_range(today: datetime.date, month: int, year: int | None):
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    first = datetime.date(year, month, 1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return max(first, today), last


def _match_date(tokens: list[_Token], i: int, now: datetime.datetime):
    """A date expression starting at token i: (length, start, end, label) or None."""
    norms = [t.norm for t in tokens[i:]]
    for phrase, preset in PRESET_PHRASES:
        if tuple(norms[: len(phrase)]) == phrase:
            start, end = preset_range(preset, now)
            return len(phrase), start, end, PRESETS[preset]
    today = timezone.localtime(now).date()
    word = norms[0] if norms else ""
    if word in WEEKDAYS:
        length = 2 if len(norms) > 1 and norms[1] in {"prochain", "soir"} else 1
        day = _next_weekday(today, WEEKDAYS.index(word))
        start, end = day_range(day, day)
        return length, max(start, now), end, f"{WEEKDAYS[WEEKDAYS.index(word)]} {day:%d/%m}"
    if (
        word.isascii()
        and word.isdigit()
        and 1 <= int(word) <= 31
        and len(norms) > 1
        and norms[1] in MONTHS
    ):
        month = MONTHS.index(norms[1]) + 1
        length, year = 2, None
        if len(norms) > 2 and re.fullmatch(r"20\d\d", norms[2]):
            length, year = 3, int(norms[2])
        year = year or (
            today.year if (month, int(word)) >= (today.month, today.day) else today.year + 1
        )
        try:
            day = datetime.date(year, month, int(word))
        except ValueError:
            return None
        start, end = day_range(day, day)
        return length, start, end, f"{int(word)} {MONTH_NAMES[month - 1]}"
    if word in MONTHS:
        month = MONTHS.index(word) + 1
        length, year = 1, None
        if len(norms) > 1 and re.fullmatch(r"20\d\d", norms[1]):
            length, year = 2, int(norms[1])
        first, last = _month_range(today, month, year)
        start, end = day_range(first, last)
        return length, max(start, now), end, f"en {MONTH_NAMES[month - 1]}"
    return None


def _match_city(tokens: list[_Token], i: int, cities: dict[tuple[str, ...], tuple[str, str]]):
    """The longest known city name starting at token i: (length, slug, name) or None."""
    for length in range(min(4, len(tokens) - i), 0, -1):
        words = []
        for token in tokens[i : i + length]:
            words.extend(w for w in re.split(r"[\s-]+", token.norm) if w)
        key = tuple(words)
        if key in cities:
            slug, name = cities[key]
            return length, slug, name
    return None


def city_keys(cities: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, str]]:
    """{normalised words of the name: (slug, name)} for every known city."""
    return {
        tuple(w for w in re.split(r"[\s'-]+", normalise(name)) if w): (slug, name)
        for slug, name in cities
    }


def parse(raw: str, *, cities: list[tuple[str, str]], now=None) -> ParsedQuery:
    """Split a query into text, a date range and a city. Quoted phrases stay text."""
    now = now or timezone.now()
    text, was_cut = clean(raw)
    tokens = _tokens(text)
    known = city_keys(cities)
    used: set[int] = set()
    parsed = ParsedQuery(raw=text, text="", was_cut=was_cut)
    date_span = city_span = None

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.quoted or token.original.startswith("-") or i in used:
            i += 1
            continue
        lead = 1 if token.norm in DATE_LEADS | PLACE_LEADS and i + 1 < len(tokens) else 0
        if parsed.start is None and (match := _match_date(tokens, i + lead, now)):
            length, parsed.start, parsed.end, parsed.date_label = match
            date_span = range(i, i + lead + length)
            used.update(date_span)
            i += lead + length
            continue
        if parsed.start is None and lead and (match := _match_date(tokens, i, now)):
            length, parsed.start, parsed.end, parsed.date_label = match
            date_span = range(i, i + length)
            used.update(date_span)
            i += length
            continue
        place_lead = 1 if token.norm in PLACE_LEADS and i + 1 < len(tokens) else 0
        if not parsed.city_slug and (match := _match_city(tokens, i + place_lead, known)):
            length, parsed.city_slug, parsed.city_name = match
            city_span = range(i, i + place_lead + length)
            used.update(city_span)
            i += place_lead + length
            continue
        i += 1

    parsed.text = " ".join(t.original for n, t in enumerate(tokens) if n not in used)

    def without(span) -> str:
        return " ".join(t.original for n, t in enumerate(tokens) if n not in span)

    if date_span is not None:
        parsed.chips.append(Chip("date", parsed.date_label, without(date_span)))
    if city_span is not None:
        parsed.chips.append(Chip("ville", f"à {parsed.city_name}", without(city_span)))
    return parsed
