"""Entities across articles: hand-built fictional analyses for each rule, then al-Ahli."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import rashomon
from rashomon.errors import ConfigError
from rashomon.link import load_entity_table, merge_entities
from rashomon.link.entities import people_by_article
from rashomon.model import Analysis, Article, Claimant, ClaimantType, Entity, Part, PartKind
from support import shared_path

P, ORG, MIL = ClaimantType.PERSON, ClaimantType.ORGANISATION, ClaimantType.MILITARY


def analysis(article_id: str, *claimants: Claimant, text: str = "A story.") -> Analysis:
    article = Article(id=article_id, text=text, parts=(Part(PartKind.BODY, 0, len(text)),))
    return Analysis(article=article, attributions=(), claimants=claimants)


def person(name: str, role: str | None = None, affiliation: str | None = None) -> Claimant:
    return Claimant(
        id=name.lower().replace(" ", "-"), name=name, type=P, role=role, affiliation=affiliation
    )


def org(name: str, kind: ClaimantType = ORG, id_: str | None = None) -> Claimant:
    return Claimant(id=id_ or name.lower().replace(" ", "-"), name=name, type=kind)


def corpus(*claimants: Claimant, texts: tuple[str, ...] = ()) -> list[Analysis]:
    """One article per claimant (article ids a0, a1, ...)."""
    return [
        analysis(f"a{i}", c, text=texts[i] if i < len(texts) else "A story.")
        for i, c in enumerate(claimants)
    ]


def groups(entities: list[Entity]) -> list[set[str]]:
    """Each entity's mentions as "article:name", leaving out entities without mentions."""
    return [{f"{m.article_id}:{m.name}" for m in e.mentions} for e in entities if e.mentions]


def together(entities: list[Entity], names: list[str]) -> bool:
    return any(all(any(m.endswith(":" + n) for m in g) for n in names) for g in groups(entities))


@pytest.mark.parametrize(
    "names",
    [
        ["Sahar Baruch", "Saar Baruch", "Sa'ar Baruch", "Shahar Baruch", "Sa’ar Baruch"],
        ["Rear Adm. Daniel Hagari", "Daniel Hagari", "Hagari", "Rear Admiral Hagari"],
        ["Ashraf al-Qidra", "Ashraf Al-Qudra", "Ashraf Qidra"],
        ["Mohammed Deif", "Muhammad Deif", "Mohamed Deif"],
        ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "President Zelenskiy", "Zelensky"],
        ["D. Hagari", "Daniel Hagari"],
    ],
)
def test_merge_entities_person_variants_merge(names: list[str]) -> None:
    entities = merge_entities(corpus(*(person(n) for n in names)))
    assert len(groups(entities)) == 1
    assert entities[0].type is P and entities[0].id == "ent-1"


@pytest.mark.parametrize(
    "claimants, expected_groups",
    [
        # different first names: different people
        ([person("Daniel Hagari"), person("Miriam Hagari")], 2),
        # a surname alone with two people of that surname stays apart from both
        ([person("Daniel Hagari"), person("Miriam Hagari"), person("Hagari")], 3),
        # conflicting nationalities in the roles
        (
            [
                person("Omar Dabbur", role="Israeli official"),
                person("Omar Dabbur", role="Palestinian official"),
            ],
            2,
        ),
        # conflicting organisations in the roles
        (
            [
                person("Lior Tamber", role="Hamas spokesman"),
                person("Lior Tamber", role="IDF spokesman"),
            ],
            2,
        ),
        # different surnames that sound alike are still different
        ([person("Ahmed Karim"), person("Ahmed Kassem")], 2),
    ],
)
def test_merge_entities_keeps_different_people_apart(
    claimants: list[Claimant], expected_groups: int
) -> None:
    assert len(groups(merge_entities(corpus(*claimants)))) == expected_groups


@pytest.mark.parametrize("repeats", [40])
def test_merge_entities_large_clusters_check_each_role_and_spelling(repeats: int) -> None:
    """A person mentioned many times, with a few roles and spellings: the cluster compares
    its distinct roles and spellings, and one conflicting role among many still counts."""
    mentions = [
        person(name, role=role)
        for _ in range(repeats)
        for name, role in (
            ("Daniel Hagari", "IDF spokesman"),
            ("D. Hagari", None),
            ("Rear Adm. Daniel Hagarri", "Israeli military spokesman"),
        )
    ]
    late = [
        person("Daniel Hagari", role="Palestinian official"),  # no shared nationality
        person("Daniel Hagari", role="Hamas spokesman"),  # another organisation
        person("Miriam Hagari"),  # another first name
    ]
    found = sorted(len(g) for g in groups(merge_entities(corpus(*mentions, *late))))
    assert found == [1, 2, 3 * repeats]  # the Palestinian and Hamas ones do not conflict
    surnames = [person("Hagari", role="Israeli army spokesman"), person("Hagari", role="Hamas")]
    found = sorted(len(g) for g in groups(merge_entities(corpus(*mentions, *surnames))))
    assert found == [1, 3 * repeats + 1]  # roles agree: joins; Hamas: apart


def test_merge_entities_surname_joins_the_only_person_and_takes_the_clean_name() -> None:
    entities = merge_entities(
        corpus(person("Hagari"), person("Rear Adm. Daniel Hagari", role="IDF spokesman"))
    )
    (hagari,) = [e for e in entities if e.mentions]
    assert hagari.name == "Daniel Hagari"
    assert hagari.roles == ("IDF spokesman",)
    assert set(hagari.aliases) == {"Hagari", "Rear Adm. Daniel Hagari"}


@pytest.mark.parametrize(
    "names, text",
    [
        (
            [
                "IDF",
                "Israel Defense Forces",
                "Israeli military",
                "Israel’s military",
                "Israeli army",
            ],
            "A story.",
        ),
        (["the army", "Israeli Defence Forces"], "The army said Israel had not fired."),
        (
            [
                "Islamic Jihad",
                "PIJ",
                "Palestinian Islamic Jihad",
                "Palestine Islamic Jihad",
                "Islamic Jihad movement in Palestine",
            ],
            "A story.",
        ),
        (
            [
                "Gaza Health Ministry",
                "Hamas-run health ministry",
                "Ministry of Health in Gaza",
                "Gaza’s Hamas-run health ministry",
                "health ministry",
            ],
            "Gaza's health ministry said.",
        ),
        # an acronym joins the one full name in the corpus with those initials
        (["Velmora Harbour Authority", "VHA"], "A story."),
        # organisation names compare without order, case or accents
        (["Ministry of Fisheries of Velmora", "Velmora Fisheries Ministry"], "A story."),
    ],
)
def test_merge_entities_organisation_aliases_merge(names: list[str], text: str) -> None:
    entities = merge_entities(corpus(*(org(n) for n in names), texts=(text,) * len(names)))
    assert len(groups(entities)) == 1


@pytest.mark.parametrize(
    "claimants, texts, expected_groups",
    [
        # generic names never merge across articles
        ([org("local authorities"), org("local authorities")], (), 2),
        ([org("Officials", ClaimantType.ANONYMOUS_SOURCE), org("officials")], (), 2),
        # "the army" is the IDF only in an Israeli context; otherwise it stays alone
        (
            [org("the army", MIL), org("the army", MIL)],
            ("Israel's army said it struck.", "Ukraine's army said it held Kyiv."),
            2,
        ),
        ([org("the army", MIL), org("the army", MIL)], ("It rained.", "It rained."), 2),
        # a bare "health ministry" outside Gaza is not the Gaza ministry
        ([org("health ministry"), org("Gaza Health Ministry")], ("Kyiv said.", "Gaza said."), 2),
        # an acronym with two full names of those initials stays apart
        ([org("Velmora Harbour Authority"), org("Vask Highway Agency"), org("VHA")], (), 3),
        # the outlet is never merged, even under the same name
        ([org("CNN", ClaimantType.MEDIA_OUTLET, "outlet")] * 2, (), 2),
        ([org("reader", ClaimantType.READER, "reader-1")] * 2, (), 2),
    ],
)
def test_merge_entities_keeps_apart(
    claimants: list[Claimant], texts: tuple[str, ...], expected_groups: int
) -> None:
    assert len(groups(merge_entities(corpus(*claimants, texts=texts)))) == expected_groups


def test_merge_entities_army_in_context_goes_to_the_right_military() -> None:
    entities = merge_entities(
        corpus(
            org("the army", MIL),
            org("Ukrainian military", MIL),
            texts=("Ukraine's army said Kyiv was calm; Ukrainian troops held.", "A story."),
        )
    )
    assert len(groups(entities)) == 1
    assert entities[0].name == "Armed Forces of Ukraine"


def test_merge_entities_parts_stay_their_own_entity_with_part_of() -> None:
    entities = merge_entities(
        corpus(
            org("Al-Qassam Brigades", ClaimantType.ARMED_GROUP),
            org("Hamas", ClaimantType.ARMED_GROUP),
            org("Hamas media office", ClaimantType.GOVERNMENT_BODY),
            org("Ezzedine al-Qassam Brigades", ClaimantType.ARMED_GROUP),
        )
    )
    by_name = {e.name: e for e in entities}
    hamas = by_name["Hamas"]
    assert by_name["Al-Qassam Brigades"].part_of == hamas.id
    assert len(by_name["Al-Qassam Brigades"].mentions) == 2
    assert by_name["Hamas media office"].part_of == hamas.id
    assert [m.article_id for m in hamas.mentions] == ["a1"]


def test_merge_entities_lists_the_whole_of_a_mentioned_part() -> None:
    entities = merge_entities(corpus(org("Qassam Brigades", ClaimantType.ARMED_GROUP)))
    assert [(e.id, e.name, e.part_of, len(e.mentions)) for e in entities] == [
        ("ent-1", "Al-Qassam Brigades", "ent-2", 1),
        ("ent-2", "Hamas", None, 0),
    ]


def test_merge_entities_person_affiliated_to_a_curated_org_is_part_of_it() -> None:
    entities = merge_entities(
        corpus(
            person("Daniel Hagari", role="IDF spokesperson", affiliation="IDF"),
            org("Israeli military", MIL),
        )
    )
    assert entities[0].part_of == entities[1].id


def test_merge_entities_is_deterministic() -> None:
    analyses = corpus(person("Hagari"), org("IDF", MIL), person("Daniel Hagari"), org("Hamas"))
    assert merge_entities(analyses) == merge_entities(analyses)


@pytest.mark.parametrize(
    "toml, message",
    [
        (
            '[[entity]]\nkey="a"\nname="A"\ntype="organisation"\naliases=["Alpha"]\n'
            '[[entity]]\nkey="b"\nname="B"\ntype="organisation"\naliases=["alpha"]\n',
            "same key",
        ),
        ('[[entity]]\nkey="a"\nname="A"\ntype="alien"\n', "unknown type"),
        ('[[entity]]\nkey="a"\nname="A"\ntype="organisation"\npart_of="zz"\n', "unknown key"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_load_entity_table_errors(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "entities.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_entity_table(path)


def test_packaged_entity_table_loads() -> None:
    table = load_entity_table()
    assert table.version == "entities.en.v1"
    assert table.by_key["IDF"] == "idf"
    assert table.entities["qassam-brigades"].part_of == "hamas"


def test_merge_entities_al_ahli_corpus(nlp: Language) -> None:
    analyses = [
        a
        for name in ("al-ahli-hospital-2023.jsonl", "dev-distractors.jsonl")
        for a in rashomon.analyse_file(shared_path("corpora", name), nlp=nlp)
        if isinstance(a, Analysis)
    ]
    entities = merge_entities(analyses)
    by_name = {e.name: e for e in entities}

    hagari = by_name["Daniel Hagari"]
    assert len({m.article_id for m in hagari.mentions}) >= 4
    assert by_name["Israel Defense Forces"].id == hagari.part_of

    ministry = {m.name for m in by_name["Gaza Health Ministry"].mentions}
    assert {
        "Gaza Health Ministry",
        "Hamas-controlled health ministry",
        "Hamas-controlled Ministry of Health",
    } <= ministry

    pij = by_name["Palestinian Islamic Jihad"]
    assert {m.article_id for m in pij.mentions} >= {
        "ahli-manilabulletin-afp-20231018",
        "ahli-kion-ap-20231020",
    }

    outlets = [e for e in entities if any(m.claimant_id == "outlet" for m in e.mentions)]
    assert all(len(e.mentions) == 1 for e in outlets)
    assert len(outlets) == len(analyses)


def _people_partition(found: dict[str, frozenset[str]]) -> set[frozenset[str]]:
    """Which articles share each person, whatever the people are called."""
    articles: dict[str, set[str]] = {}
    for article_id, keys in found.items():
        for key in keys:
            articles.setdefault(key, set()).add(article_id)
    return {frozenset(ids) for ids in articles.values()}


def test_people_by_article_are_merge_entities_people() -> None:
    analyses = corpus(
        person("Hagari"),
        org("IDF", MIL),
        person("Daniel Hagari", role="spokesman", affiliation="IDF"),
        org("Hamas"),
        person("Rear Adm. Daniel Hagari"),
        person("Ashraf al-Qidra"),
        person("Ashraf Al-Qudra"),
        org("Gaza Health Ministry"),
    )
    expected: dict[str, set[str]] = {}
    for entity in merge_entities(analyses):
        if entity.type is P:
            for mention in entity.mentions:
                expected.setdefault(mention.article_id, set()).add(entity.id)
    found = people_by_article(analyses)
    assert set(found) == set(expected)
    frozen = {a: frozenset(ids) for a, ids in expected.items()}
    assert _people_partition(found) == _people_partition(frozen)
