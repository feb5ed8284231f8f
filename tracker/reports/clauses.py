"""The grammar of agreements, Dutch and English: what a sentence does. Is it a lead-in ("Ja,
de volgende:"), a "none" answer, a negation or non-commitment, an agreement recorded in passing
("is afgesproken om"), the start of a new agreement or a sentence that supports the one before,
and is it written as already done (past, perfect, passive perfect) or still to come?
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The words of a list written as text."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# --- answers that are no agreement ------------------------------------------------------------

_NONE = re.compile(
    r"(?:nee|neen|no|geen|none|nope|n\.?v\.?t\.?|niet van toepassing|not applicable|n/a|-+)"
    r"(?:[\s,.:;-]+(?:er zijn |there are |there were )?(?:geen|no|none)?\s*(?:concrete |verdere"
    r" |further |specific )?(?:vervolgafspraken|follow-?up(?: agreements| actions)?|afspraken|"
    r"agreements)?(?: gemaakt| made)?)?\s*[.!]?", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"(?:(?:ja|yes|jazeker|zeker|certainly)\b[^.:;]{0,80}|"
    r"(?:de |het |the )?(?:volgende|onderstaande|following|below|afspraken|agreements)\b"
    r"[^.:;]{0,80}|(?:er zijn|there are|we hebben|we have|we made|er is)\b[^.:;]{0,60}"
    r"(?:afspraken|agreements|vervolgafspraken|actiepunten|action points)[^.:;]{0,40}"
    r"|zie (?:de )?(?:bijlage|bijgevoegde|onderstaande|hieronder)[^.:;]{0,60}"
    r"|see (?:the )?(?:attached|attachment|annex|below|list)[^.:;]{0,60})\s*[:.]?",
    re.IGNORECASE)
_LEAD_IN_WORDS = re.compile(r"\b(?:volgende|onderstaande|hieronder|bijlage|bijgevoegde|"
                            r"following|below|attached|annex|list|lijst|zie|see|afspraken|"
                            r"agreements|vervolgafspraken|action points|actiepunten|ja|yes)\b",
                            re.IGNORECASE)


# A closing line after the agreements: "Verder geen.", "Dat was het.", "Nothing further.".
_CLOSER = re.compile(r"(?:(?:verder|overigens|daarnaast|further|otherwise|other than that|"
                     r"besides that),?\s+)?(?:geen|niets|none|nothing)(?: (?:meer|verder|verdere|"
                     r"anders|else|further|more|other))?(?: (?:afspraken|agreements))?(?: (?:at"
                     r" this stage|for now|yet|op dit moment|voor nu))?|dat was het|dat is alles|"
                     r"that was all|that'?s all|that is all", re.IGNORECASE)
# A pointer to another part of the report: "Zie ook punt 5", "See section 6 above".
_POINTER = re.compile(r"(?:zie|see)(?: ook| also)? (?:punt|paragraaf|hoofdstuk|vraag|sectie|"
                      r"section|item|point|question|hierboven|boven|above|eerder|earlier)\b"
                      r"[^.;:]{0,40}", re.IGNORECASE)


def is_none(text: str) -> bool:
    """"Nee", "Geen", "n.v.t.", "No follow-up agreements were made.", "Verder geen.",
    "Zie ook punt 5"."""
    if len(text) >= 80:
        return False
    text = text.strip().rstrip(".!")
    return any(p.fullmatch(text) for p in (_NONE, _CLOSER, _POINTER))


def is_lead_in(text: str) -> bool:
    """"Ja:", "Ja, de volgende:", "Ja, zie de bijgevoegde lijst", "Yes, the following."."""
    text = text.strip()
    if len(text) > 140:
        return False
    if text.endswith(":") and len(text.split()) <= 14:
        return True
    if _FOLLOWING.search(text) and len(text) < 100:
        return True  # "We agreed on the following.", "Afgesproken is het volgende."
    return _LEAD_IN.fullmatch(text) is not None and _LEAD_IN_WORDS.search(text) is not None


# A sentence about the agreements as a whole: "Tijdens de slotbespreking is een aantal zaken
# afgesproken, die wij hieronder samenvatten", "Several follow-up actions were agreed:".
_ANNOUNCE = re.compile(
    r"\b(?:een aantal|enkele|diverse|verschillende|meerdere|de volgende|onderstaande|twee|drie|"
    r"vier|vijf|several|a number of|some|the following|various|two|three|four|five)\s+"
    r"(?:[^\W\d_]+\s+)?(?:zaken|afspraken|vervolgafspraken|punten|actiepunten|acties|"
    r"vervolgstappen|agreements|actions|action points|points|things|next steps|follow-ups)\b"
    r"[^.;]{0,40}?\b(?:afgesproken|gemaakt|overeengekomen|vastgelegd|agreed|made|settled)\b",
    re.IGNORECASE)


def announces_agreements(sentence: str) -> bool:
    """A sentence that only says agreements were made, before listing them."""
    return _ANNOUNCE.search(sentence) is not None


_FOLLOWING = re.compile(r"\b(?:the following|het volgende|as follows|als volgt)\s*[.:]?\s*$"
                        r"|^(?:het volgende|the following)\s+(?:is|was|werd|has been)\s+"
                        r"(?:afgesproken|agreed|besproken|discussed)\b",
                        re.IGNORECASE)
_YES_PREFIX = re.compile(r"^(?:ja|yes)\s*[:,;.!-]\s*(?=\S)", re.IGNORECASE)


def strip_yes(text: str) -> str:
    """"Ja, we sturen de presentatie." -> "we sturen de presentatie."."""
    return _YES_PREFIX.sub("", text, count=1)


# --- remarks and contact details ----------------------------------------------------------

# A label that makes a line a remark, not an agreement: "Ter info:", "PM –", "Opmerking:",
# "Note:", "FYI:", "Contact(persoon) Kopenhagen:".
_REMARK = re.compile(
    r"(?:ter info(?:rmatie)?|ter kennisname|info|pm|p\.m\.|nb|n\.b\.|let op|opmerking|"
    r"kanttekening|toelichting|achtergrond|note|nota bene|remark|comment|fyi|for info(?:rmation)?"
    r"|background|(?P<contact>contact(?:persoon|personen|gegevens| details| person| persons)?"
    r"(?: [^\W\d_][\w'’.-]*){0,3}))\s*(?::|\s[-–—]\s)", re.IGNORECASE)
# (an address is matched from its first character only: linear on a megabyte-long word)
_CONTACT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d[\d ()-]{7,}\d|"
                      r"\b(?:tel|telefoon|phone|e-?mail)\b\.?:", re.IGNORECASE)


def is_remark(text: str) -> bool:
    """"Ter info: ...", "PM: kosten tegenbezoek", "Note: ...", or a line of contact details
    (an e-mail address or phone number beside a few words): information, no agreement."""
    label = _REMARK.match(text.strip())
    if label and not (label.group("contact") and has_action(text.strip()[label.end():])):
        return True  # a contact label over an agreement ("Contact Lyon: ... stuurt") is none
    # A line of contact details: what is left without them is a name or role, no sentence.
    return _CONTACT.search(text) is not None and len(_CONTACT.sub(" ", text).split()) <= 6


# --- negations and non-commitments ------------------------------------------------------------

_NEGATION = re.compile(
    r"\b(?:geen|niets|nog niet|no|nothing|not yet|none)\b[^.;]{0,60}?\b(?:toegezegd|"
    r"toezegging(?:en)?|afgesproken|afspraken|overeengekomen|besloten|agreed|committed|"
    r"commitments?|promised|agreements?|decided|decision)\b"
    r"|\b(?:toegezegd|afgesproken|agreed|committed|decided|besloten)\b[^.;]{0,30}?\b(?:geen|niets"
    r"|niet|nothing|not)\b"
    r"|\bmo(?:et|eten) nog (?:worden |nader )?(?:afgestemd|besproken|besloten|bekeken|"
    r"uitgezocht|bepaald|vastgesteld|uitgewerkt)\b|\b(?:is|zijn) nog (?:niet )?(?:onduidelijk|"
    r"onbekend|niet bekend|niet besloten|niet duidelijk|open)\b"
    r"|\b(?:remains?|is|are|was|were) (?:still )?(?:to be (?:decided|determined|agreed|"
    r"discussed|confirmed)|unclear|undecided)\b|\bstill (?:has|have|needs?) to be (?:decided|"
    r"agreed|discussed|confirmed)\b|\bha(?:s|ve) not (?:yet )?been (?:decided|agreed|confirmed)\b"
    # "nog niet beslist", "not been planned yet", "did not commit",
    # "is nog onzeker", "remains open", "hangt af van", "wordt later besloten"
    r"|\bnog niet (?:beslist|besloten|zeker)\b"
    r"|\b(?:ha(?:s|ve)|had) not (?:yet )?been (?:planned|scheduled|settled|promised|committed)\b"
    r"|\b(?:did|do|does) not (?:commit|agree|promise|decide)\b|"
    r"\b(?:is|blijft|zijn|blijven) (?:nog )?onzeker\b|\b(?:remains?|is still|are still|"
    r"blijft|staat nog|staan nog) open\b|\bhangt (?:nog )?af van\b|\bdepends? on\b|"
    r"\b(?:wordt|worden) later (?:besloten|bepaald|afgestemd|bekeken)\b|\bwill be "
    r"(?:decided|determined|settled) later\b",
    re.IGNORECASE)


def is_negation(sentence: str) -> bool:
    """"Over de financiering zijn nog geen toezeggingen gedaan", "dat moet nog worden
    afgestemd", "Nothing was agreed on funding"."""
    return _NEGATION.search(sentence) is not None


# --- agreements recorded in passing, in other sections ----------------------------------------

_AGREED = re.compile(r"\b(?:afgesproken|overeengekomen|toegezegd|agreed|committed to|promised"
                     r" to|undertook to|afspraak gemaakt|de afspraak (?:is|gemaakt))\b",
                     re.IGNORECASE)
# "Zoals eerder met de wethouder afgesproken", "in het coalitieakkoord afgesproken": an
# agreement from before the trip, not one it made.
_AGREED_NOT = re.compile(r"\b(?:zoals|as)\b[^.,;]{0,50}\b(?:afgesproken|agreed)\b|"
                         r"\b(?:coalitieakkoord|collegeakkoord|akkoord van|coalition agreement|"
                         r"eerder afgesproken|previously agreed)\b", re.IGNORECASE)


_AGREED_WORDS = ("afgesproken", "overeengekomen", "toegezegd", "agreed", "committed", "promised",
                 "undertook", "afspraak")


def records_agreement(sentence: str) -> bool:
    """"... is afgesproken om ...", "It was agreed that ...", not "zoals afgesproken"."""
    lower = sentence.lower()
    if not any(word in lower for word in _AGREED_WORDS):
        return False  # most sentences (checked before the patterns)
    return (_AGREED.search(sentence) is not None and not _AGREED_NOT.search(sentence)
            and not is_negation(sentence) and not sentence.rstrip().endswith("?"))


# --- one agreement or several: does a sentence start a new one? -------------------------------

# Sentences opening with these explain or support the one before.
_SUPPORT = re.compile(
    r"(?:dit|deze|dat|die|daar(?:voor|bij|mee|door|in|om|op|over|uit|van|toe)|hier\w*|zo|"
    r"zodat|zodoende|op die manier|op deze manier|"
    r"mogelijk|wellicht|eventueel|omdat|want|doel|het doel|de bedoeling|het is de bedoeling|"
    r"reden|de reden|ook hier|waarbij|waarna|waardoor|dan|vervolgens|als|indien|mits|"
    r"this|these|that|those|there(?:by|fore|after)|here\w*|it|its|so|in this way|in that way|"
    r"to this end|possibly|perhaps|the aim|the goal|the idea|the purpose|the reason|because|"
    r"which|if|then|after that|such)\b", re.IGNORECASE)
# A finite verb of doing, present or future, or a passive that announces an action.
_ACTION = re.compile(
    r"\b(?:zal|zullen|gaat|gaan|wil|willen|wordt|worden|neemt|nemen|stuurt|sturen|stuur|"
    r"organiseert|organiseren|plant|plannen|bekijkt|bekijken|onderzoekt|onderzoeken|verkent|"
    r"verkennen|deelt|delen|maakt|maken|zoekt|zoeken|legt|leggen|bereidt|bereiden|nodigt|"
    r"nodigen|informeert|informeren|koppelt|koppelen|werkt|werken|stelt|stellen|schrijft|"
    r"schrijven|levert|leveren|brengt|brengen|biedt|bieden|houdt|houden|pakt|pakken|"
    r"bezoekt|bezoeken|ontvangt|ontvangen|regelt|regelen|verzorgt|verzorgen|"
    r"treedt|treden|dient|dienen|vraagt|vragen|presenteert|presenteren|agendeert|"
    r"vertaalt|vertalen|verzamelt|verzamelen|rekent|rekenen|controleert|controleren|checkt|"
    r"coördineert|coördineren|ondersteunt|ondersteunen|publiceert|publiceren|verwerkt|verwerken|"
    r"evalueert|evalueren|ontwikkelt|ontwikkelen|begeleidt|begeleiden|zorgt|zorgen|"
    r"inventariseert|inventariseren|bespreekt|bespreken|adviseert|adviseren|doet|doen|geeft|"
    r"geven|zet|zetten|start|starten|meldt|melden|rapporteert|rapporteren|rondt|ronden|"
    r"verstuurt|versturen|benadert|benaderen|betrekt|betrekken|overlegt|overleggen|kijkt|"
    r"kijken|test|testen|past|passen|vult|vullen|licht|lichten|stemt|stemmen|zoekt|"
    r"is afgesproken|zijn afgesproken|afgesproken|"
    r"will|shall|sends?|takes?|organi[sz]es?|plans?|explores?|shares?|makes?|prepares?|"
    r"invites?|informs?|contacts?|writes?|delivers?|arranges?|hosts?|visits?|presents?|"
    r"follows? up|looks? into|sets? up|agreed|is going to|are going to|"
    r"proposes?|drafts?|reports?|asks?|checks?|reviews?|compiles?|collects?|translates?|"
    r"updates?|provides?|coordinates?|forwards?|circulates?|drafts?|publishes?|submits?|"
    r"comments?|reaches? out|gets? in touch|briefs?|schedules?|calls?|offers?|puts?|"
    r"works?|develops?|tests?|evaluates?|examines?|assesses?|investigates?|considers?|"
    r"provides?|supports?|hands? over|passes? on|joins?|attends?|leads?|coordinates?|"
    r"hebben|heeft|is|zijn|has|have|was|were)\b", re.IGNORECASE)


def has_action(text: str) -> bool:
    """Whether a text holds a finite verb of doing (or an auxiliary of one)."""
    return _ACTION.search(text) is not None


_POSSIBILITY = re.compile(r"\b(?:kan|kunnen|zou|zouden|could|might|may|can)\b", re.IGNORECASE)


def starts_new_agreement(sentence: str) -> bool:
    """A sentence with its own action that does not lean on the one before ("Dit vanwege",
    "Hiervoor worden ... voorbereid", "This will help ..."); a possibility ("kan dan ook als
    voorbeeld dienen") only comments on it."""
    words = sentence.split()
    if len(words) < 4 or _SUPPORT.match(sentence) or _POSSIBILITY.search(" ".join(words[:5])):
        return False
    return has_action(sentence) and not is_negation(sentence)


_ADDITIVE = re.compile(r"(?:daarnaast|verder|tevens|bovendien|ook|in addition|additionally|"
                       r"furthermore|moreover|also|besides)\b,?\s+\S", re.IGNORECASE)


def adds_agreement(sentence: str) -> bool:
    """"Daarnaast stelt het hoofd toerisme ... beschikbaar", "In addition, we send ...": a
    further agreement, said to be one."""
    return _ADDITIVE.match(sentence) is not None and starts_new_agreement(sentence)


# --- done or still to come --------------------------------------------------------------------

_AUX_PERFECT = word_set("is zijn was waren werd werden heeft hebben hebt heb had hadden were "
                        "has have having been")
_OPEN_MARKERS = word_set("""
zal zullen zou zouden gaat gaan ga wil willen wilt moet moeten kan kunnen wordt worden nog
binnenkort volgt volgen komt komen plan plannen gepland voornemens bedoeling verwacht
will shall would should going plan plans planned intend intends intended expected soon
yet still upcoming next future being
""")
# Participles whose content still lies ahead: an invitation, an agreement, a request.
_AHEAD = word_set("""
afgesproken uitgenodigd gevraagd verzocht toegezegd besloten overeengekomen gepland
voorgesteld aangeboden aangegeven aangekondigd afgestemd benaderd opgeroepen aangemeld
ingepland geagendeerd uitgesteld
agreed invited asked requested promised decided planned proposed offered scheduled
announced committed postponed
""")
_STRONG = word_set("""
gehouden gegeven besproken ontvangen geschreven gedaan gezien genomen opgenomen aangenomen
doorgenomen gesproken gevonden gekozen getroffen overgedragen begonnen verschenen gelezen
afgesloten doorgegeven meegegeven opgezet uitgezet ingediend bezocht gebracht gedacht
gekomen geweest gebleken verzonden vertrokken aangeleverd rondgestuurd doorgestuurd
sent held given shared done made written taken brought spoken begun shown seen
""")
_PARTICIPLE = re.compile(r"(?:(?:op|toe|door|rond|mee|uit|aan|af|in|na|over|terug|voor|bij|"
                         r"vast|samen|weg|neer|kennis|tot)?ge[a-z]{2,}[dt]|(?:be|ver|ont|her|onder|over)"
                         r"[a-z]{3,}[dt]|[a-z]{3,}(?:ed))")
_NOT_PARTICIPLE = word_set("""
gebied gemeenteraad geld gezond gevaar gebouwd? verband beleid bestand verschil verleden
gericht gewenst gesprekt gedurende gezamenlijk gemeentelijk geheel geleden bereid betreft
bezet verplicht verband hundred need based related interested united limited
""")
_PAST_VERBS = word_set("""
stuurde stuurden verstuurde verstuurden hield hielden gaf gaven deelde deelden presenteerde
presenteerden organiseerde organiseerden bezocht bezochten leverde leverden publiceerde
publiceerden schreef schreven informeerde informeerden tekende tekenden ondertekende
ondertekenden sprak spraken ontving ontvingen diende dienden maakte maakten
sent held gave shared presented organised organized submitted delivered completed published
forwarded circulated visited signed hosted wrote informed contacted arranged made gave
""")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:maar|but|en|and|omdat|because|waarna|waarbij|zodat|"
                         r"so that|which|die|dat|en we|and we)\b|\s+(?:om|to)\s+\w+")


def _is_participle(word: str) -> bool:
    return (word in _STRONG or (word not in _NOT_PARTICIPLE and len(word) > 4 and
                                _PARTICIPLE.fullmatch(word) is not None))


def done_reason(text: str, sentences: list[str]) -> str | None:
    """Why an item reads as already done, or None: its first sentence is in the past, the
    perfect or the passive perfect, and nothing in the item is still to come."""
    first = sentences[0] if sentences else text
    clause = _CLAUSE_END.split(first, maxsplit=1)[0]
    words = [w.lower() for w in _WORD.findall(clause)]
    if not words or any(w in _OPEN_MARKERS for w in _WORD.findall(text.lower())):
        return None  # something in the item is still to come
    if any(w in _AHEAD for w in words):
        return None
    aux = next((i for i, w in enumerate(words) if w in _AUX_PERFECT), None)
    perfect = aux is not None and any(_is_participle(w) for w in words[aux + 1:])
    past = any(w in _PAST_VERBS for w in words[:6])
    if perfect or past:
        return f"written as already done in the report: {clause.strip().rstrip('.')!r}"
    return None


_DONE_WORD = re.compile(r"(?:done|completed|complete|finished|gereed|klaar|afgerond|voltooid|"
                        r"uitgevoerd|gedaan|verstuurd|sent|ok|✓|✔|x)\W*", re.IGNORECASE)


def says_done(cell: str) -> bool:
    """A table cell that marks its row done ("Done", "Afgerond", "✓")."""
    return _DONE_WORD.fullmatch(cell.strip()) is not None


# --- owner hints ------------------------------------------------------------------------------

_HINT = re.compile(
    r"\b((?:(?!(?:De|Het|The|Een|A)\s)[A-Z][\w&-]*\s+){1,4}"
    r"(?:team|afdeling|department|unit)\b|"
    r"(?:[Tt]eam|[Aa]fdeling|[Dd]irectie|[Dd]ienst|[Cc]luster|[Dd]epartment|[Uu]nit)\s+"
    r"[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})")
_ARTICLE = re.compile(r"^(?:Het|De|Een|The|A)\s+")


def owner_hint(text: str) -> str | None:
    """A team or department the text names ("het Resilience team neemt contact op")."""
    for match in _HINT.finditer(text):
        hint = _ARTICLE.sub("", match.group(1).strip())
        if " " in hint:  # "De afdeling" alone names none
            return hint
    return None
