"""Fact proposals of one pair that report the same event form one group (dossier.cluster): a wire
story and its updates do, different events told with the same boilerplate do not, and neither do
near-duplicates far apart in time, with other CAMEO roots or with the roles reversed. All sentences
are invented."""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dossier import manifest
from dossier.cluster import Item, Memory, clusters

STORY = "A bomb attack near the consulate in Kandahar killed 12 people on Monday, officials said."
UPDATE = "A bomb attack near the consulate in Kandahar killed at least 15 people on Monday, officials said."
FOLLOW_UP = ("A bomb attack near the consulate in Kandahar killed at least 17 people on Monday, "
             "the provincial governor said on Tuesday.")


def item(key: str, text: str, day: str | None = "2024-03-04", root: str | None = "18",
         actor: str | None = None, target: str | None = None) -> Item:
    return Item(key, text, day, root, actor, target)


def test_a_story_and_its_updates_are_one_event() -> None:
    items = [item("story", STORY), item("update", UPDATE, "2024-03-04"),
             item("follow", FOLLOW_UP, "2024-03-05"),
             item("other", "Kenya reopened its border with Tanzania.")]
    assert clusters(items) == [["story", "update", "follow"], ["other"]]


def test_a_reworded_sentence_moved_date_or_added_attribution_still_joins() -> None:
    items = [item("a", "Kenya and Tanzania signed an agreement on Tuesday to reopen the Namanga "
                       "border crossing."),
             item("b", "Kenya and Tanzania on Tuesday signed an agreement to reopen the Namanga "
                       "border crossing, the two governments said."),
             item("c", "Chile recalled its ambassador from Peru on Friday over the fishing dispute."),
             item("d", "Chile recalled its ambassador from Peru over the fishing dispute, the foreign "
                       "ministry said on Friday.")]
    assert clusters(items) == [["a", "b"], ["c", "d"]]


@pytest.mark.parametrize("first, second", [
    ("Russia's foreign ministry said on Monday that it would expel two Estonian diplomats.",
     "Russia's foreign ministry said on Monday that it had summoned the Estonian ambassador."),
    ("China's foreign ministry spokesman said on Tuesday that Beijing firmly opposed the visit.",
     "China's foreign ministry spokesman said on Tuesday that Beijing welcomed the trade agreement."),
    ("Kenya and Tanzania signed an agreement on Tuesday to reopen the Namanga border crossing.",
     "Kenya and Tanzania signed an agreement on Tuesday to build a railway across the border."),
])
def test_different_events_with_the_same_boilerplate_stay_apart(first: str, second: str) -> None:
    assert clusters([item("a", first, root=None), item("b", second, root=None)]) == [["a"], ["b"]]


def test_near_duplicates_far_apart_in_time_stay_apart_but_identical_texts_always_join() -> None:
    near = [item("then", STORY, "2021-06-01"), item("now", UPDATE, "2024-03-04")]
    assert clusters(near) == [["then"], ["now"]]
    # A sentence repeated word for word is one fact whatever its dates or codes (a wire's
    # background line); the build already merges such texts, and case, spacing and the final
    # full stop do not make them different.
    same = [item("then", STORY, "2021-06-01", root="18"),
            item("now", "  a bomb attack near the consulate in Kandahar killed 12 people on Monday, "
                        "officials said", "2024-03-04", root="01", actor="AF")]
    assert clusters(same) == [["then", "now"]]


def test_the_window_holds_for_the_whole_group_not_just_neighbours() -> None:
    # Day 1, 5 and 9: each within a week of the next, but the first and last eight days apart.
    items = [item("d1", STORY, "2024-03-01"), item("d5", UPDATE, "2024-03-05"),
             item("d9", FOLLOW_UP, "2024-03-09")]
    groups = clusters(items)
    assert len(groups) == 2 and ["d1", "d9"] not in groups
    assert clusters(items, window_days=8) == [["d1", "d5", "d9"]]


def test_missing_and_partial_dates_fit() -> None:
    items = [item("day", STORY, "2024-03-04"), item("none", UPDATE, None),
             item("month", FOLLOW_UP, "2024-03")]
    assert clusters(items) == [["day", "none", "month"]]
    assert clusters([item("day", STORY, "2024-03-04"), item("year", UPDATE, "2023")]) == [["day"], ["year"]]


def test_different_cameo_roots_stay_apart_and_a_missing_root_fits() -> None:
    assert clusters([item("a", STORY, root="18"), item("b", UPDATE, root="19")]) == [["a"], ["b"]]
    assert clusters([item("a", STORY, root="18"), item("b", UPDATE, root=None)]) == [["a", "b"]]
    # Complete linkage: the rootless update does not bridge two roots.
    three = [item("a", STORY, root="18"), item("b", UPDATE, root=None), item("c", FOLLOW_UP, root="19")]
    assert len(clusters(three)) == 2


def test_reversed_roles_stay_apart_and_a_missing_role_fits() -> None:
    text = "Officials accused the army of shelling the nuclear plant near the border on Saturday."
    later = "Officials accused the army of shelling the nuclear plant near the border again."
    assert clusters([item("a", text, actor="RU", target="UA"),
                     item("b", later, actor="UA", target="RU")]) == [["a"], ["b"]]
    assert clusters([item("a", text, actor="RU", target="UA"),
                     item("b", later, actor="RU", target="UA")]) == [["a", "b"]]
    assert clusters([item("a", text, actor="RU", target="UA"), item("b", later, actor="RU")]) == [["a", "b"]]


def test_a_chain_of_similar_texts_does_not_drift_to_another_story() -> None:
    # a ~ b (0.6) and b ~ c (0.6), but a and c share little (0.2): c does not join through b.
    a = "alpha bravo charlie delta echo foxtrot golf hotel"
    b = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima"
    c = "echo foxtrot golf hotel india juliett kilo lima"
    assert clusters([item("a", a), item("b", b), item("c", c)]) == [["a", "b"], ["c"]]


def test_every_key_once_groups_in_order_of_their_first_item() -> None:
    items = [item("x", "Kenya reopened its border with Tanzania."), item("story", STORY),
             item("y", "Norway will send soldiers to Latvia next month."), item("update", UPDATE),
             item("x2", "kenya reopened its border with tanzania")]
    assert clusters(items) == [["x", "x2"], ["story", "update"], ["y"]]


def test_empty_input_and_bad_arguments() -> None:
    assert clusters([]) == []
    with pytest.raises(ValueError, match="duplicate item key"):
        clusters([item("a", STORY), item("a", UPDATE)])
    with pytest.raises(ValueError):
        clusters([item("a", STORY)], threshold=0)


def synthetic(n: int, seed: int = 7) -> list[Item]:
    """n invented sentences over made-up words, a third of them updates of a recent one."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    items: list[Item] = []
    for k in range(n):
        if items and rng.random() < 0.3:
            base = rng.choice(items[-200:])
            words = base.text.split()
            words[rng.randrange(len(words))] = rng.choice(vocab)
            items.append(Item(f"k{k}", " ".join(words), base.date, base.event_root, base.actor, base.target))
            continue
        words = "the foreign ministry said on Monday that".split() + rng.sample(vocab, rng.randint(10, 25))
        day = f"20{rng.randint(20, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        items.append(Item(f"k{k}", " ".join(words), day, f"{rng.randint(1, 20):02d}",
                          rng.choice(["RU", "UA", None]), rng.choice(["RU", "UA", None])))
    return items


def test_deterministic_across_runs_and_input_order() -> None:
    items = synthetic(800)
    first = clusters(items)
    assert clusters(items) == first and any(len(g) > 1 for g in first)
    position = {it.key: i for i, it in enumerate(items)}
    for seed in (1, 2, 3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        resorted = sorted((sorted(g, key=position.__getitem__) for g in clusters(shuffled)),
                          key=lambda g: position[g[0]])
        assert resorted == first


def test_independent_of_the_hash_seed() -> None:
    code = ("import json, sys; sys.path.insert(0, 'tests'); from test_cluster import synthetic; "
            "from dossier.cluster import clusters; print(json.dumps(clusters(synthetic(400))))")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outputs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")]
    assert outputs[0] == outputs[1] and json.loads(outputs[0])


def test_five_thousand_items_take_well_under_a_few_seconds() -> None:
    items = synthetic(5000)
    clusters(items[:10])   # the first call imports datasketch (and scipy): not part of the measure
    start = time.perf_counter()
    groups = clusters(items)
    assert time.perf_counter() - start < 5
    assert sorted(k for g in groups for k in g) == sorted(it.key for it in items)


# ------------------------------------------------------------------- groups found by a build before

def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = manifest.read_cache_json(path)
    change(data)
    manifest.write_cache(path, json.dumps(data))


def test_remembered_groups_are_used_for_the_same_items_only(tmp_path: Path) -> None:
    items, path = synthetic(300), tmp_path / "clusters.json"
    memory = Memory(path)
    assert memory.clusters(items) == clusters(items)
    memory.save()
    assert Memory(path).clusters(items) == clusters(items)
    # Other groups remembered for exactly these items are believed: they come from the file.
    _rewrite(path, lambda d: d["groups"].update(
        {k: [[n] for n in range(len(items))] for k in d["groups"]}))
    assert Memory(path).clusters(items) == [[i.key] for i in items]
    # One item changed (a date), and the remembered groups are not those of these items.
    moved = [*items[:-1], Item(items[-1].key, items[-1].text, "1999-01-01", None, None, None)]
    assert Memory(path).clusters(moved) == clusters(moved)


@pytest.mark.parametrize("damage", [
    lambda d: d.update(rules="other rules"),                       # the code or thresholds changed
    lambda d: d["groups"].update({k: [[0]] for k in d["groups"]}),  # not every item in a group
    lambda d: d["groups"].update({k: "x" for k in d["groups"]}),
])
def test_remembered_groups_of_other_rules_or_shape_are_found_again(
        tmp_path: Path, damage: Callable[[dict[str, Any]], None]) -> None:
    items, path = synthetic(60), tmp_path / "clusters.json"
    assert any(len(group) > 1 for group in clusters(items))   # else singletons would pass
    memory = Memory(path)
    memory.clusters(items)
    memory.save()
    _rewrite(path, lambda d: d["groups"].update(
        {k: [[n] for n in range(len(items))] for k in d["groups"]}))
    _rewrite(path, damage)
    assert Memory(path).clusters(items) == clusters(items)


def test_only_the_groups_of_this_build_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "clusters.json"
    memory = Memory(path)
    memory.clusters(synthetic(20, seed=1))
    memory.save()
    memory = Memory(path)
    memory.clusters(synthetic(20, seed=2))
    memory.save()
    assert len(manifest.read_cache_json(path)["groups"]) == 1
