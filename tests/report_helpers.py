"""Shared helpers for report tests: hand-built comparisons and `assert_valid_report`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rashomon.model.records import (
    Article,
    Claim,
    Comparison,
    Entity,
    Mention,
    Omission,
    Removal,
    Story,
    Summary,
    SummarySentence,
)
from rashomon.render.json import validate_report

LATER_LAYERS = ("descriptors", "quotes", "citations", "conflicts", "loaded_terms", "tone")

GAZETTE_POWER = "Storm Ingrid cut power to about 40,000 homes across the north coast on Tuesday night."
GAZETTE_FERRY = "All ferry crossings to the islands were cancelled until Thursday, the operator said."
WIRE_POWER = "About 40,000 households lost electricity as Storm Ingrid swept the northern coast late on Tuesday."
WIRE_FERRY = "Ferries to the islands will not sail before Thursday, according to the operator."
WIRE_HARBOUR = 'Harbour master Ruth Okafor said the breakwater "held, but only just".'
RADIO_POWER = "Forty thousand homes were left without power when Storm Ingrid hit the coast on Tuesday."
RADIO_SHELTER = "The regional council opened three rest centres in schools for people without heating."

GAZETTE = " ".join([GAZETTE_POWER, "Gusts of 130 km/h were recorded at Kellan Point before dawn.", GAZETTE_FERRY])
WIRE = "\n\n".join([f"{WIRE_POWER} {WIRE_FERRY}", WIRE_HARBOUR])
RADIO = " ".join([RADIO_POWER, RADIO_SHELTER])


def mention(article: Article, sentence: str) -> Mention:
    """Return the mention of `sentence` in `article`, located by search so offsets stay true."""
    start = article.text.index(sentence)
    return Mention(article=article.id, start=start, end=start + len(sentence))


def story_articles() -> tuple[Article, Article, Article]:
    """Return three articles on one storm: two named outlets and one unknown outlet."""
    gazette = Article(
        id="1a2b3c4d5e6f7081",
        source="stories/ingrid/gazette.html",
        outlet="Harbour Gazette",
        title="Storm Ingrid leaves 40,000 homes in the dark",
        url="https://gazette.example/news/storm-ingrid",
        published=datetime(2026, 1, 14, tzinfo=UTC),
        text=GAZETTE,
        removed=(
            Removal(text="Sign up for our morning briefing", reason="newsletter prompt"),
            Removal(text="Photo: Lena Marsh/Harbour Gazette", reason="photo credit"),
        ),
    )
    wire = Article(
        id="2b3c4d5e6f708192",
        source="https://wire.example/ingrid",
        outlet="Northern Wire",
        title="Storm knocks out power along northern coast",
        url="https://wire.example/ingrid",
        published=datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
        text=WIRE,
    )
    radio = Article(
        id="3c4d5e6f70819203",
        source="downloads/coast-radio_0412.txt",
        text=RADIO,
        notes=("no outlet given and none could be inferred",),
    )
    return gazette, wire, radio


def _claims(gazette: Article, wire: Article, radio: Article) -> tuple[Claim, ...]:
    everyone = (gazette.id, wire.id, radio.id)
    power = Claim(
        id="c1power",
        text=GAZETTE_POWER,
        status="consensus",
        articles=everyone,
        missing=(),
        mentions=(mention(gazette, GAZETTE_POWER), mention(wire, WIRE_POWER), mention(radio, RADIO_POWER)),
    )
    ferries = Claim(
        id="c2ferries",
        text=GAZETTE_FERRY,
        status="shared",
        articles=(gazette.id, wire.id),
        missing=(radio.id,),
        mentions=(mention(gazette, GAZETTE_FERRY), mention(wire, WIRE_FERRY)),
    )
    harbour = Claim(
        id="c3harbour",
        text=WIRE_HARBOUR,
        status="unique",
        articles=(wire.id,),
        missing=(gazette.id, radio.id),
        mentions=(mention(wire, WIRE_HARBOUR),),
    )
    shelter = Claim(
        id="c4shelter",
        text=RADIO_SHELTER,
        status="unique",
        articles=(radio.id,),
        missing=(gazette.id, wire.id),
        mentions=(mention(radio, RADIO_SHELTER),),
    )
    return power, ferries, harbour, shelter


def sample_comparison() -> Comparison:
    """Return a three-article comparison with consensus, shared and unique claims and an omission."""
    gazette, wire, radio = story_articles()
    claims = _claims(gazette, wire, radio)
    summary_sentences = (
        SummarySentence(text=GAZETTE_POWER, claim=claims[0].id, articles=claims[0].articles),
        SummarySentence(text=GAZETTE_FERRY, claim=claims[1].id, articles=claims[1].articles),
    )
    return Comparison(
        story=Story(
            title="Storm Ingrid cuts power on the north coast",
            articles=3,
            outlets=3,
            first_published=gazette.published,
            last_published=wire.published,
        ),
        articles=(gazette, wire, radio),
        entities=(
            Entity(
                id="e1ingrid",
                name="Storm Ingrid",
                type="EVENT",
                aliases=("Ingrid",),
                articles=(gazette.id, wire.id, radio.id),
            ),
            Entity(id="e2okafor", name="Ruth Okafor", type="PERSON", aliases=("Okafor",), articles=(wire.id,)),
        ),
        claims=claims,
        omissions=(Omission(article=radio.id, claim=claims[1].id),),
        summary=Summary(text=" ".join(s.text for s in summary_sentences), sentences=summary_sentences),
        notes=("Northern Wire and Harbour Gazette share no copied passages.",),
        provenance=("rashomon.sentences.v1", "rashomon.claims.v1"),
    )


def single_article_comparison() -> Comparison:
    """Return the comparison of a story only one outlet covered."""
    gazette = story_articles()[0]
    claims = tuple(
        Claim(
            id=f"u{i}",
            text=s,
            status="unique",
            articles=(gazette.id,),
            missing=(),
            mentions=(mention(gazette, s),),
        )
        for i, s in enumerate((GAZETTE_POWER, GAZETTE_FERRY))
    )
    return Comparison(
        story=Story(
            title=None,
            articles=1,
            outlets=1,
            first_published=gazette.published,
            last_published=gazette.published,
        ),
        articles=(gazette,),
        claims=claims,
        notes=("Only one article: nothing to compare.",),
    )


def empty_comparison() -> Comparison:
    """Return a two-article comparison in which nothing was found: no claims, entities or summary."""
    gazette, wire, _ = story_articles()
    return Comparison(
        story=Story(title=None, articles=2, outlets=2),
        articles=(dataclasses.replace(gazette, published=None), dataclasses.replace(wire, published=None)),
    )


def _check_offsets(item: Mapping[str, Any], texts: Mapping[str, str], where: str) -> None:
    assert item["article"] in texts, f"{where}: unknown article {item['article']}"
    if "start" in item:
        text = texts[item["article"]]
        assert 0 <= item["start"] <= item["end"] <= len(text), f"{where}: offsets outside the article"


def _check_claims(data: Mapping[str, Any], texts: Mapping[str, str]) -> set[str]:
    claim_ids = set()
    for i, claim in enumerate(data["claims"]):
        where = f"claims[{i}]"
        assert claim["id"] not in claim_ids, f"{where}: duplicate id {claim['id']}"
        claim_ids.add(claim["id"])
        assert set(claim["articles"]) <= texts.keys(), f"{where}: unknown article in articles"
        assert set(claim["missing"]) <= texts.keys(), f"{where}: unknown article in missing"
        assert not set(claim["articles"]) & set(claim["missing"]), f"{where}: article both carries and misses"
        for j, m in enumerate(claim["mentions"]):
            _check_offsets(m, texts, f"{where}.mentions[{j}]")
            sliced = texts[m["article"]][m["start"] : m["end"]]
            assert m["text"] == sliced, f"{where}.mentions[{j}]: text is not the article slice"
    return claim_ids


def assert_valid_report(data: Mapping[str, Any]) -> None:
    """Assert `data` matches the published schema and its ids and offsets agree with its articles."""
    validate_report(data)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert len(texts) == len(data["articles"]), "duplicate article ids"
    claim_ids = _check_claims(data, texts)
    for i, omission in enumerate(data["omissions"]):
        _check_offsets(omission, texts, f"omissions[{i}]")
        assert omission["claim"] in claim_ids, f"omissions[{i}]: unknown claim {omission['claim']}"
    for i, sentence in enumerate(data["summary"]["sentences"]):
        assert sentence["claim"] in claim_ids, f"summary.sentences[{i}]: unknown claim {sentence['claim']}"
        assert set(sentence["articles"]) <= texts.keys(), f"summary.sentences[{i}]: unknown article"
    for layer in LATER_LAYERS:
        for i, item in enumerate(data.get(layer, ())):
            if "article" in item:
                _check_offsets(item, texts, f"{layer}[{i}]")


# A short storm article several CLI tests use as one of a story's sources.
CLI_GAZETTE = (
    "Storm Ingrid cut power to about 40,000 homes across the north coast on Tuesday night, "
    "the grid operator said.\n\n"
    "All ferry crossings to the islands were cancelled until Thursday. Harbour master Ruth Okafor "
    "said the breakwater at Kellan Point held, but only just.\n"
)
CLI_WIRE = (
    "About 40,000 households lost electricity as Storm Ingrid swept the northern coast late on Tuesday.\n\n"
    "Ferries to the islands will not sail before Thursday, according to the operator. The regional "
    "council opened three rest centres in schools for people without heating.\n"
)


def two_articles(folder: Path) -> Path:
    """Write the two good articles gazette.txt and wire.txt into `folder`, and return it."""
    (folder / "gazette.txt").write_text(CLI_GAZETTE, encoding="utf-8")
    (folder / "wire.txt").write_text(CLI_WIRE, encoding="utf-8")
    return folder
