"""The outlet registry: the packaged YAML, name lookup, URL hosts, user files and the text matcher."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.errors import InputError, SourceNotFound
from rashomon.resources.outlets import ENV_VAR, KINDS, Outlet, OutletRegistry, default_registry, lookup_key

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "src" / "rashomon" / "resources" / "data" / "outlets.yaml"
STORY = ROOT / "examples" / "carney-beijing"


@pytest.fixture(scope="module")
def registry() -> OutletRegistry:
    return OutletRegistry.load()


def found(registry: OutletRegistry, text: str) -> list[tuple[str, str]]:
    """Return (surface, canonical name) for every mention `find` returns, checking offsets on the way."""
    mentions = registry.find(text)
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    return [(m.surface, m.outlet.name) for m in mentions]


# ── The packaged registry ──────────────────────────────────────────────────────────────────────────


def packaged_entries() -> list[dict]:
    return yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))["outlets"]


def test_packaged_registry_is_large_and_loads(registry):
    assert len(packaged_entries()) >= 250
    assert len(registry) == len(packaged_entries())


def test_every_packaged_entry_has_a_valid_kind_and_a_two_letter_country():
    fields = {"name", "kind", "country", "family", "variants", "domains", "lookup_only", "not_before"}
    problems = [
        entry["name"]
        for entry in packaged_entries()
        if entry.get("kind") not in KINDS
        or not (isinstance(entry.get("country"), str) and re.fullmatch(r"[A-Z]{2}", entry["country"]))
        or not set(entry) <= fields
        or any(word != word.lower() for word in entry.get("not_before", []))
    ]
    assert problems == []


def test_no_name_or_host_is_claimed_by_two_outlets():
    names: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for entry in packaged_entries():
        for name in {lookup_key(n) for n in (entry["name"], *entry.get("variants", []), *entry.get("lookup_only", []))}:
            assert names.setdefault(name, entry["name"]) == entry["name"], name
        for host in entry.get("domains", []):
            assert hosts.setdefault(host, entry["name"]) == entry["name"], host


def test_every_name_resolves_to_its_own_outlet(registry):
    for outlet in registry:
        for name in outlet.names:
            assert registry.get(name) is outlet, name


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Reuters", "agency"),
        ("AP", "agency"),
        ("AFP", "agency"),
        ("Bloomberg", "agency"),
        ("dpa", "agency"),
        ("EFE", "agency"),
        ("ANSA", "agency"),
        ("Kyodo", "agency"),
        ("Yonhap", "agency"),
        ("PTI", "agency"),
        ("The Canadian Press", "agency"),
        ("Xinhua", "state"),
        ("TASS", "state"),
        ("Global Times", "state"),
        ("China Daily", "state"),
        ("CCTV", "state"),
        ("CGTN", "state"),
        ("People's Daily", "state"),
        ("RT", "state"),
        ("Press TV", "state"),
        ("Al Jazeera", "state"),
        ("BBC", "public"),
        ("CBC", "public"),
        ("Radio-Canada", "public"),
        ("ABC (Australia)", "public"),
        ("NPR", "public"),
        ("PBS", "public"),
        ("DW", "public"),
        ("NHK", "public"),
        ("France 24", "public"),
        ("The Globe and Mail", "private"),
        ("National Post", "private"),
        ("Toronto Star", "private"),
        ("CityNews", "private"),
        ("CTV News", "private"),
        ("Global News", "private"),
        ("Breitbart", "private"),
        ("Fox News", "private"),
        ("HuffPost", "private"),
        ("Politico", "private"),
        ("Axios", "private"),
        ("The New York Times", "private"),
    ],
)
def test_major_outlets_are_registered_with_their_kind(registry, name, kind):
    assert registry[name].kind == kind


def test_syndication_families(registry):
    assert registry["National Post"].family == registry["Toronto Sun"].family == "Postmedia"
    assert registry["Global News"].family == "Corus"
    assert registry["The Times"].family == registry["The Wall Street Journal"].family == "News Corp"


# ── Lookup by name ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "query, name",
    [
        ("AP", "The Associated Press"),
        ("the associated press", "The Associated Press"),
        ("Associated Press (AP)", "The Associated Press"),
        ("NYT", "The New York Times"),
        ("new york times", "The New York Times"),
        ("N.Y. Times", "The New York Times"),
        ("WSJ", "The Wall Street Journal"),
        ("SCMP", "South China Morning Post"),
        ("The Globe and Mail's", "The Globe and Mail"),
        ("Globe & Mail", "The Globe and Mail"),
        ("Reuters'", "Reuters"),
        ("Toronto's CityNews", "CityNews"),
        ("Agence France Presse", "Agence France-Presse"),
        ("Radio Canada", "Radio-Canada"),
        ("El Pais", "El País"),
        ("People’s Daily", "People's Daily"),
        ("Breitbart", "Breitbart News"),
        ("Time", "Time"),
        ("PA", "PA Media"),
        ("CP", "The Canadian Press"),
        ("abc (australia)", "ABC (Australia)"),
    ],
)
def test_get_resolves_variants(registry, query, name):
    assert registry.get(query).name == name


@pytest.mark.parametrize("query", ["The Globe", "Mail", "Post", "Sun Media Corporation", ""])
def test_get_unknown_names(registry, query):
    assert registry.get(query) is None


def test_getitem_raises_key_error_for_unknown_names(registry):
    with pytest.raises(KeyError, match="Daily Planet"):
        registry["The Daily Planet"]


# ── Lookup by URL ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "url, name",
    [
        ("https://globalnews.ca/news/11234/carney-beijing/", "Global News"),
        ("https://www.theglobeandmail.com/politics/article-x/", "The Globe and Mail"),
        ("http://english.news.cn/20260114/abc/c.html", "Xinhua"),
        ("abc.net.au/news/2026-01-14/carney", "ABC (Australia)"),
        ("https://www.bbc.co.uk/news/world", "BBC"),
        ("https://WWW.BREITBART.COM/politics/", "Breitbart News"),
        ("https://news.yahoo.com/x", "Yahoo News"),
        ("https://yahoo.com/", None),
        ("https://example.com/globalnews.ca", None),
        ("not a url", None),
        ("https://[::1", None),
    ],
)
def test_for_url(registry, url, name):
    outlet = registry.for_url(url)
    assert (outlet.name if outlet else None) == name


@pytest.mark.parametrize(
    "outlet, url, name",
    [
        ("Global News", None, "Global News"),
        ("Breitbart", None, "Breitbart News"),
        ("The English Chronicle", None, "The English Chronicle"),
        (None, "https://www.citynews.ca/2026/01/13/kovrig/", "CityNews"),
        ("Unknown Gazette", "https://www.reuters.com/world/", "Reuters"),
        ("Unknown Gazette", None, None),
        (None, None, None),
    ],
)
def test_for_article(registry, outlet, url, name):
    found_outlet = registry.for_article(outlet, url)
    assert (found_outlet.name if found_outlet else None) == name


# ── The matcher ────────────────────────────────────────────────────────────────────────────────────

FIND_CASES = [
    ("Zhao told the Global Times on Wednesday.", [("Global Times", "Global Times")]),
    ("The Global Times has urged Canada to act.", [("The Global Times", "Global Times")]),
    ("Officials who spoke to Reuters lowered expectations.", [("Reuters", "Reuters")]),
    (
        "Zhu told the Associated Press (AP) that the visit mattered.",
        [("Associated Press (AP)", "The Associated Press")],
    ),
    ("BEIJING (AP) — Carney landed on Wednesday.", [("AP", "The Associated Press")]),
    ("Ottawa (The Canadian Press) — MPs returned.", [("The Canadian Press", "The Canadian Press")]),
    ("according to the Canadian Press (CP), the trip", [("Canadian Press (CP)", "The Canadian Press")]),
    ("a report in The New York Times claimed", [("The New York Times", "The New York Times")]),
    ("in a Tuesday interview with Toronto's CityNews.", [("CityNews", "CityNews")]),
    ("China Daily, for example, said most problems", [("China Daily", "China Daily")]),
    ("A senior official told the Globe and Mail.", [("Globe and Mail", "The Globe and Mail")]),
    ("The Times reported the deal on Monday.", [("The Times", "The Times")]),
    ("The Independent reported that", [("The Independent", "The Independent")]),
    ("Reuters/Ipsos and CNN/SSRS polls", [("Reuters", "Reuters"), ("CNN", "CNN")]),
    ("video clips from CCTV showed", [("CCTV", "CCTV")]),
    ("sources told Bloomberg Tuesday", [("Bloomberg", "Bloomberg")]),
    ("Berlin (dpa) - The chancellor said, EFE reported.", [("dpa", "dpa"), ("EFE", "EFE")]),
    ("a dispatch from dpa (dpa) said", [("dpa (dpa)", "dpa")]),
    ("El Pais and El País agree", [("El Pais", "El País"), ("El País", "El País")]),
    (
        "People’s Daily and the Radio Canada newsroom",
        [("People’s Daily", "People's Daily"), ("Radio Canada", "Radio-Canada")],
    ),
    ("a story in The New York\nTimes", [("The New York\nTimes", "The New York Times")]),
    ("as RT reported, a Time magazine cover", [("RT", "RT"), ("Time magazine", "Time")]),
    ("The Guardian Nigeria said", [("The Guardian Nigeria", "The Guardian (Nigeria)")]),
    ("a Fox News host", [("Fox News", "Fox News")]),
    (
        "Toronto's CityNews, Global News and CTV",
        [("CityNews", "CityNews"), ("Global News", "Global News"), ("CTV", "CTV News")],
    ),
]

NOTHING_CASES = [
    "She walked around the globe twice before the mail came.",
    "Time will tell whether the Mail arrives, as the Sun rises over the Nation.",
    "An Independent candidate, a Guardian angel, a Post office, the Express train, a Mirror image.",
    "Crowds filled Times Square.",
    "CAP and APEC leaders met; the AP-NORC poll and RT-PCR tests followed.",
    "The Independent Electoral Commission announced results.",
    "The Sun Belt states and The Atlantic Council disagree.",
    "The Atlantic coast braced for the storm.",
    "Michael Bloomberg and Andrew Breitbart spoke at the Reuters Institute.",
    "CCTV footage showed the suspect; CCTV cameras were installed.",
    "The Hindu nationalist party won.",
    "PTI leader Imran Khan addressed supporters.",
    "Vice President Vance met the Vox party leader in Pittsburgh, PA.",
    "The Nation of Islam held a rally.",
    "The Nikkei rose 2% and the Fortune 500 list grew.",
    "RT @user: look at this",
    "the globe and mail",
    "Republicans push for Liberation Day.",
    "CBC Chairman G.K. Butterfield and The American Conservative Union disagreed.",
]


@pytest.mark.parametrize("text, expected", FIND_CASES, ids=[c[0][:40] for c in FIND_CASES])
def test_find(registry, text, expected):
    assert found(registry, text) == expected


@pytest.mark.parametrize("text", NOTHING_CASES, ids=[t[:40] for t in NOTHING_CASES])
def test_find_leaves_common_words_surnames_and_joined_acronyms_alone(registry, text):
    assert found(registry, text) == []


def test_find_shifts_offsets_by_start(registry):
    (mention,) = registry.find("told Reuters", start=100)
    assert (mention.start, mention.end, mention.surface) == (105, 112, "Reuters")
    span = mention.as_span()
    assert (span.start, span.end, span.label, span.attrs["outlet"]) == (105, 112, "OUTLET", "Reuters")


EXPECTED_REFERENCE = {
    "000_157620802a43c7f4.txt": [
        ("CCTV", "CCTV"),
        ("Global Times", "Global Times"),
        ("Global Times", "Global Times"),
        ("BBC", "BBC"),
        ("The New York Times", "The New York Times"),
        ("The Globe and Mail", "The Globe and Mail"),
        ("The Globe and Mail", "The Globe and Mail"),
    ],
    "001_49feeb1da4e40101.txt": [],
    "002_1d674baab3fef3ba.txt": [("China Daily", "China Daily")],
    "003_5b85c034a4c8af36.txt": [
        ("The English Chronicle", "The English Chronicle"),
        ("The English Chronicle Online", "The English Chronicle"),
        ("Global Times", "Global Times"),
        ("The Global Times", "Global Times"),
    ],
    "004_4daaa2dcea7afd89.txt": [
        ("Global Times", "Global Times"),
        ("China Daily", "China Daily"),
        ("The Globe and Mail", "The Globe and Mail"),
        ("Globe and Mail", "The Globe and Mail"),
        ("Reuters", "Reuters"),
        ("Reuters", "Reuters"),
        ("Associated Press (AP)", "The Associated Press"),
        ("CityNews", "CityNews"),
    ],
}


@pytest.mark.parametrize("file", sorted(EXPECTED_REFERENCE))
def test_reference_story_outlets_and_nothing_else(registry, file):
    text = (STORY / file).read_text(encoding="utf-8")
    assert found(registry, text) == EXPECTED_REFERENCE[file]


def test_reference_manifest_outlets_resolve(registry):
    manifest = json.loads((STORY / "manifest.json").read_text(encoding="utf-8"))
    for article in manifest["articles"]:
        if article["outlet"]:
            assert registry.for_article(article["outlet"], article["url"]) is not None, article["outlet"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Reuters",
                "AP",
                "the",
                "Globe and Mail",
                "CAP",
                "(AP)",
                "Times",
                "dpa",
                "é",
                "Time magazine",
                "-",
                "\n",
                "Michael",
                "Bloomberg",
                "CCTV",
                "footage",
                "'s",
            ]
        ),
        max_size=30,
    )
)
def test_find_spans_are_ordered_disjoint_and_in_bounds(registry, words):
    text = " ".join(words)
    mentions = registry.find(text)
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    assert all(0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.surface for m in mentions)


# ── User files ─────────────────────────────────────────────────────────────────────────────────────


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_user_file_adds_an_outlet(tmp_path):
    path = write(
        tmp_path,
        "mine.yaml",
        """
outlets:
  - name: The Carney Courier
    kind: private
    country: CA
    variants: [Carney Courier, TCC]
    domains: [carneycourier.example]
""",
    )
    registry = OutletRegistry.load(path)
    assert registry.get("TCC") == Outlet(
        name="The Carney Courier",
        country="CA",
        kind="private",
        variants=("Carney Courier", "TCC"),
        domains=("carneycourier.example",),
    )
    assert registry.for_url("https://news.carneycourier.example/a").name == "The Carney Courier"
    assert found(registry, "as TCC and the Carney Courier said") == [
        ("TCC", "The Carney Courier"),
        ("Carney Courier", "The Carney Courier"),
    ]
    assert registry.get("Reuters") is not None


def test_user_file_extends_and_overrides_an_outlet_by_name(tmp_path):
    path = write(tmp_path, "mine.yml", "- {name: globe and mail, family: Test Family, variants: [G and M]}\n")
    outlet = OutletRegistry.load(path)["The Globe and Mail"]
    assert (outlet.name, outlet.kind, outlet.family) == ("The Globe and Mail", "private", "Test Family")
    assert "G and M" in outlet.variants and "Globe and Mail" in outlet.variants


def test_user_file_takes_a_variant_from_another_outlet(tmp_path):
    path = write(tmp_path, "abc.json", json.dumps({"outlets": [{"name": "ABC (Australia)", "variants": ["ABC"]}]}))
    registry = OutletRegistry.load(path)
    assert registry.get("ABC").name == "ABC (Australia)"
    assert "ABC" not in registry["ABC News"].variants
    assert found(registry, "ABC reported") == [("ABC", "ABC (Australia)")]


def test_later_user_file_wins(tmp_path):
    first = write(tmp_path, "a.yaml", "- {name: Local Paper, kind: private, domains: [local.example]}\n")
    second = write(
        tmp_path, "b.yaml", "- {name: Local Paper, kind: public}\n- {name: Other, domains: [local.example]}\n"
    )
    registry = OutletRegistry.load(first, second)
    assert registry["Local Paper"].kind == "public"
    assert registry.for_url("local.example").name == "Other"


def test_load_without_the_packaged_registry(tmp_path):
    path = write(tmp_path, "only.yaml", "- {name: Only Outlet}\n")
    registry = OutletRegistry.load(path, builtin=False)
    assert [o.name for o in registry] == ["Only Outlet"]
    assert registry["Only Outlet"].kind == "unknown" and registry["Only Outlet"].country is None


BAD_FILES = [
    ("broken.yaml", "outlets: [\n  - name: x\n", "invalid YAML"),
    ("broken.json", '{"outlets": [', "invalid JSON"),
    ("empty.yaml", "", "expected a list of outlets"),
    ("scalar.yaml", "outlets: 3\n", "expected a list of outlets"),
    ("noname.yaml", "- {kind: private}\n", "outlet #1: missing 'name'"),
    ("notamap.yaml", "- Reuters\n", "outlet #1: expected a mapping, got str"),
    ("kind.yaml", "- {name: X, kind: tabloid}\n", "outlet 'X': unknown kind 'tabloid' (valid: agency, private"),
    ("country.yaml", "- {name: X, country: Canada}\n", "outlet 'X': country must be an ISO 3166 alpha-2 code"),
    ("norway.yaml", "- {name: X, country: NO}\n", "outlet 'X': country must be an ISO 3166 alpha-2 code"),
    ("field.yaml", "- {name: X, varients: [Y]}\n", "outlet 'X': unknown field 'varients'"),
    ("list.yaml", "- {name: X, variants: Y}\n", "outlet 'X': 'variants' must be a list of non-empty strings"),
    ("host.yaml", "- {name: X, domains: ['https://x.example/']}\n", "'https://x.example/' is not a host name"),
    ("twice.yaml", "- {name: X, variants: [XY]}\n- {name: Z, variants: [xy]}\n", "'xy' is also claimed by 'X'"),
    ("hosts.yaml", "- {name: X, domains: [a.example]}\n- {name: Z, domains: [a.example]}\n", "also claimed"),
    ("steal.yaml", "- {name: X, variants: [Reuters]}\n", "'Reuters' is the name of outlet 'Reuters'"),
]


@pytest.mark.parametrize("name, content, problem", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_user_file_is_an_input_error_naming_the_file(tmp_path, name, content, problem):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        OutletRegistry.load(path)
    assert caught.value.source == str(path)
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


def test_missing_user_file(tmp_path):
    with pytest.raises(SourceNotFound, match="no such outlet registry file"):
        OutletRegistry.load(tmp_path / "absent.yaml")


def test_default_registry_reads_the_environment(tmp_path, monkeypatch):
    first = write(tmp_path, "a.yaml", "- {name: Env Outlet One}\n")
    second = write(tmp_path, "b.yaml", "- {name: Env Outlet Two}\n")
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(first), str(second)]))
    registry = default_registry()
    assert registry.get("Env Outlet One") and registry.get("Env Outlet Two") and registry.get("Reuters")
    assert default_registry() is registry
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "absent.yaml"))
    with pytest.raises(SourceNotFound):
        default_registry()
    monkeypatch.delenv(ENV_VAR)
    assert default_registry().get("Env Outlet One") is None
