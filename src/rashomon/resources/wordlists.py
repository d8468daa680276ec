"""Word lists the rule-based entity path uses: titles, organisation and facility head nouns.

These are general English news conventions, not names from any one story.
"""

from __future__ import annotations

import re

from rashomon.resources.gazetteer import has_place_prefix

# Words that, placed before a name, make it a person's name ("Premier Li Qiang", "dictator Xi").
TITLES = frozenset(
    """
    president vice-president premier minister chairman chairwoman chair secretary senator sen governor
    mayor ambassador king queen prince princess pope chancellor general gen mr mrs ms dr prof professor
    judge justice rep representative ceo cfo cto coo cio director manager dean spokesperson spokesman spokeswoman
    commissioner
    lieutenant colonel col captain capt sheikh emperor dictator leader speaker envoy counsel attorney
    sergeant sgt officer chief commander admiral marshal lord lady sir dame rabbi imam bishop cardinal
    reverend rev father sister brother mp mps expert analyst economist researcher fellow executive lawyer
    founder chairperson premier-designate deputy strongman autocrat tycoon mogul coach
    sheriff detective det inspector insp superintendent supt constable const trooper patrolman
    clerk treasurer auditor comptroller controller coroner warden registrar
    """.split()
)

# Prepositions spaCy's stop list leaves out ("unlike Republican nominee Donald Trump").
PREPOSITIONS = frozenset(
    """
    unlike despite including like amid amidst alongside versus vs concerning regarding near plus inside outside
    """.split()
)
# Auxiliaries and subject pronouns: a participle after one is a verb ("who has endorsed Democratic nominee Hillary
# Clinton"), not the first word of a description ("the embattled mayor").
VERB_BEFORE = frozenset(
    "has have had having is are was were be been being am will would can could may might must".split()
)
SUBJECT_PRONOUNS = frozenset("i he she we they who".split())

# Lower-case particles a person's name may start with ("al-Qaddafi", "de Blasio", "van Gogh", "bin Laden").
NAME_PARTICLES = frozenset("al el bin ibn de del della da di du dos das van von der den le la ter".split())

# What may follow a family name ("Martin Luther King Jr."), folded and without their dots.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

ABBREVIATIONS = frozenset(
    {
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "gen.",
        "sen.",
        "rep.",
        "st.",
        "jr.",
        "sr.",
        "col.",
        "capt.",
        "sgt.",
        "rev.",
        "gov.",
        "lt.",
        "jan.",
        "feb.",
        "aug.",
        "sept.",
        "sep.",
        "oct.",
        "nov.",
        "dec.",
        "inc.",
        "corp.",
        "co.",
        "ltd.",
    }
)

# Head nouns of organisation names ("Chinese Academy of Social Sciences", "Global Times").
ORG_HEADS = frozenset(
    """
    ministry department university institute institution council committee congress party foundation
    academy agency bank times news post daily press association chamber commission forum group inc corp
    corporation company organization organisation parliament government court union federation league
    board bureau office service services authority administration assembly senate house cabinet embassy
    consulate network broadcasting corporation journal herald tribune telegraph gazette guardian globe
    mail monitor review magazine television radio tv cooperation alliance coalition front movement army
    navy force forces police command fund trust society club center centre college school hospital
    laboratory lab reuters bloomberg xinhua ventures holdings partners airlines airways motors energy
    nations
    """.split()
)

# Head nouns of named facilities and places ("Beijing Capital International Airport").
FACILITY_HEADS = frozenset(
    "airport square hall palace bridge street avenue station port harbour harbor island islands river "
    "mountain mountains sea ocean strait gulf bay lake valley park stadium tower building".split()
)

# Upper-case words that are not organisations.
NOT_ORG_ACRONYMS = frozenset(
    "EV EVS GDP CEO CFO AI TV PM MP MPS AM OK ID DNA HIV COVID IT".split()
    + ["PhD", "USD", "CAD", "RMB", "CO2", "SUV", "LNG", "VAT", "OPINION", "BREAKING", "UPDATE", "WATCH"]
)

_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|ican|ench|utch|ai|aqi|eli|ani)s?$")

# Party adjectives and nouns: they end no person's name ("Senate Democratic leader"), unlike "Green" or "West".
PARTY_WORDS = frozenset(
    "conservative conservatives liberal liberals democrat democrats democratic republican republicans socialist "
    "communist".split()
)
# Words that open a description of a person rather than their name ("Conservative Michael Chong").
AFFILIATIONS = PARTY_WORDS | frozenset(
    "labour green greens independent tory tories western eastern northern southern north south "
    "east west federal provincial state former senior".split()
)

# Days and months: never part of a name ("Wednesday, Carney"; "Friday Xi Jinping").
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

# Head nouns of named agreements, events and laws: not actors.
EVENT_HEADS = frozenset(
    "agreement treaty pact accord act summit conference meeting games olympics war election elections "
    "protocol convention declaration initiative plan program programme strategy doctrine rim".split()
)


_IRREGULAR_DEMONYMS = frozenset(
    "french dutch british english irish scottish welsh swiss greek thai filipino danish swedish finnish "
    "polish spanish turkish kurdish flemish basque arab arabs".split()
)


def is_demonym(word: str) -> bool:
    """Return True for nationality adjectives: a demonym ending on a known place's stem ("Canadian").

    The stem check keeps surnames with the same endings ("Torigian", "Morgan") as names.
    """
    if word.lower() in _IRREGULAR_DEMONYMS:
        return True
    if not (_DEMONYM.search(word) and word[:1].isupper() and len(word) > 3):
        return False
    return has_place_prefix(word[: max(4, len(word) - 3)])
