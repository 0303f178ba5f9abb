"""People spelled differently are still the same person: "Rusni Febrianti" and "Rusni Febriyanti".

One owner of "is this name the same person's": `name_key` folds the ways Indonesian names vary
(titles and degrees, y/i, old spellings dj/tj/oe, a final -o/-a, doubled letters) and `names_match`
compares two folded names. `similar_people` finds them in the register: on PostgreSQL trigram word
similarity (pg_trgm, as the aspirations' duplicate search) narrows the candidates; elsewhere (SQLite)
the people of the same organisation, or sharing a name's first letters, are compared in Python.
`import_similar_names` warns about the new rows of an import preview, with one query.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Q

from .models import Organization, Stakeholder

# Honorifics and titles written before a name (matched as whole words, dots removed).
TITLES = {
    "ir", "h", "hj", "dr", "drs", "dra", "prof", "st", "kh", "ust", "ustadz", "ustadzah", "tgh",
    "bpk", "bapak", "pak", "ibu", "bu", "sdr", "sdri", "ny", "nn", "tn", "mr", "mrs", "ms",
}  # fmt: skip
# Academic degrees written after a name, usually after a comma: ", S.T.", ", S.Pd., M.Si.", "Amd.Kep".
DEGREE = re.compile(
    r"\b(s|m|d[1-4]|a\.?md|amd|dr|ph\.?d|mba|mm|mt|msi|mpd|spd|sh|se|st|skm|skep|sag|sos|sip|si|kom|ked|sp)"
    r"(\.\s*[a-z]{1,5})*\.?(?=[\s,]|$)",
    re.IGNORECASE,
)
# Above this the folded names are the same person with a typo ("Febrianti" / "Febrianty" is caught
# by the folding; "Hartono" / "Hartoni" by this).
MATCH_RATIO = 0.88
# pg_trgm word similarity below which a register row is not even a candidate.
TRIGRAM_THRESHOLD = 0.3
CANDIDATES = 50
# An import compares a new row letter by letter only with organisations up to this size (else folded names).
FUZZY_BUCKET = 300


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def bare_name(name: str) -> str:
    """The name without titles before it or degrees after its comma, lower case: "ir. h. budi, s.t." → "budi"."""
    text = _plain(name)
    head, _sep, tail = text.partition(",")
    # Everything after the first comma is degrees ("Budi Santoso, S.T., M.M."); keep what is not one.
    tail_words = [w for w in re.split(r"[\s,]+", tail) if w and not DEGREE.fullmatch(w)]
    words = re.split(r"[\s.]+", head.replace("'", "")) + tail_words
    words = [re.sub(r"[^a-z]", "", w) for w in words]
    words = [w for w in words if w]
    while words and words[0] in TITLES and len(words) > 1:
        words.pop(0)
    return " ".join(words)


def name_key(name: str) -> str:
    """The name folded the ways Indonesian spellings vary, for comparison only (never shown)."""
    words = []
    for word in bare_name(name).split():
        word = word.replace("dj", "j").replace("tj", "c").replace("oe", "u").replace("y", "i")
        word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters: "Febriianti", "Muhammad" / "Muhamad"
        if len(word) > 3 and word.endswith("o"):
            word = word[:-1] + "a"  # Javanese -o / -a: "Suparno" / "Suparna"
        words.append(word)
    return " ".join(words)


def names_match(a: str, b: str) -> bool:
    """Whether two names are probably the same person's."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    return key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= MATCH_RATIO


def similar_people(
    *,
    name: str,
    organization: Organization | None = None,
    organization_name: str = "",
    anywhere: bool = False,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Stakeholder]:
    """People in the register whose name is probably the same as `name`, in the same organisation
    (given as a row or by name; none given: among people without one), or `anywhere`."""
    bare = bare_name(name)
    if not bare:
        return []
    people = Stakeholder.objects.filter(erased_at__isnull=True).select_related("organization")
    if organization is not None:
        people = people.filter(organization=organization)
    elif organization_name.strip():
        people = people.filter(organization__name__iexact=organization_name.strip())
    elif not anywhere:
        people = people.filter(organization__isnull=True)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        candidates = (
            people.annotate(similarity=TrigramWordSimilarity(bare, "name"))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity", "pk")[:CANDIDATES]
        )
    else:
        # No pg_trgm: people sharing the first letters of one of the name's words.
        words = [w for w in bare.split() if len(w) >= 3]
        if not words:
            return []
        condition = Q()
        for word in words:
            condition |= Q(name__icontains=word[:3])
        candidates = people.filter(condition).order_by("pk")[: CANDIDATES * 4]
    return [person for person in candidates if names_match(name, person.name)][:limit]


@dataclass(frozen=True)
class SimilarName:
    """An import row whose name is probably someone already in the register, or on another row."""

    row: int
    name: str
    organization: str
    similar_to: str
    elsewhere: str  # "register" or the other row's number


def import_similar_names(*, rows: list[dict], limit: int = 50) -> list[SimilarName]:
    """Warnings for the new people of an import preview (rows without a register match), one query.

    Not errors: the officer reads them and may fix the file before confirming.
    """
    new_rows = [r for r in rows if not r.get("pk") and r.get("name")]
    if not new_rows:
        return []
    register: dict[str, list[tuple[str, str]]] = {}
    exact: dict[tuple[str, str], str] = {}
    people = Stakeholder.objects.filter(erased_at__isnull=True).values_list("name", "organization__name")
    for person_name, organization_name in people:
        organization, key = (organization_name or "").casefold(), name_key(person_name)
        register.setdefault(organization, []).append((key, person_name))
        exact.setdefault((organization, key), person_name)
    warnings: list[SimilarName] = []
    seen_in_file: dict[str, list[tuple[str, str, int]]] = {}
    for row in new_rows:
        organization = (row.get("organization") or "").casefold()
        key = name_key(row["name"])
        found = exact.get((organization, key))
        bucket = register.get(organization, [])
        if found is None and len(bucket) <= FUZZY_BUCKET:  # typos are looked for in organisations of a usual size
            found = next((shown for other_key, shown in bucket if _keys_match(key, other_key)), None)
        if found and found != row["name"]:
            warnings.append(SimilarName(row["row"], row["name"], row.get("organization", ""), found, "register"))
        else:
            earlier = next(
                ((shown, number) for k, shown, number in seen_in_file.get(organization, []) if _keys_match(key, k)),
                None,
            )
            if earlier and earlier[0] != row["name"]:
                warnings.append(
                    SimilarName(row["row"], row["name"], row.get("organization", ""), earlier[0], str(earlier[1]))
                )
        seen_in_file.setdefault(organization, []).append((key, row["name"], row["row"]))
        if len(warnings) >= limit:
            break
    return warnings


def _keys_match(key_a: str, key_b: str) -> bool:
    return bool(key_a and key_b) and (key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= MATCH_RATIO)
