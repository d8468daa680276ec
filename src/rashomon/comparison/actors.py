"""One canonical name per actor across a story's articles ("Xi", "President Xi Jinping" -> Xi Jinping)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from rashomon.model.layers import DescriptorSpan, EntitySpan
from rashomon.model.records import Analysis, Entity, content_id
from rashomon.resources.gazetteer import fold


def _parts(name: str) -> tuple[str, ...]:
    return tuple(fold(name).replace(".", "").split())


def canonical_entities(analyses: Sequence[Analysis]) -> tuple[Entity, ...]:
    """Group the entity mentions of all articles into story-level actors with one name each."""
    counts: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
    surfaces: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    articles: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    described: set[tuple[str, tuple[str, ...]]] = set()
    for analysis in analyses:
        # A lone name an article describes ("Dutch firm Vandermeer") is an actor even though no article
        # introduces it with a full name.
        marked = {d.mention.start for d in analysis.layers.get("descriptors", ()) if isinstance(d, DescriptorSpan)}
        for span in analysis.entities:
            if not isinstance(span, EntitySpan):
                continue
            key = (span.label, _parts(span.name))
            counts[key][span.name] += 1
            surfaces[key].add(span.text_of(analysis.article.text))
            articles[key].add(analysis.article.id)
            if span.start in marked:
                described.add(key)
    parent = _merge_short_forms(list(counts))
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for key in counts:
        if parent[key][0] != "NAME?" or parent[key] in described:  # a lone name no article introduces names no actor
            groups[parent[key]].append(key)
    order = {a.article.id: i for i, a in enumerate(analyses)}
    entities = []
    for root, members in groups.items():
        names: Counter[str] = Counter()
        for member in members:
            names.update(counts[member])
        name = max(names, key=lambda n: (len(_parts(n)) > 1, names[n], len(n)))
        aliases = sorted({s for m in members for s in surfaces[m]} | set(names) - {name})
        seen = sorted({a for m in members for a in articles[m]}, key=order.__getitem__)
        entities.append(
            Entity(
                id=content_id(f"{root[0]}:{name}"),
                name=name,
                type=root[0],
                aliases=tuple(aliases),
                articles=tuple(seen),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -sum(1 for _ in e.aliases), e.name))
    return tuple(entities)


def _merge_short_forms(
    keys: list[tuple[str, tuple[str, ...]]],
) -> dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """Map each key to its group root: a one-word person name joins the unique full name it ends or starts."""
    parent = {key: key for key in keys}
    persons = [k for k in keys if k[0] == "PERSON" and len(k[1]) > 1]
    for key in keys:
        label, parts = key
        if label not in ("PERSON", "NAME?") or len(parts) != 1:
            continue
        matches = [p for p in persons if parts[0] in (p[1][0], p[1][-1])]
        if len(matches) == 1:
            parent[key] = matches[0]
    return parent


def entity_index(entities: Sequence[Entity], analyses: Sequence[Analysis]) -> dict[tuple[str, int], str]:
    """Map (article id, mention start) -> entity id for every entity mention."""
    lookup: dict[tuple[str, str], str] = {}
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            lookup[(entity.type, fold(alias))] = entity.id
    index = {}
    for analysis in analyses:
        for span in analysis.entities:
            if not isinstance(span, EntitySpan):
                continue
            label = "PERSON" if span.label == "NAME?" else span.label
            entity_id = lookup.get((label, fold(span.name))) or lookup.get((span.label, fold(span.name)))
            if entity_id:
                index[(analysis.article.id, span.start)] = entity_id
    return index
