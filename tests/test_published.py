"""A missing publication date is inferred from what the text states, and marked as inferred."""

from __future__ import annotations

from datetime import date

from rashomon.clean.article import make_article
from rashomon.model.records import Document

POST = (
    "The minister landed on Sunday evening after a long delay in Frankfurt.\n"
    "Talks were due to begin the next morning with the port authority and the unions.\n"
    "Just landed in Nairobi. Looking forward to the talks.\n"
    "— Jane Doe (@janedoe) March 3, 2025\n"
    "The unions said they would present their demands on Monday."
)


def test_embedded_post_date_becomes_the_inferred_publication_date() -> None:
    article = make_article(Document(source="post.txt", text=POST))
    assert article.published is not None and article.published.date() == date(2025, 3, 3)
    assert any(n.startswith("published date inferred from") and "March 3, 2025" in n for n in article.notes)


def test_a_given_date_is_never_replaced() -> None:
    from datetime import UTC, datetime

    given = datetime(2025, 3, 4, tzinfo=UTC)
    article = make_article(Document(source="post.txt", text=POST, published=given))
    assert article.published == given
    assert not any("inferred" in n for n in article.notes)


def test_no_stated_date_leaves_it_unknown() -> None:
    text = "The council met to discuss the harbour.\nFishing crews gathered outside the town hall."
    article = make_article(Document(source="plain.txt", text=text))
    assert article.published is None
