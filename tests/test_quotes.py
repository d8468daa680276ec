"""Quotes: every form news uses, speakers resolved across sentences, and bad marks that never crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.analysis.pipeline import Pipeline
from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Article
from rashomon.text import attribution as at
from rashomon.text.quotemarks import quoted_in, quoted_spans

PIPELINE = Pipeline.from_names(("sentences", "entities", "quotes"))


def quotes(text: str) -> list[QuoteSpan]:
    layer = PIPELINE.analyze(Article(id="a", source="a", text=text)).layers["quotes"]
    return [q for q in layer if isinstance(q, QuoteSpan)]


def said(quote: QuoteSpan, text: str) -> str | None:
    """The speaker as the text writes it."""
    return quote.speaker.text_of(text) if quote.speaker is not None else None


def cue_of(quote: QuoteSpan, text: str) -> str | None:
    """The cue as the text writes it."""
    return quote.cue.text_of(text) if quote.cue is not None else None


def find(text: str, words: str) -> QuoteSpan:
    """The quote whose content holds `words`."""
    found = [q for q in quotes(text) if words in text[q.start : q.end]]
    assert found, f"no quote holds {words!r}: {[text[q.start : q.end] for q in quotes(text)]}"
    return found[0]


def test_direct_quote_with_the_cue_after_and_the_speaker_inverted() -> None:
    text = "“We will not back down,” said Maria Lopez, the city’s transport commissioner."
    q = find(text, "We will not back down")
    assert q.label == "direct"
    assert q.speaker_name == "Maria Lopez"
    assert cue_of(q, text) == "said"
    assert text[q.start : q.end] == "We will not back down,"


def test_direct_quote_with_the_cue_before_and_a_colon() -> None:
    text = "Union leader Tom Hardy said: “The strike goes on until the port pays what it owes.”"
    q = find(text, "The strike goes on")
    assert (q.label, q.speaker_name, said(q, text)) == ("direct", "Tom Hardy", "Union leader Tom Hardy")


def test_told_someone_and_straight_marks() -> None:
    text = 'Ahmed Khan runs the ferry company.\nKhan told the Daily Courier: "We are ready to sail tomorrow."'
    q = find(text, "We are ready")
    assert q.speaker_name == "Ahmed Khan"
    assert cue_of(q, text) == "told"


def test_partial_quote_inside_reported_speech() -> None:
    text = (
        "The mayor, Ana Silva, spoke on Monday. She attacked what she described as “a betrayal of workers” in the plan."
    )
    q = find(text, "a betrayal of workers")
    assert q.label == "partial"
    assert q.speaker_name == "Ana Silva"


def test_indirect_speech_with_that_and_after_the_clause() -> None:
    text = (
        "Tom Hardy, the union's general secretary, said that the union would appeal the ruling.\n"
        "The dispute could last into the spring, Hardy said."
    )
    first = find(text, "the union would appeal the ruling")
    assert (first.label, first.speaker_name) == ("indirect", "Tom Hardy")
    assert text[first.start : first.end] == "the union would appeal the ruling"
    second = find(text, "The dispute could last into the spring")
    assert (second.label, second.speaker_name) == ("indirect", "Tom Hardy")


def test_according_to_an_institution() -> None:
    text = "According to the port authority, forty ships were waiting outside the harbour on Friday."
    q = find(text, "forty ships were waiting")
    assert q.label == "indirect"
    assert said(q, text) == "the port authority"
    assert q.speaker_type == "institutional"


def test_quote_continues_in_the_next_paragraph_with_no_cue() -> None:
    text = (
        "“The ships are stuck,” said Anna Berg, a harbour pilot.\n"
        "“Nobody can move them until the tide turns.”\n"
        "The port reopened two days later."
    )
    q = find(text, "Nobody can move them")
    assert q.speaker_name == "Anna Berg"
    assert q.continued is True


def test_pronoun_speaker_resolved_to_the_person_named_earlier() -> None:
    text = (
        "Lena Ortiz criticised Mayor John Reed on Monday for the closures.\n"
        "“This is a disgrace for the whole city,” she said."
    )
    assert find(text, "This is a disgrace").speaker_name == "Lena Ortiz"


def test_pronoun_prefers_the_last_speaker_over_a_person_merely_mentioned() -> None:
    text = (
        "“We are close to a deal,” said Omar Haddad, the chief negotiator.\n"
        "Haddad's advice was for Prime Minister Sara Lind and her cabinet to wait.\n"
        "“Patience will pay off,” he said."
    )
    assert find(text, "Patience will pay off").speaker_name == "Omar Haddad"


def test_role_speakers_are_kept_as_written_and_marked() -> None:
    text = "A senior government official told reporters that the talks had stalled over fishing rights."
    q = find(text, "the talks had stalled")
    assert said(q, text) == "A senior government official"
    assert q.speaker_type == "anonymous"
    assert q.speaker_name is None


def test_scare_quotes_around_a_speaker_role_are_not_a_quote() -> None:
    text = "A “senior government official” told the Courier that the talks had stalled over fishing rights."
    found = quotes(text)
    assert [text[q.start : q.end] for q in found] == ["the talks had stalled over fishing rights"]
    assert said(found[0], text) == "A “senior government official”"


def test_embedded_post_is_the_posters_words() -> None:
    text = (
        "The minister arrived late on Sunday after a delayed flight, and her officials spent the evening "
        "briefing reporters on what she hopes to gain from two days of talks on trade, climate finance and "
        "the debt relief that the government has sought since the floods of last year destroyed the harvest.\n"
        "Just landed in Nairobi.\n"
        "Looking forward to productive talks.\n"
        "— Jane Doe (@janedoe) March 3, 2025\n"
        "Talks begin on Monday."
    )
    q = find(text, "Just landed in Nairobi")
    assert q.label == "embedded"
    assert said(q, text) == "Jane Doe"
    assert q.handle == "@janedoe"
    assert text[q.start : q.end] == "Just landed in Nairobi.\nLooking forward to productive talks."


def test_block_quote_introduced_by_a_publication() -> None:
    text = (
        "The Evening Herald wrote in an editorial on Sunday:\n"
        "The council has failed the harbour workers at every turn.\n"
        "It must now restore the night shifts it cut last year.\n"
        "“We agree with every word,” said union leader Tom Hardy."
    )
    q = find(text, "The council has failed")
    assert said(q, text) == "The Evening Herald"
    assert q.block is True
    assert text[q.start : q.end].endswith("cut last year.")
    assert find(text, "We agree with every word").speaker_name == "Tom Hardy"


def test_multi_sentence_quote_then_more_of_it_after_the_cue() -> None:
    text = "“From our side, the offer is fair. It is final,” he said. “There will be no other.”"
    found = quotes(text)
    assert [text[q.start : q.end] for q in found if q.label == "direct"] == [
        "From our side, the offer is fair. It is final,",
        "There will be no other.",
    ]


def test_unbalanced_marks_never_glue_paragraphs() -> None:
    text = "“This quote never closes, said nobody\nA plain paragraph with a stray ” mark.\nAnd “a last one."
    spans = quoted_spans(text)
    assert all("\n" not in text[s.start : s.end] for s in spans)
    for q in quotes(text):
        assert "\n" not in text[q.start : q.end]


def test_a_paragraph_closing_the_quote_the_one_before_left_open_is_quoted_from_its_start() -> None:
    text = "“We heard shots.\nWe hid under the desks,” she said.\nA plain paragraph with a stray ” mark."
    assert [text[s.start : s.end] for s in quoted_spans(text)] == ["We heard shots.", "We hid under the desks,"]


@pytest.mark.parametrize(
    ("text", "stretches"),
    [
        ("Readers wrote in.\n”Fear. I am afraid he will win.” ― Ana Ruiz.", ["Fear. I am afraid he will win."]),
        ("  ”We stayed home,” said Lee.", ["We stayed home,"]),
        ("A plain paragraph.\n” ― Ana Ruiz", []),
        ("“We heard shots.\nWe hid,” she said. ”Then it stopped.", []),
    ],
    ids=["opens-a-paragraph", "after-spaces", "before-a-dash", "continued-closer-then-stray"],
)
def test_a_closing_mark_that_opens_a_paragraph_before_a_word_opens_a_quote(text: str, stretches: list[str]) -> None:
    """A typesetting slip ('”Fear. …” ― Name') is read as the opener it stands for; elsewhere a closer closes."""
    found = [text[s.start : s.end] for s in quoted_spans(text)]
    assert [f for f in found if f not in ("We heard shots.", "We hid,")] == stretches


@pytest.mark.parametrize(
    ("text", "stretches"),
    [
        (
            "He tweeted: “Fans wearing “Go Home” shirts stood behind me.” Then he left.",
            ["Fans wearing “Go Home” shirts stood behind me."],
        ),
        ("“She apologized for using the “f bomb,”” the mayor said.", ["She apologized for using the “f bomb,”"]),
        ("“Stray opener. “The real quote,” he said.", ["The real quote,"]),
        ("“Stray opener. “One quote,” he said. “Another,” she said.", ["One quote,", "Another,"]),
    ],
    ids=["nested-phrase", "nested-at-the-end", "stray-opener", "stray-opener-then-a-quote"],
)
def test_a_quote_inside_a_quote_in_the_same_curly_marks_is_part_of_the_outer_one(
    text: str, stretches: list[str]
) -> None:
    """Copy often nests “…” in “…”: the outer quote is the quotation; a lone second opener still marks the first
    as stray."""
    assert [text[s.start : s.end] for s in quoted_spans(text)] == stretches


def test_the_speaker_of_a_nested_quote_is_the_speaker_of_the_outer_one() -> None:
    text = "“She apologized for using the “f bomb,”” Mayor Ann Lee said on Monday."
    quote = find(text, "apologized")
    assert said(quote, text) == "Mayor Ann Lee"
    assert text[quote.start : quote.end].startswith("She apologized")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "“",
                "”",
                '"',
                "‘",
                "’",
                "He said",
                " that ",
                "Anna Berg",
                ",",
                ".",
                "\n",
                " ",
                "the plan",
                "told",
                ":",
                "according to",
                "— X (@x) May 1",
            ]
        ),
        max_size=40,
    )
)
def test_any_arrangement_of_marks_and_cues_gives_spans_inside_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    for q in quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        if q.label not in ("embedded", "direct") or not (q.block):
            if q.label != "embedded":
                assert "\n" not in text[q.start : q.end]
        if q.speaker is not None:
            assert 0 <= q.speaker.start < q.speaker.end <= len(text)


def test_what_a_poll_shows_is_attributed_to_the_poll_but_police_finding_a_body_is_not() -> None:
    text = (
        "Polls in New Hampshire show the two front-runners are the same as in Iowa.\n"
        "Police found a body near the harbour on Sunday morning."
    )
    found = quotes(text)
    assert [(text[q.start : q.end], said(q, text)) for q in found] == [
        ("the two front-runners are the same as in Iowa", "Polls in New Hampshire")
    ]


def test_told_someone_then_a_clause_without_that() -> None:
    text = "Senator Ruth Adler told Yahoo News she would not endorse the plan before the vote."
    q = find(text, "she would not endorse the plan")
    assert (q.label, q.speaker_name, cue_of(q, text)) == ("indirect", "Ruth Adler", "told")


def test_a_learned_quote_ending_at_the_text_end_is_classed_without_reading_past_it() -> None:
    from rashomon.analysis.components.quotes import _kind

    text = 'He said "the plan is dead'
    assert _kind(text, text.index("the"), len(text)) in ("direct", "indirect")


# Two apostrophes stand for a double quotation mark (archive copy) and `` for an opening one (LaTeX, Penn
# Treebank); a lone apostrophe is never a mark. (text, the quoted stretches, in order)
DOUBLED_MARKS = [
    ("''We will rebuild the bridge,'' the mayor said.", ["We will rebuild the bridge,"]),
    ("``The river rose overnight,'' a farmer said.", ["The river rose overnight,"]),
    ("`` The river rose overnight , '' a farmer said .", ["The river rose overnight ,"]),
    ("She called the plan ''a gamble'' and walked out.", ["a gamble"]),
    ("''First,'' she said, ''we count the boats.''", ["First,", "we count the boats."]),
    ("The Browns' dog barks at rock 'n' roll from the '80s.", []),
    (
        "''The Browns' dog barks at rock 'n' roll from the '80s,'' she said.",
        ["The Browns' dog barks at rock 'n' roll from the '80s,"],
    ),
    (
        "''It's the Hugheses' turn,'' he said, ''and they're ready.''",
        ["It's the Hugheses' turn,", "and they're ready."],
    ),
    ("''They call it 'progress,' but it isn't,'' she said.", ["They call it 'progress,' but it isn't,"]),
    ("''He told me 'never again,''' she said.", ["He told me 'never again,'"]),
    ("A typo like don''t pairs with nothing: ''we stay,'' she said.", ["we stay,"]),
]


@pytest.mark.parametrize(("text", "stretches"), DOUBLED_MARKS, ids=[t[:24] for t, _ in DOUBLED_MARKS])
def test_two_apostrophes_or_backticks_are_one_double_mark(text: str, stretches: list[str]) -> None:
    found = quoted_spans(text)
    assert [text[q.start : q.end] for q in found] == stretches
    for q in found:  # offsets index the text as written: each mark is where the text has it
        assert text[q.open_at : q.open_at + 2] in ("''", "``") or text[q.open_at] in '“"'
        assert q.close_at is not None and q.close_end is not None
        assert text[q.close_at : q.close_end] in ("''", "”", '"')


# The paragraph rules hold for '' as for any mark: (text, the quoted stretches, in order)
DOUBLED_ACROSS_PARAGRAPHS = [
    (
        "''The water came fast.\nWe climbed onto the roof,'' she said.",
        ["The water came fast.", "We climbed onto the roof,"],
    ),
    (
        "''The water came fast.\n''We climbed onto the roof,'' she said.",
        ["The water came fast.", "We climbed onto the roof,"],
    ),
    (
        "''This one never closes, he said\nA plain line.\nAnd ''a last one.",
        ["This one never closes, he said", "a last one."],
    ),
]


@pytest.mark.parametrize(
    ("text", "stretches"), DOUBLED_ACROSS_PARAGRAPHS, ids=["closed-next", "reopened-next", "never-closed"]
)
def test_a_doubled_apostrophe_quote_follows_the_paragraph_rules(text: str, stretches: list[str]) -> None:
    found = quoted_spans(text)
    assert [text[q.start : q.end] for q in found] == stretches
    assert all("\n" not in text[q.start : q.end] for q in found)


# The quotes component reads '' and `` as it reads curly marks: (text, the direct quote, its speaker)
DOUBLED_QUOTES = [
    ("''The bridge will reopen in May,'' said Mayor Ana Ruiz.", "The bridge will reopen in May,", "Ana Ruiz"),
    ("``The bridge will reopen in May,'' Mayor Ana Ruiz said.", "The bridge will reopen in May,", "Ana Ruiz"),
    ("Mayor Ana Ruiz said: ''The bridge will reopen in May.''", "The bridge will reopen in May.", "Ana Ruiz"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), DOUBLED_QUOTES, ids=["said-after", "backticks", "colon"])
def test_a_doubled_apostrophe_quote_is_a_direct_quote_with_its_speaker(text: str, content: str, speaker: str) -> None:
    q = find(text, content)
    assert (text[q.start : q.end], q.label, q.speaker_name) == (content, "direct", speaker)


@pytest.mark.parametrize("mark", ["''", "``"])
def test_a_doubled_opening_mark_left_at_a_sentence_end_moves_to_the_next_sentence(mark: str) -> None:
    from rashomon.analysis.components.sentences import fix_quote_boundaries

    text = f"The vote was close. {mark}We won,'' she said."
    cut = text.index(mark) + len(mark)  # a sentencizer keeps a mark after a full stop with the sentence before
    bounds = fix_quote_boundaries(text, [(0, cut), (cut, len(text))])
    assert [text[s:e] for s, e in bounds] == ["The vote was close.", f"{mark}We won,'' she said."]


@pytest.mark.parametrize(
    ("phrase", "names", "speaker"),
    [
        # a name that qualifies the noun after it belongs to someone else: the speaker is the other name
        ("Lopez's press secretary, Dana Ortiz,", ["Lopez", "Dana Ortiz"], "Dana Ortiz"),
        ("Lopez campaign spokeswoman Dana Ortiz", ["Lopez", "Dana Ortiz"], "Dana Ortiz"),
        ("Senate leader Ann Lee's spokesman, Tom Park,", ["Ann Lee", "Tom Park"], "Tom Park"),
        ("Dana Ortiz, a spokeswoman for the Lopez campaign,", ["Dana Ortiz", "Lopez"], "Dana Ortiz"),
        # names joined by "and" speak together: the first one named stays the speaker
        ("Bob Lane and Dana Ortiz", ["Bob Lane", "Dana Ortiz"], "Bob Lane"),
        # a name alone stays the speaker, and a name that qualifies a work of theirs
        ("Dana Ortiz", ["Dana Ortiz"], "Dana Ortiz"),
        ("Lopez's statement", ["Lopez"], "Lopez"),
        # a name that qualifies only who speaks for them is not the speaker: the spokesman, the campaign
        ("Lopez's spokesman", ["Lopez"], None),
        ("the Lopez campaign", ["Lopez"], None),
    ],
)
def test_a_tagged_speaker_phrase_names_its_head_not_a_possessor(
    phrase: str, names: list[str], speaker: str | None
) -> None:
    mentions = [at.Mention(start=phrase.index(n), end=phrase.index(n) + len(n), label="PERSON", name=n) for n in names]
    found = at.speaker_in(phrase, 0, len(phrase.rstrip(",")), mentions)
    assert (found.head.name if found.head else None) == speaker


def test_a_name_that_qualifies_a_noun_gives_way_to_an_organisation_that_speaks() -> None:
    phrase = "Acme Corp, a Lopez family business"
    mentions = [
        at.Mention(start=0, end=9, label="ORG", name="Acme Corp"),
        at.Mention(start=13, end=18, label="PERSON", name="Lopez"),
    ]
    found = at.speaker_in(phrase, 0, len(phrase), mentions)
    assert found.head is not None and found.head.name == "Acme Corp"


def test_an_organisation_that_qualifies_a_group_is_not_its_speaker() -> None:
    phrase = "Senate Republicans"
    senate = at.Mention(start=0, end=6, label="ORG", name="Senate")
    found = at.speaker_in(phrase, 0, len(phrase), [senate])
    assert found.head is None and found.role == "republicans"
    alone = at.speaker_in("the Senate", 0, 10, [at.Mention(start=4, end=10, label="ORG", name="Senate")])
    assert alone.head is not None and alone.head.name == "Senate"
    # a place before a noun qualifies it; a place alone may speak for its government
    florida = at.speaker_in("Florida officials", 0, 17, [at.Mention(start=0, end=7, label="GPE", name="Florida")])
    assert florida.head is None and florida.role == "officials"
    china = at.speaker_in("China", 0, 5, [at.Mention(start=0, end=5, label="GPE", name="China")])
    assert china.head is not None and china.head.name == "China"
    # before a role noun the organisation speaks through it: "a Navy spokesman" is the Navy's voice
    voice = at.speaker_in("a Navy spokesman", 0, 16, [at.Mention(start=2, end=6, label="ORG", name="Navy")])
    assert voice.head is not None and voice.head.name == "Navy"
    # its possessive before another name qualifies that name, which speaks
    phrase = "Georgetown's Public Policy Institute"
    institute = at.Mention(start=13, end=len(phrase), label="ORG", name="Public Policy Institute")
    found = at.speaker_in(
        phrase, 0, len(phrase), [at.Mention(start=0, end=10, label="ORG", name="Georgetown"), institute]
    )
    assert found.head == institute


def test_a_clause_subject_reads_past_an_organisation_that_qualifies_it() -> None:
    text = "Senate Democratic leader Tom Park said the bill would fail."
    mentions = [
        at.Mention(start=0, end=6, label="ORG", name="Senate"),
        at.Mention(start=25, end=33, label="PERSON", name="Tom Park"),
    ]
    ws = at.words(text, 0, len(text))
    subject = at.clause_subject(text, ws, 0, len(ws), mentions)
    assert subject is not None and subject.head is not None and subject.head.name == "Tom Park"


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        ("Developers and supporters in Congress", "Congress", "supporters"),
        ("officials at the Pentagon", "Pentagon", "officials"),
    ],
)
def test_an_organisation_after_a_preposition_completes_the_speaker_phrase(phrase: str, name: str, role: str) -> None:
    i = phrase.index(name)
    found = at.speaker_in(phrase, 0, len(phrase), [at.Mention(start=i, end=i + len(name), label="ORG", name=name)])
    assert found.head is None and found.role == role


@pytest.mark.parametrize(
    "text",
    [
        'However, one of her lawyers, Tom Kirsch, says the deal "does not contemplate a sentence that long."',
        'Her attorney, Tom Kirsch, said the deal "does not contemplate a sentence that long."',
        'Another of the defence lawyers, Tom Kirsch, said the deal "does not contemplate a sentence that long."',
    ],
)
def test_a_name_set_off_after_its_description_speaks(text: str) -> None:
    found = quotes(text)
    assert found and all(q.speaker_name == "Tom Kirsch" for q in found), [(q.speaker_name, q) for q in found]


@pytest.mark.parametrize(
    "text",
    [
        'Senator Bob Corker spoke on Sunday. "We have one house, that\'s it," Corker said on "Fox News Sunday." '
        '"The leverage is going to shift."',
        "The official, better known as “Deep Throat,” became the most famous anonymous source in history.",
        "He later wrote a memoir titled “A Life in the Bureau of Investigation” about those years.",
        "“She was the first star of the age,” Ann Lee, the author of “A Life in the Bureau: The Early Years,” said "
        "in a 1996 interview with NBC.",
    ],
    ids=["show", "nickname", "book", "author of"],
)
def test_a_name_or_title_in_quotation_marks_is_no_quote(text: str) -> None:
    titles = ("Fox News Sunday", "Deep Throat", "A Life in the Bureau")
    assert not [text[q.start : q.end] for q in quotes(text) if text[q.start : q.end].startswith(titles)]


@pytest.mark.parametrize("after", ["in an interview with CNN", "with reporters on Monday", "about the vote"])
def test_a_preposition_after_the_cue_opens_no_speaker(after: str) -> None:
    text = f"The vote would be close, said {after}."
    ws = at.words(text, 0, len(text))
    cue = next(i for i, w in enumerate(ws) if w.lower == "said")
    assert at.speaker_after(text, ws, cue, [], any_phrase=True) is None


def test_a_slogan_in_capitals_is_still_someone_s_words() -> None:
    text = "The crowd began chanting “U-S-A! U-S-A!” as the senator spoke, and she said: “It's Our Time.”"
    assert [text[q.start : q.end] for q in quotes(text) if "Our Time" in text[q.start : q.end]]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Bob Woodward met him often. "The tip could be used, "Woodward wrote, "but no source would be named."',
         "Woodward"),
        ("“The tip could be used,” Woodward wrote, “but no source would be named.”", "Woodward"),
    ],
    ids=["unbalanced-mark", "balanced-marks"],
)  # fmt: skip
def test_a_speaker_phrase_holds_no_quotation_mark_or_comma_at_its_edges(text: str, speaker: str) -> None:
    assert {said(q, text) for q in quotes(text)} == {speaker}


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [('" Corker', "Corker"), ("Jim Manley, a spokesman for Mr. Reid,", "Jim Manley, a spokesman for Mr. Reid"),
     ("”,", None)],
)  # fmt: skip
def test_a_speaker_span_is_trimmed_of_marks_commas_and_spaces(phrase: str, kept: str | None) -> None:
    from rashomon.analysis.components.speakers import _speaker_span

    span = _speaker_span(phrase, 0, len(phrase))
    assert (span.text_of(phrase) if span else None) == kept


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Turnout reached 90 percent, said reports from Ashgabat, the capital.", None, "institutional"),
        ("A spokesman for the embassy in Paris said the talks would resume next week.", None, "institutional"),
        # a place that heads the phrase still speaks
        ("Turkmenistan said on Sunday that turnout had reached 90 percent.", "Turkmenistan", "institutional"),
    ],
)
def test_a_place_that_only_locates_a_speaker_is_not_the_speaker(text: str, name: str | None, kind: str) -> None:
    (q,) = quotes(text)
    assert (q.speaker_name, q.speaker_type) == (name, kind)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Microsoft released a patch on Tuesday. It is thought that the flaw was found by a student in Ohio.",
         None, "anonymous"),
        ("Microsoft released a patch on Tuesday. It is widely believed that the flaw was years old.",
         None, "anonymous"),
        ("Microsoft released a patch on Tuesday. It is far more commonly believed that the flaw was years old.",
         None, "anonymous"),
    ],
)  # fmt: skip
def test_an_it_that_stands_for_the_clause_after_it_names_no_speaker(text: str, name: str | None, kind: str) -> None:
    found = [q for q in quotes(text) if said(q, text) == "It"]
    assert found
    assert {(q.speaker_name, q.speaker_type) for q in found} == {(name, kind)}


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("Massachusetts Gov. Deval Patrick (D) on Wednesday", "Massachusetts Gov. Deval Patrick (D)"),
        ("Microsoft Corp. today", "Microsoft Corp."),
        ("An NBC News/Wall Street Journal poll last week", "An NBC News/Wall Street Journal poll"),
        ("USA Today", "USA Today"),  # a name, not a day
    ],
)
def test_the_day_a_speaker_phrase_closes_with_is_not_part_of_the_speaker(phrase: str, kept: str) -> None:
    from rashomon.analysis.components.speakers import _speaker_span

    span = _speaker_span(phrase, 0, len(phrase))
    assert span is not None and span.text_of(phrase) == kept


@pytest.mark.parametrize(
    ("paragraph", "left_open", "quoted"),
    [
        ('We waited two years for this day, "said Carla Greer.', True, ["We waited two years for this day,"]),
        ('He said, "We will win."', False, ["We will win."]),
        ('He said, "We will win."', True, ["We will win."]),
        ('We waited two years for this day, "Carla Greer said.', True, ["We waited two years for this day,"]),
    ],
    ids=[
        "closes the quote left open",
        "opens after a comma",
        "opens on a capital another mark closes",
        "closes before a name",
    ],
)
def test_a_spaced_straight_mark_after_a_comma_closes_only_a_quote_left_open(
    paragraph: str, left_open: bool, quoted: list[str]
) -> None:
    """Detokenised corpora write 'day, "said Carla': after a line that left a quote open that mark closes it."""
    stretches = quoted_in(paragraph, 0, len(paragraph), left_open=left_open)
    assert [paragraph[q.start : q.end] for q in stretches] == quoted
