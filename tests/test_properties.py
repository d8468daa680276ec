"""Properties over generated stories: comparison never crashes and every span lies inside its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.comparison import compare_articles
from rashomon.model import Article

SENTENCES = [
    "Dock workers at the Port of Valmora walked off the job on Monday.",
    "Union leader Marta Ilves said members would stay out until overtime was restored.",
    "Transport Minister Daniel Okafor urged both sides to return to the table.",
    "The port handles roughly 40 percent of the nation's imports.",
    '"We will not back down," Ilves said.',
    "Retailers warned that shelves could empty within a fortnight.",
    "Latest updates",
]
article_text = st.lists(
    st.one_of(st.sampled_from(SENTENCES), st.text(min_size=1, max_size=60)), min_size=1, max_size=6
).map(lambda parts: "\n".join(parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_text, min_size=1, max_size=4))
def test_every_span_lies_within_its_article(texts: list[str]) -> None:
    articles = [Article(id=f"a{i}", source=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    comparison = compare_articles(articles)
    for analysis in comparison.analyses:
        size = len(analysis.article.text)
        for layer in analysis.layers.values():
            assert all(0 <= span.start < span.end <= size for span in layer)
    for claim in comparison.claims:
        assert set(claim.articles).isdisjoint(claim.missing)
        for mention in claim.mentions:
            assert 0 <= mention.start < mention.end <= len(comparison.article(mention.article).text)
