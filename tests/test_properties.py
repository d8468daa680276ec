"""Properties over generated stories: comparison never crashes and every span lies inside its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.comparison.compare import compare_articles
from rashomon.model.records import Article

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


# The cleaning fast path hands ftfy only lines it could change; a line of the "safe" alphabet must be one
# ftfy leaves alone. This pins that claim to the installed ftfy, so an upgrade that breaks it fails here.
_safe_alphabet = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F) if chr(c) != "&"]
    + list("\t\n\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2015\u2026")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_safe_alphabet, max_size=60).map("".join))
def test_ftfy_leaves_the_lines_the_fast_path_skips_alone(line: str) -> None:
    import ftfy

    from rashomon.clean.repair import _FTFY, _FTFY_SAFE_LINE, _fix_text

    assert _FTFY_SAFE_LINE.fullmatch(line)
    assert ftfy.fix_text(line, _FTFY) == line == _fix_text(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aé€â\u0080\u0099\u009c&;<>#x123\n \u2019\u201c")), max_size=40))
def test_the_cleaning_fast_path_equals_ftfy(text: str) -> None:
    import ftfy

    from rashomon.clean.repair import _FTFY, _fix_text

    assert _fix_text(text) == ftfy.fix_text(text, _FTFY)
