"""The learned attributor's parse helpers and word classes, on sentences written for these tests."""

from __future__ import annotations

import importlib.util

import pytest

from rashomon.analysis.learned.attribution import complement, subject_of
from rashomon.analysis.learned.features import cue_features, quoted_tokens
from rashomon.analysis.nlp import TRAINED_MODEL, load_nlp

needs_parser = pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")

# (sentence, cue word, content, the subject phrase the cue's source falls back to, or None)
SUBJECTS = [
    ("The new research shows that prices rose in the spring.", "shows", "prices rose", "The new research"),
    ("Angry protesters said the police had hidden the video.", "said", "the police", "Angry protesters"),
    ("The mayor announced the plan and said it would pass.", "said", "it would pass", "The mayor"),
    ("The new toll was criticized by local farmers on Monday.", "criticized", "The new toll", "local farmers"),
    ("According to the county clerk, the ballots were counted twice.", "According", "the ballots", "the county clerk"),
    ("It is widely believed that the dam will hold.", "believed", "the dam", None),
]


def attributed(text: str) -> list[tuple[str, str | None, str]]:
    """(cue, source or None, content) of each attribution the learned attributor finds in `text`."""
    from rashomon.analysis.learned.attribution import load_attributor

    attributor = load_attributor()
    assert attributor is not None
    return [
        (
            text[a.cue[0] : a.cue[1]],
            text[a.source[0] : a.source[1]] if a.source else None,
            text[a.content[0] : a.content[1]],
        )
        for a in attributor.attributions(load_nlp(TRAINED_MODEL)(text))
    ]


def _tokens(doc, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    span = doc.char_span(start, start + len(words))
    return span.start, span.end


@needs_parser
@pytest.mark.parametrize(
    ("sentence", "cue", "content", "subject"), SUBJECTS, ids=[c[1] + ":" + str(c[3]) for c in SUBJECTS]
)
def test_a_cue_without_a_tagged_source_falls_back_to_its_subject(
    sentence: str, cue: str, content: str, subject: str | None
) -> None:
    doc = load_nlp(TRAINED_MODEL)(sentence)
    i = next(t.i for t in doc if t.text == cue)
    found = subject_of(doc, i, i + 1, _tokens(doc, content))
    assert (doc[found[0] : found[1]].text if found else None) == subject


# (sentence, cue word, the clause it reports, from the parse, or None)
COMPLEMENTS = [
    ("The governor said on Monday that the bridge would stay closed.", "said", "that the bridge would stay closed"),
    ("Union leaders urged the workers to return to the docks.", "urged", "to return to the docks"),
    ("The council promised to publish the audit next week.", "promised", "to publish the audit next week"),
    ("The spokesman declined a request for comment.", "declined", None),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "cue", "clause"), COMPLEMENTS, ids=[c[1] for c in COMPLEMENTS])
def test_a_cue_reports_the_clause_it_governs(sentence: str, cue: str, clause: str | None) -> None:
    doc = load_nlp(TRAINED_MODEL)(sentence)
    i = next(t.i for t in doc if t.text == cue)
    found = complement(doc, i, i + 1)
    assert (doc[found[0] : found[1]].text if found else None) == clause


def test_crf_scores_sum_each_known_features_weights_per_label() -> None:
    import numpy as np

    from rashomon.analysis.learned.crf import LinearChain

    chain = LinearChain(
        labels=("O", "B-CUE", "I-CUE"),
        transitions=np.zeros((3, 3)),
        states={"w=said": ((1,), (2.5,)), "t=VBD": ((0, 1), (-0.5, 1.0)), "w=the": ((0,), (0.75,))},
    )
    scores = chain.scores([["w=the", "t=DT"], ["w=said", "t=VBD", "unseen"], []])
    assert scores.tolist() == [[0.75, 0.0, 0.0], [-0.5, 3.5, 0.0], [0.0, 0.0, 0.0]]
    assert chain.decode([["w=the"], ["w=said", "t=VBD"]]) == ["O", "B-CUE"]


@needs_parser
@pytest.mark.parametrize("text", ["''We will rebuild it,'' the mayor said.", "``We will rebuild it,'' the mayor said."])
def test_doubled_marks_give_the_features_of_curly_ones(text: str) -> None:
    doc = load_nlp(TRAINED_MODEL)(text)
    feats = cue_features(doc[:], quoted_tokens(doc))
    marks = [(t.i, t.text) for t in doc if t.text in ("''", "`")]
    opening, closing = feats[marks[0][0]], feats[marks[-1][0]]
    assert {"w=“", "t=``", "q=1", "m=1"} <= set(opening)
    assert {"w=”", "t=''", "q=1", "m=1"} <= set(closing)
    assert "q=0" in feats[next(t.i for t in doc if t.text == "mayor")]


# (inflected forms that must share one stem, a form that must not join them)
STEMS = [
    (("supports", "supported", "supporting", "support"), "supper"),
    (("plans", "planned", "planning", "plan"), "planet"),
    (("decides", "decided", "deciding", "decide"), "decision"),
    (("says", "said", "saying", "say"), "sat"),
    (("denies", "denied", "deny"), "den"),
    (("calls", "called", "calling"), "cal"),
    (("stresses", "stressed", "stressing"), "stress-test"),
    (("agrees", "agreed", "agree"), "aggregate"),
]


@pytest.mark.parametrize(("forms", "other"), STEMS, ids=[s[0][0] for s in STEMS])
def test_inflected_forms_share_a_stem(forms: tuple[str, ...], other: str) -> None:
    from rashomon.analysis.learned.features import stem

    assert len({stem(form) for form in forms}) == 1
    assert stem(other) != stem(forms[0])


# (sentence, token, features the cue tagger must give it)
CUE_FEATURES = [
    ("The mayor insisted that the bridge was safe.", "insisted", {"st=insist", "lx=say", "g=ccomp|mark"}),
    ("The new survey reveals a drop in trust.", "reveals", {"lx=data"}),
    ("The union wants the council to raise wages.", "wants", {"st=want", "lx=-"}),
    ("She urged the council on Monday.", "council", {"hs=urg|dobj", "lh=say|dobj"}),
]


@needs_parser
@pytest.mark.parametrize(("sentence", "word", "expected"), CUE_FEATURES, ids=[c[1] for c in CUE_FEATURES])
def test_cue_features_generalise_over_forms_and_clauses(sentence: str, word: str, expected: set[str]) -> None:
    doc = load_nlp(TRAINED_MODEL)(sentence)
    feats = cue_features(doc[:], quoted_tokens(doc))
    assert expected <= set(feats[next(t.i for t in doc if t.text == word)])


@needs_parser
def test_a_cue_that_governs_a_quoted_phrase_is_marked() -> None:
    doc = load_nlp(TRAINED_MODEL)("The governor dismissed the report as “pure fiction” on Friday.")
    feats = cue_features(doc[:], quoted_tokens(doc))
    assert any(f.startswith("gq=") for f in feats[next(t.i for t in doc if t.text == "dismissed")])
    assert not any(f.startswith("gq=") for f in feats[next(t.i for t in doc if t.text == "governor")])


@needs_parser
def test_role_features_name_the_entity_type_by_relation() -> None:
    from rashomon.analysis.learned.features import role_features

    doc = load_nlp(TRAINED_MODEL)("Senator Alma Ruiz said the vote would fail.")
    said = next(t.i for t in doc if t.text == "said")
    feats = role_features(doc, said, said + 1, quoted_tokens(doc))
    assert {"er=PERSON|sub:nsubj", "cs=say|sub:nsubj"} <= set(feats[next(t.i for t in doc if t.text == "Ruiz")])
    assert "er=-|sub:ccomp" in feats[next(t.i for t in doc if t.text == "vote")]


# (paragraph, a word that must read as quoted, a word that must not)
CONTINUED = [
    ("We want a crossing here.” The mayor said nothing.", "want", "mayor"),
    ("Nobody listens to us,” Ana Ortiz said.", "listens", "Ortiz"),
    ("The mayor said “nothing” to us.", "nothing", "mayor"),
]


@needs_parser
@pytest.mark.parametrize(("paragraph", "quoted", "outside"), CONTINUED, ids=[c[1] for c in CONTINUED])
def test_a_paragraph_that_closes_a_quote_first_continues_it(paragraph: str, quoted: str, outside: str) -> None:
    doc = load_nlp(TRAINED_MODEL)(paragraph)
    inside = quoted_tokens(doc)
    assert inside[next(t.i for t in doc if t.text == quoted)]
    assert not inside[next(t.i for t in doc if t.text == outside)]


def test_cross_validation_scores_cues_found_and_cues_right() -> None:
    import numpy as np
    from rashomon_eval.train.attribution import cue_f1, role_f1

    from rashomon.analysis.learned.crf import LinearChain

    chain = LinearChain(
        labels=("B-CUE", "I-CUE", "O"),
        transitions=np.zeros((3, 3)),
        states={"w=said": ((0,), (12.0,)), "bias": ((2,), (6.0,))},
    )
    found = ([["w=she", "bias"], ["w=said", "bias"], ["w=so", "bias"]], ["O", "B-CUE", "O"])
    missed = ([["w=she", "bias"], ["w=hinted", "bias"], ["w=so", "bias"]], ["O", "B-CUE", "O"])
    assert cue_f1(chain, [found]) == 1.0
    assert round(cue_f1(chain, [found, missed]), 3) == 0.667  # precision 1, recall 1/2
    roles = LinearChain(
        labels=("B-C", "B-S", "O"),
        transitions=np.zeros((3, 3)),
        states={"w=she": ((1,), (6.0,)), "bias": ((2,), (3.0,))},
    )
    assert role_f1(roles, [([["w=she", "bias"], ["w=so", "bias"]], ["B-S", "B-C"])]) == 2 / 3  # 1 right of 2


@needs_parser
def test_a_content_never_holds_its_own_cue() -> None:
    """The role tagger marked the whole sentence content, cue and source with it; the content is what follows
    the cue, and the source falls back to the cue's subject."""
    text = "The dockworkers' union accused the company of hiding the safety report from inspectors."
    found = [(content, source) for _, source, content in attributed(text)]
    assert found
    assert all("accused" not in content for content, _ in found)
    assert ("the company of hiding the safety report from inspectors", "The dockworkers' union") in found


# A content that opens with a quotation and runs over its own cue and a comma: the quotation alone.
OVER_THE_CUE = [
    (
        "“She was sharp, was on top of every detail,” Ortiz recalled, suggesting the first meeting had gone well.",
        "recalled",
        "“She was sharp, was on top of every detail,”",
    ),
    (
        "“The port was quiet, was almost empty,” Ann Lee remembered, noting that the strike had begun at dawn.",
        "remembered",
        "“The port was quiet, was almost empty,”",
    ),
    # the comma may close the cue's phrase a few words on ("told Harmon,")
    (
        "“You should step down. You should return the bonus you took while this fraud went on and you should be "
        "investigated,” Lee told Harmon, after he admitted under Lee’s questioning he hadn’t yet been held "
        "accountable for the actions of his staff.",
        "told",
        "“You should step down. You should return the bonus you took while this fraud went on and you should be "
        "investigated,”",
    ),
]


@needs_parser
@pytest.mark.parametrize(("text", "cue", "content"), OVER_THE_CUE, ids=["recalled", "remembered", "told someone"])
def test_a_quotation_before_its_cue_ends_at_its_mark(text: str, cue: str, content: str) -> None:
    found = {found_cue.rstrip(","): found_content for found_cue, _, found_content in attributed(text)}
    assert found[cue] == content


@needs_parser
def test_a_quotation_before_a_cue_that_reports_someone_else_keeps_them() -> None:
    """No comma after the cue: the words after it say whose words the quotation is, and stay in the content."""
    text = "“We got wiped out in the Midwest,” aides said Mr. Ryan told his colleagues."
    contents = [content for _, _, content in attributed(text)]
    assert any("told his colleagues" in c for c in contents)


# The role tagger stopped inside the clause its cue reports (at an apposition or a dash); the content is the clause.
CLAUSE_RUNS = [
    (
        "The union argued that the workers, most of them hired after the merger, had been denied the raises that "
        "the contract promised.",
        "that the workers, most of them hired after the merger, had been denied the raises that the contract promised",
    ),
    (
        "Officials warned that the river -- already at its highest level in a decade -- would crest on Sunday, "
        "forcing hundreds of families from their homes.",
        "that the river -- already at its highest level in a decade -- would crest on Sunday, forcing hundreds of "
        "families from their homes",
    ),
]


@needs_parser
@pytest.mark.parametrize(("text", "content"), CLAUSE_RUNS, ids=["apposition", "dashes"])
def test_a_content_that_opens_the_reported_clause_runs_to_its_end(text: str, content: str) -> None:
    assert content in [found for _, _, found in attributed(text)]


@needs_parser
@pytest.mark.parametrize(("tail", "kept"), [("— and", "this year"), ("but", "this year"), (",", "this year")])
def test_a_content_never_ends_in_a_conjunction_or_dash(tail: str, kept: str) -> None:
    from rashomon.analysis.learned.attribution import _trim

    text = f"The chairman said the talks would be harder this year {tail} the board would not wait."
    doc = load_nlp(TRAINED_MODEL)(text)
    first, last = _tokens(doc, "the talks")[0], _tokens(doc, tail)[1]
    start, end = _trim(doc, first, last)
    assert text[start:end] == "the talks would be harder " + kept


# A content the role tagger ran back over its cue into a quotation an earlier sentence closed: the cue reports
# what its own sentence says, the clause it governs or the quotation after it; a cue whose sentence opens inside
# the quotation keeps it.
OWN_SENTENCE = [
    (
        "She says the mayor is running the “same broken machine that he swore he was going to fix.” She adds, “How "
        "many more years do we have to wait?”",
        "adds",
        "“How many more years do we have to wait?”",
    ),
    (
        "The Republican nominee promised a foreign policy of “peace through strength.” He told a packed hall at the "
        "Union League that he wants a military “second to none.”",
        "told",
        "that he wants a military “second to none.”",
    ),
    (
        "“We will win. We always do,” she said. “Nobody can stop us.”",
        "said",
        "“We will win. We always do,” she said. “Nobody can stop us.”",
    ),
    (
        "“Where is the money?” Ruiz asked. “Nobody in this building can tell me.”",
        "asked",
        "“Where is the money?” Ruiz asked. “Nobody in this building can tell me.”",
    ),
]


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue", "content"), OWN_SENTENCE, ids=["adds", "told", "inside a quotation", "after a question"]
)
def test_a_cue_reports_what_its_own_sentence_says(text: str, cue: str, content: str) -> None:
    assert {found_cue: found_content for found_cue, _, found_content in attributed(text)}[cue] == content


@needs_parser
def test_the_one_quoted_as_saying_is_the_source() -> None:
    """ "X quoted Y as saying": Y's words, whoever the tagger marked; a quotation before the cue is the content."""
    text = "“He is crazy like a fox,” Mr. Ruiz quoted Mr. Tate as saying of the old boss."
    assert [(content, source) for _, source, content in attributed(text)] == [("“He is crazy like a fox,”", "Mr. Tate")]


@needs_parser
def test_as_saying_belongs_to_the_cue_not_the_content() -> None:
    text = "Ms. Lee was quoted as saying that the plan was dead."
    assert [content for _, _, content in attributed(text)] == ["that the plan was dead"]
