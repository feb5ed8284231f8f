"""The report template's seven questions, in Dutch and English, in full and in short forms.

A line is a heading when, folded (lower case, no accents, numbering or punctuation), it is
wholly one of the forms below: "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?", "6. Follow-up",
"**Vervolgafspraken:**", "ARE THERE ANY FOLLOW-UP AGREEMENTS? IF SO, WHICH?".
"""

from __future__ import annotations

import re
import unicodedata

# key -> the folded forms of its heading (one regular expression, matched in full)
_FORMS: dict[str, str] = {
    "persons": r"hoeveel (?:personen|mensen|collega s|deelnemers) (?:hebben|zijn) (?:de reis"
               r" gemaakt|meegereisd|mee geweest)|hoeveel personen|aantal (?:personen|deelnemers"
               r"|reizigers)|deelnemers|reizigers|how many (?:people|persons|participants|staff"
               r"(?: members)?|colleagues|officials)(?: (?:made|went on|took part in|travelled on"
               r"|traveled on|joined|were on) the (?:trip|journey|visit))?|number of (?:people"
               r"|persons|participants|travellers|travelers)|participants|travellers|travelers",
    "duration": r"hoelang duurde de reis|hoelang was de reis|hoelang|duur(?: van de reis)?"
                r"|reisduur|reisdata|periode|wanneer vond de reis plaats"
                r"|how long (?:did the (?:trip|journey|visit) (?:last|take)|was the (?:trip"
                r"|journey|visit))|duration(?: of the (?:trip|journey|visit))?|dates?"
                r" of the (?:trip|journey|visit)|travel dates|when did the trip take place",
    "purpose": r"wat was het doel van de (?:reis|dienstreis|bezoek)|doel(?: van de (?:reis"
               r"|dienstreis))?|reisdoel|what was the (?:purpose|aim|goal|objective) of the"
               r" (?:trip|journey|visit)|(?:purpose|aim|goal|objective)s?(?: of the (?:trip"
               r"|journey|visit))?",
    "locations": r"welke locaties (?:zijn|werden|heb je|hebben jullie) bezocht|locaties"
                 r"|bezochte locaties|(?:which|what) (?:locations|places|sites|venues)"
                 r" (?:were|have been|did you|did we) visit(?:ed)?|locations(?: visited)?"
                 r"|places visited|sites visited",
    "met": r"wie (?:heb je|hebben jullie|heeft u|is er) ontmoet(?: benoem de"
           r" functieomschrijving(?:en)?)?|(?:wie|met wie) (?:heb je|hebben jullie)"
           r" gesproken|ontmoete personen|gesprekspartners|(?:who|whom) did (?:you|we)"
           r" meet(?: (?:state|name|give|mention) (?:their|the) (?:position|job title|role|"
           r"function)s?)?|(?:people|persons|contacts) met|contacts",
    "results": r"wat heeft de reis (?:de gemeente )?opgeleverd|opbrengst(?:en)?"
               r"|resultaten|resultaat|what (?:did|has) the (?:trip|journey|visit)"
               r" (?:yield|bring|deliver|produce|achieve|give)(?: (?:for|to))?(?: the"
               r" (?:municipality|city|organisation|organization))?|results?|outcomes?"
               r"|what did the (?:municipality|city) gain(?: from the (?:trip|visit))?",
    "followup": r"(?:zijn er )?vervolgafspraken(?: gemaakt)?(?: zo ja welke)?|vervolgacties"
                r"|vervolgstappen|vervolg|afspraken|actiepunten|gemaakte afspraken"
                r"|(?:are there |were there |were )?(?:any )?follow ?up(?: agreements| actions"
                r"| arrangements| points)?(?: made)?(?: if so which(?: ones)?)?|next steps"
                r"|action points|agreements(?: made)?|actions",
}
_PATTERNS = {key: re.compile(forms) for key, forms in _FORMS.items()}
# Words every full-length heading form contains; a line without any is no heading (fast path).
_CUES = re.compile(r"personen|mensen|deelnemers|reizigers|people|persons|participants|staff|"
                   r"colleagues|officials|travel|hoelang|duur|data|periode|wanneer|long|"
                   r"duration|date|doel|purpose|aim|goal|objective|locatie|location|places|"
                   r"sites|venues|ontmoet|gesproken|gesprekspartners|meet|met|contacts|"
                   r"opgeleverd|opbrengst|resulta|yield|bring|deliver|produce|achieve|give|"
                   r"outcome|gain|vervolg|afspraken|actie|follow|next|agreement|action")

_NUMBERING = re.compile(r"^\s*(?:vraag\s*|question\s*)?(?:\d{1,2}|[ivx]{1,4}|[a-g])"
                        r"\s*[.):-]\s+|^\s*\d{1,2}\s+(?=[^\W\d])")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
MAX_HEADING_CHARS = 120


def fold(text: str) -> str:
    """Lower case, no accents, no numbering or punctuation, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("hoe lang", "hoelang").replace("follow-up", "follow up")
    return " ".join(_NOT_WORD.sub(" ", _NUMBERING.sub("", text)).split())


_BULLET = re.compile(r"\s*[-–—•*▪●◦·o]\s")


def heading_key(text: str, short: bool = True) -> str | None:
    """The section a line is the heading of, or None. A bulleted line is none, and with
    `short` False (a list item) only the forms of three words or more count: "- Data:" and
    "1. Resultaten" are items, "6. Zijn er vervolgafspraken?" is a heading."""
    if len(text) > MAX_HEADING_CHARS or text.rstrip().endswith((".", ";", ",")) or \
            _BULLET.match(text):
        return None
    if not _CUES.search(text.lower()):
        return None  # most lines: no word any heading has (checked before the costly fold)
    folded = fold(text)
    if not folded or (not short and folded.count(" ") < 2):
        return None
    for key, pattern in _PATTERNS.items():
        if pattern.fullmatch(folded):
            return key
    return None


def is_heading_start(text: str) -> bool:
    """A line that a heading wrapped over two lines may begin with ("ZIJN ER")."""
    if len(text) > MAX_HEADING_CHARS or not 2 <= text.count(" ") + 1 <= 9:
        return False
    lowered = text.lower()
    if not any(word in lowered for word in _FIRST_WORDS):
        return False  # most lines: checked before the costly fold
    folded = fold(text)
    return 2 <= len(folded.split()) <= 8 and any(form.startswith(folded + " ")
                                                 for form in _LONG_FORMS)


# The long forms, spelled out, for recognising the first line of a wrapped heading.
_LONG_FORMS = ("zijn er vervolgafspraken zo ja welke", "hoeveel personen hebben de reis gemaakt",
               "wat was het doel van de reis", "welke locaties zijn bezocht",
               "wie heb je ontmoet benoem de functieomschrijving",
               "wat heeft de reis de gemeente opgeleverd", "hoelang duurde de reis",
               "are there any follow up agreements if so which",
               "what did the trip yield for the municipality", "what was the purpose of the trip",
               "which locations were visited", "who did you meet",
               "how many people made the trip", "how long did the trip last")
_FIRST_WORDS = {form.split()[0] for form in _LONG_FORMS} | {"hoe"}  # "hoe lang" folds to hoelang


def split_inline(text: str) -> tuple[str, str] | None:
    """(key, answer) for a heading with its answer on the same line: "Vervolgafspraken? Nee"."""
    for sep in ("?", ":"):
        if sep not in text:
            continue
        parts = text.split(sep)
        # Try the longest heading first: "Zijn er vervolgafspraken? Zo ja, welke? Nee".
        for cut in range(min(len(parts) - 1, 3), 0, -1):
            head, rest = sep.join(parts[:cut]), sep.join(parts[cut:])
            if rest.strip(" ?:,") and (key := heading_key(head)):
                return key, rest.strip(" ?:,")
    return None
