"""Tests for the cleaning stage: furniture by category, repairs, repeats, bylines, and no false removals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.clean.article import Cleaned, clean, make_article
from rashomon.errors import EmptySource
from rashomon.model.records import Article, Document

# Body paragraphs written for these tests (a fictional port strike), wrapped around each piece of debris.
OPENING = (
    "Dock workers at the port of Halden walked off the job on Monday, halting cargo traffic for the "
    "second time this year."
)
MIDDLE = (
    "The union said talks with the port authority had stalled over pay and night-shift staffing, and "
    "that no new meeting had been scheduled."
)
CLOSING = "Shipping lines warned that delays could spread to other northern ports if the strike lasted into next week."


def article(*debris: str) -> str:
    """Return a three-paragraph article with `debris` lines placed between the first two."""
    return "\n".join([OPENING, *debris, MIDDLE, CLOSING])


def reasons(cleaned: Cleaned) -> list[str]:
    return [removal.reason for removal in cleaned.removed]


def assert_body_intact(cleaned: Cleaned) -> None:
    assert cleaned.text == "\n".join([OPENING, MIDDLE, CLOSING])


FURNITURE = [
    # sign-up prompts in other outlets' wordings
    ("Sign up for The Morning Ledger newsletter", "newsletter or alert sign-up prompt"),
    ("Get the latest headlines delivered to your inbox every weekday.", "newsletter or alert sign-up prompt"),
    ("Subscribe to our free Business Briefing and never miss a story.", "newsletter or alert sign-up prompt"),
    ("Get breaking Maritime news", "newsletter or alert sign-up prompt"),
    (
        "By signing up, you agree to our Terms of Use and Privacy Policy.",
        "newsletter or alert sign-up prompt",
    ),
    ("Thank you for subscribing!", "newsletter or alert sign-up prompt"),
    # comment-section headers and footers
    ("Comments", "comment section footer"),
    ("Join the discussion", "comment section footer"),
    ("Comments are closed for this story.", "comment section footer"),
    ("37 comments", "comment section footer"),
    ("View all comments (12)", "comment section footer"),
    ("Please read our community guidelines", "comment section footer"),
    # captions ending in a credit, and credit-only lines
    (
        "Striking workers gather at the gate on Monday. (Photo by Ana Ruiz/Getty Images)",
        "photo caption and credit",
    ),
    ("A crane stands idle at Halden. Image credit: Port of Halden", "photo caption and credit"),
    ("Pickets outside the terminal. REUTERS/Lars Eik", "photo caption and credit"),
    ("Union leader Mari Holt speaks to reporters. Photograph: Tom Berg/AFP", "photo caption and credit"),
    ("The container yard in 2023. File photo", "photo caption and credit"),
    ("Credit: J. Smith/Halden Post", "photo caption and credit"),
    ("FILE PHOTO: Ships wait outside the harbour", "photo caption and credit"),
    ("(AP Photo/Erik Lund)", "photo caption and credit"),
    # share, follow and related-link prompts
    ("Share this story", "share, follow or related-link prompt"),
    ("Share on Facebook", "share, follow or related-link prompt"),
    ("Follow us on Instagram and TikTok for more.", "share, follow or related-link prompt"),
    ("Click here to download our app.", "share, follow or related-link prompt"),
    ("Read more: Port strikes across Europe", "share, follow or related-link prompt"),
    ("Related: What the strike means for shoppers", "share, follow or related-link prompt"),
    ("ALSO READ: Halden port to expand", "share, follow or related-link prompt"),
    ("WATCH: Workers march through the city centre", "share, follow or related-link prompt"),
    # advertisement slots and notices
    ("ADVERTISEMENT", "advertisement marker"),
    ("Article continues below advertisement", "advertisement marker"),
    ("Sponsored content", "advertisement marker"),
    ("© 2026 Halden Post Media. All rights reserved.", "copyright notice"),
    ("View this post on Instagram", "embedded media link"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "copyright notice"),
    ("This article may not be reproduced without written permission.", "copyright notice"),
    (
        "© 2025 Halden Post. This article is the copyrighted property of the Halden Post Media Group. Written "
        "permission must be obtained before it is reprinted in any online or print media. Reprinting it "
        "without permission is theft and is punishable by law.",
        "copyright notice",
    ),
    # a picture's label alone, the page's own navigation, promotions of running coverage, blog post details
    ("Map of the harbour showing where the crane collapsed", "photo caption and credit"),
    ("Photos from the picket line at Halden", "photo caption and credit"),
    ("To read the full article, please subscribe to the Halden Post.", "subscription or app prompt"),
    ("Already a subscriber? Log in to continue reading.", "subscription or app prompt"),
    ("Subscribe today for unlimited access to every story.", "subscription or app prompt"),
    (
        "For breaking news on the strike, download the Halden Post app for iOS and Android.",
        "subscription or app prompt",
    ),
    (
        "Sign up to get the best stories of the week, and great travel deals, picked by our editors.",
        "newsletter or alert sign-up prompt",
    ),
    ("Halden Post Newsletter", "newsletter or alert sign-up prompt"),
    (
        "Follow the Halden Post on X and Instagram @HaldenPost and on Facebook @HaldenPostNews. Send us a "
        "message on WhatsApp at 555-0100 or email us at tips@haldenpost.example",
        "share, follow or related-link prompt",
    ),
    ("Site Navigation", "site navigation label"),
    ("Main Menu", "site navigation label"),
    ("Skip to main content", "site navigation label"),
    ("Back to top", "site navigation label"),
    ("PORT WATCH: Live updates and local coverage", "share, follow or related-link prompt"),
    ("Read the latest updates on the strike below:", "share, follow or related-link prompt"),
    ("Posted by Ann Lee on March 3, 2024", "blog post details"),
    ("Posted in Port News on June 2, 2023", "blog post details"),
    (
        "On behalf of Berg & Holt, LLP. posted in Workplace Accidents on Monday, June 3, 2024.",
        "blog post details",
    ),
]


@pytest.mark.parametrize("debris, reason", FURNITURE, ids=[d[:40] for d, _ in FURNITURE])
def test_furniture_is_removed_with_its_reason(debris: str, reason: str) -> None:
    cleaned = clean(article(debris))
    assert_body_intact(cleaned)
    assert [(r.text, r.reason) for r in cleaned.removed] == [(debris, reason)]


PROSE = [
    "He posted a photo of the empty quay on social media, saying the port had never been so quiet.",
    "The minister declined to comment on the photo: it was, she said, irrelevant to the talks.",
    "Officials urged residents to sign up for flood alerts on the city website before the storm.",
    "“Sign up for alerts,” the mayor told residents, “so that we can reach you in an emergency.”",
    "The union said it would share its proposal with members and sign an agreement only after a vote.",
    "Several readers left comments on the port authority's page, and the comments were later removed.",
    "Her weekly newsletter on shipping, which has 20,000 readers, first reported the plan.",
    "Shares in Nordlink fell 4% after the company said it would follow the court's ruling.",
    "Related talks in Bergen were also suspended, according to a person familiar with them.",
    "By Tuesday, the talks had stalled again and both sides blamed each other.",
    "Read the full statement, the union said, before deciding how to vote.",
    "Credit for the deal, she said, belongs to the negotiators on both sides.",
    "Click-and-collect orders were delayed at several stores that rely on the port.",
    "Advertising revenue at the port's visitor centre fell in the same period.",
    "Copyright law gives the union no say over the footage, the port authority said.",
    "The contract says all rights reserved to the port may be transferred only by a vote.",
    # furniture words in sentences: a verb makes a headline or a sentence, not a picture's label
    "Video of the collapse is played at the inquiry into the crane's safety record.",
    "Photos of the damage, he said, were sent to the insurers on Monday.",
    "Live updates from the port were posted by the union every hour during the strike.",
    "The union's full coverage of its members' pay is part of the new contract.",
    "Posted in Halden since 2019, the inspector said she had never seen a collapse like it.",
    "Residents who signed up to get the port's flood warnings were told to stay indoors.",
    "On behalf of the union, she posted in the members' forum that the vote was off.",
    "The union's newsletter, which goes to 4,000 members, called the offer an insult.",
    "The report may not be published or distributed before Friday, port officials said.",
    "The material may not be published until the court rules, the judge told both sides.",
    "The Halden Post lost 2,000 subscribers after it raised the price of its weekend edition.",
    "Subscribers to the port's freight service will get full access to the new terminal in May.",
    "Dockers can download the union's app to vote on the offer, the organiser said.",
    "The navigation system of the container ship failed as it entered the harbour.",
    # an Axios-style signpost ending a paragraph is prose: the whole paragraph used to go as a caption
    "Refugees need housing, officials said. The big picture: Tensions are rising with the U.S.",
]


@pytest.mark.parametrize("sentence", PROSE, ids=[s[:40] for s in PROSE])
def test_prose_mentioning_furniture_words_is_kept(sentence: str) -> None:
    text = article(sentence)
    cleaned = clean(text)
    assert cleaned.text == text
    assert cleaned.removed == ()


def test_headings_inside_the_body_are_kept() -> None:
    text = "\n".join([OPENING, "Talks break down", MIDDLE, "What comes next", CLOSING])
    assert clean(text).text == text


def test_block_quotes_and_embedded_post_text_are_kept() -> None:
    post = "Back at work tomorrow. Thanks to everyone who stood with us. pic.x.com/Qz81Lm"
    signature = "— Mari Holt (@mariholt) March 3, 2026"
    cleaned = clean("\n".join([OPENING, "The union wrote:", post, signature, MIDDLE]))
    assert cleaned.text == "\n".join(
        [OPENING, "The union wrote:", post.removesuffix(" pic.x.com/Qz81Lm"), signature, MIDDLE]
    )
    assert [(r.text, r.reason) for r in cleaned.removed] == [("pic.x.com/Qz81Lm", "embedded media link")]


def test_a_pictures_label_before_a_paragraph_goes_and_its_sentence_stays() -> None:
    label = "Map of Norway highlighting the port of Halden"
    sentence = "A crane collapsed at the port of Halden on Monday, injuring two workers."
    cleaned = clean(article(f"{label}: {sentence}"))
    assert sentence in cleaned.text
    assert label not in cleaned.text
    assert (label, "photo caption and credit") in [(r.text, r.reason) for r in cleaned.removed]


def test_sign_up_heading_and_prompt_are_removed_together() -> None:
    cleaned = clean(
        article("Get breaking Maritime news", "For news from the coast, sign up for alerts sent straight to you.")
    )
    assert_body_intact(cleaned)
    assert reasons(cleaned) == ["newsletter or alert sign-up prompt"] * 2


REJOINS = [
    (
        "Talks focused on improvin\n\ng night-shift pay.",
        "Talks focused on improving night-shift pay.",
        "word",
    ),
    (
        "The port authority said the strik\ne was unlawful.",
        "The port authority said the strike was unlawful.",
        "word",
    ),
    (
        "Workers want a government\n\nguarantee on pay.",
        "Workers want a government guarantee on pay.",
        "sentence",
    ),
    ("The long-\n\nterm deal was signed. A long-term plan followed.", None, "word"),
]


@pytest.mark.parametrize("text, expected, kind", REJOINS, ids=["blank-lines", "one-newline", "two-words", "hyphen"])
def test_breaks_inside_words_and_sentences_are_rejoined(text: str, expected: str | None, kind: str) -> None:
    cleaned = clean(text)
    if expected is None:
        expected = "The long-term deal was signed. A long-term plan followed."
    assert cleaned.text == expected
    assert reasons(cleaned) == [f"line break inside a {kind} rejoined"]


def test_sentence_broken_by_an_advertisement_slot_is_mended() -> None:
    cleaned = clean(f"{OPENING}\nThe union said the\nAdvertisement\ntalks would resume on Friday.")
    assert cleaned.text == f"{OPENING}\nThe union said the talks would resume on Friday."


def test_exact_and_near_identical_repeats_are_kept_once() -> None:
    reworded = MIDDLE.replace("talks with the port authority", "talks with port authorities")
    split = (
        "The union said talks with the port authority had stalled over pay and night-shift staffing. "
        "No new meeting had been scheduled, it said."
    )
    cleaned = clean("\n".join([OPENING, MIDDLE, CLOSING, OPENING, reworded, split]))
    assert cleaned.text == "\n".join([OPENING, MIDDLE, CLOSING])
    assert reasons(cleaned) == ["repeated paragraph", *["near-identical repeated paragraph"] * 2]


def test_reprint_split_into_two_paragraphs_is_removed() -> None:
    first, second = OPENING.split(", halting ")
    cleaned = clean("\n".join([OPENING, MIDDLE, f"{first}, the union said.", f"Halting {second}"]))
    assert cleaned.text.splitlines()[:2] == [OPENING, MIDDLE]


def test_short_repeated_lines_are_kept() -> None:
    text = "\n".join([OPENING, "He said no.", MIDDLE, "He said no."])
    assert clean(text).text == text


def test_trailing_titles_after_the_body_are_removed() -> None:
    cleaned = clean(article() + "\nHalden dock strike enters second day\nWhat the strike means for you")
    assert_body_intact(cleaned)
    assert reasons(cleaned) == ["trailing video title or related headline"] * 2


def test_sign_off_at_the_end_is_kept() -> None:
    text = article() + "\nWith files from The Canadian Press"
    assert clean(text).text == text


BYLINES = [
    (
        "By Jane Doe | Reuters | Updated March 3, 2025",
        "Reuters",
        datetime(2025, 3, 3, tzinfo=UTC),
        "Jane Doe",
    ),
    ("Posted on 2024-05-01 by Sam Lee", None, datetime(2024, 5, 1, tzinfo=UTC), "Sam Lee"),
    ("Last updated: 3 March 2025, 10:45 GMT", None, datetime(2025, 3, 3, 10, 45, tzinfo=UTC), None),
    ("By ANNA SMITH, Associated Press · 4 min read", "Associated Press", None, "ANNA SMITH"),
    ("Published 10:32 AM EST, Wed January 14, 2026", None, datetime(2026, 1, 14, 15, 32, tzinfo=UTC), None),
    (
        "Halden Post Staff | 12 February 2026",
        "Halden Post",
        datetime(2026, 2, 12, tzinfo=UTC),
        "Halden Post Staff",
    ),
    # a syndicator's credit and date with no separator, as a syndicated copy prints it
    ("Reuters Sep 18, 2013, 02.16PM IST", "Reuters", datetime(2013, 9, 18, tzinfo=UTC), None),
]


@pytest.mark.parametrize("line, outlet, published, byline", BYLINES, ids=[b[0][:30] for b in BYLINES])
def test_byline_lines_become_metadata(
    line: str, outlet: str | None, published: datetime | None, byline: str | None
) -> None:
    cleaned = clean(f"{line}\n{article()}")
    assert_body_intact(cleaned)
    assert (cleaned.outlet, cleaned.published, cleaned.byline) == (outlet, published, byline)
    assert reasons(cleaned) == ["byline or date line turned into metadata"]


def test_dateline_names_the_outlet_and_stays_in_the_text() -> None:
    text = f"HALDEN, Norway (Reuters) - {OPENING}\n{MIDDLE}"
    cleaned = clean(text)
    assert (cleaned.text, cleaned.outlet) == (text, "Reuters")


def test_unicode_is_repaired_and_recorded() -> None:
    cleaned = clean("The unionâ€™s leader said\u00a0talks would resume &amp; continue.")
    assert cleaned.text == "The union’s leader said talks would resume & continue."
    assert [r.text for r in cleaned.removed] == ["unionâ€™s", "&amp;"]
    assert set(reasons(cleaned)) == {"broken characters repaired"}


def test_blank_line_runs_collapse_to_one_newline() -> None:
    cleaned = clean(f"{OPENING}\r\n\r\n\r\n\r\n{MIDDLE}  \n\n\n")
    assert cleaned.text == f"{OPENING}\n{MIDDLE}"
    assert reasons(cleaned) == ["run of blank lines collapsed"] * 2


def test_markdown_paragraph_gaps_are_normalised_without_removals() -> None:
    cleaned = clean(f"{OPENING}\n\n{MIDDLE}\n\n{CLOSING}")
    assert_body_intact(cleaned)
    assert cleaned.removed == ()


def test_make_article_prefers_document_metadata_and_fills_gaps() -> None:
    document = Document(source="post.txt", text=f"By Jane Doe | Halden Post | 12 February 2026\n{article()}")
    made = make_article(document)
    assert made.outlet == "Halden Post" and made.published == datetime(2026, 2, 12, tzinfo=UTC)
    assert "published from byline line" in made.notes and "outlet from byline line" in made.notes
    assert made.id == Article.make_id(url=None, text=made.text)
    given_outlet = make_article(Document(source="post.txt", text=document.text, outlet="The Post"))
    assert given_outlet.outlet == "The Post"


def test_make_article_refuses_text_that_is_all_furniture() -> None:
    with pytest.raises(EmptySource):
        make_article(Document(source="empty.txt", text="Advertisement\nShare this article\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_clean_is_idempotent_on_arbitrary_text(text: str) -> None:
    once = clean(text).text
    assert clean(once).text == once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                OPENING,
                MIDDLE,
                CLOSING,
                "",
                "",
                "Advertisement",
                "Talks break down",
                "Photo: VCG",
                "advanc",
                "ing it",
            ]
        ),
        max_size=12,
    )
)
def test_clean_is_idempotent_on_article_like_text(lines: list[str]) -> None:
    once = clean("\n".join(lines)).text
    assert clean(once).text == once


@pytest.mark.parametrize(
    "outlet, url, expected",
    [
        ("nyt", None, "The New York Times"),  # a short code
        ("NYT", None, "The New York Times"),  # in capitals
        ("huffpost", None, "HuffPost"),  # a slug
        (None, "https://www.foxnews.com/politics/2010/12/08/story", "Fox News"),  # the URL's site
        ("Breitbart", None, "Breitbart"),  # a name as written stays the user's
        ("harbourgazette", None, "harbourgazette"),  # unknown to the registry: as given
        (None, None, None),
    ],
    ids=["code", "capitals", "slug", "from-url", "written-name", "unknown-code", "nothing"],
)
def test_an_article_is_named_by_its_outlet_readably(outlet: str | None, url: str | None, expected: str | None) -> None:
    from rashomon.clean.article import make_article
    from rashomon.model.records import Document

    text = "The council approved the ferry budget on Tuesday after a long debate about fares."
    article = make_article(Document(source="a.txt", text=text, outlet=outlet, url=url))
    assert article.outlet == expected


def test_words_before_a_date_that_name_no_known_outlet_stay_in_the_text() -> None:
    """Only a name the outlet registry knows makes a credit line of "NAME DATE"; a headline stays."""
    cleaned = clean(f"Harbour Strike Ends Sep 18, 2013\n{article()}")
    assert cleaned.text.startswith("Harbour Strike Ends Sep 18, 2013")
    assert cleaned.outlet is None
