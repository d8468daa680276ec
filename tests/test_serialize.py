"""Articles and analyses survive the trip to JSON and back unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from rashomon.model.records import Analysis, Article, Removal, Span
from rashomon.model.serialize import analysis_from_dict, analysis_to_dict, article_from_dict, article_to_dict

text = st.text(max_size=40)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=10),
    st.floats(allow_nan=False, allow_infinity=False),
)
zones = st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))])
dates = st.one_of(st.none(), st.datetimes(timezones=st.one_of(st.none(), zones)))
spans = st.builds(
    Span,
    start=st.integers(0, 500),
    end=st.integers(0, 500),
    label=text,
    attrs=st.dictionaries(st.text(max_size=8), scalars, max_size=3),
)
articles = st.builds(
    Article,
    id=st.text(min_size=1, max_size=16),
    source=text,
    text=text,
    outlet=st.none() | text,
    title=st.none() | text,
    url=st.none() | text,
    published=dates,
    language=st.sampled_from(["en", "fr"]),
    removed=st.lists(st.builds(Removal, text=text, reason=text), max_size=3).map(tuple),
    notes=st.lists(text, max_size=3).map(tuple),
)
analyses = st.builds(
    Analysis,
    article=articles,
    layers=st.dictionaries(st.text(min_size=1, max_size=10), st.lists(spans, max_size=4).map(tuple), max_size=3),
    provenance=st.lists(text, max_size=3).map(tuple),
)


@given(articles)
def test_article_round_trip(article: Article) -> None:
    assert article_from_dict(json.loads(json.dumps(article_to_dict(article)))) == article


@given(analyses)
def test_analysis_round_trip(analysis: Analysis) -> None:
    assert analysis_from_dict(json.loads(json.dumps(analysis_to_dict(analysis)))) == analysis


def test_published_keeps_its_offset() -> None:
    when = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    article = Article(id="a", source="s", text="t", published=when)
    assert article_to_dict(article)["published"] == "2025-03-01T09:30:00-05:00"
    assert article_from_dict(article_to_dict(article)).published == when


def test_every_typed_layer_record_round_trips_through_the_store_form() -> None:
    from rashomon.model import layers as L
    from rashomon.model.serialize import layers_from_dict, layers_to_dict

    at = Span(start=0, end=3)
    samples = {
        "sentences": L.SentenceSpan(start=0, end=20, paragraph=2, heading=True, clauses=(0, 8, 12, 19)),
        "entities": L.EntitySpan(start=0, end=5, label="PERSON", name="Ana Ruiz"),
        "quotes": L.QuoteSpan(start=5, end=20, label="direct", speaker=at, speaker_name="Ana Ruiz", cue=at),
        "citations": L.CitationSpan(start=0, end=7, outlet="Reuters", how="reported", sentence=Span(start=0, end=20)),
        "descriptors": L.DescriptorSpan(start=0, end=9, label="title", name="Ana Ruiz", mention=at),
        # a loaded term's speaker is a name, not a span: the reader must not take it for one
        "loaded_terms": L.LoadedTermSpan(
            start=2, end=8, term="hat in hand", category="idiom", voice="quoted", speaker="Ana Ruiz", confidence=0.9
        ),  # fmt: skip
        "tone": L.ToneSpan(
            start=0,
            end=20,
            entity="Ana Ruiz",
            score=-0.4,
            mentions=(0, 9),
            cues=(L.ToneCue(start=2, end=8, weight=-0.5),),
        ),  # fmt: skip
        "quantities": L.QuantitySpan(start=0, end=4, label="count", value=40.0, unit="homes", precision=1.0),
        "dates": L.DateSpan(start=0, end=6, first="2026-01-14", last="2026-01-14", granularity="day", relative=True),
    }
    layers = {name: (record,) for name, record in samples.items()}
    assert layers_from_dict(json.loads(json.dumps(layers_to_dict(layers)))) == layers
