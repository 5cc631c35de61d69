"""The extraction's proposals for every pair, as the merge takes them.

The records of all articles become, per pair and section, one proposed entry per claim: the same
sentence or quote from several articles becomes one entry citing all of them, and the facts that
report one event (a wire story and its updates, see ``cluster``) become one fact. Each entry has
a stable id (README, "Editing the dossier") and the other ids it may be known by.
"""

from __future__ import annotations

import hashlib
from itertools import combinations
from typing import Any

from . import cluster, countries, schema
from .models import Article
from .thresholds import MAX_QUOTE_COUNTRIES

MAX_SOURCES = 25       # per entity: more citations add nothing a reader can use
MAX_MEMBERS = 60       # longer member lists (the UN's) say nothing a reader can use

Pair = tuple[str, str]
# (section, pair, the normalised claim) -> every report of it: (article, extraction item).
Groups = dict[tuple[str, Pair, str], list[tuple[Article, dict[str, Any]]]]
# pair -> section -> id -> {"fields": the entry's fields, "alt": other ids it may be known by}.
Proposals = dict[Pair, dict[str, dict[str, Any]]]


def _main_pair(rec: dict[str, Any]) -> Pair | None:
    """The pair an article is mostly about: the one named in the most sentences."""
    ranked = sorted(rec["pairs"], key=lambda p: (-len(p["sentences"]), p["pair"]))
    best = ranked[0] if ranked else None
    return (best["pair"][0], best["pair"][1]) if best else None


def short_id(*parts: str) -> str:
    """A stable 8-hex id from the article id and normalised text (README, "Editing the dossier")."""
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:8]


def fresh_entries(articles: list[Article], records: dict[str, dict[str, Any]],
                  gaz: countries.Gazetteer, memory: cluster.Memory | None = None) -> Proposals:
    """What the extraction proposes for every pair, grouped so that the same sentence or quote
    from several articles becomes one entry citing all of them. ``memory``: the groups of facts
    an earlier build found (the same either way, only faster)."""
    out: Proposals = {}
    organisations = {o.name: o for o in gaz.organisations}
    groups = _groups(articles, records)
    events = _same_events(groups, memory or cluster.Memory(None))
    for (section, pair, key), items in groups.items():
        keys = [key] * len(items)
        if section == "facts":
            if (pair, key) not in events:
                continue                      # reported by an earlier fact of the same event
            keys = [k for k in events[(pair, key)] for _ in groups[("facts", pair, k)]]
            items = [it for k in events[(pair, key)] for it in groups[("facts", pair, k)]]
        sources: list[dict[str, Any]] = []
        for a, item in items:
            s = {"article": a.id, "sentence": item["sentence"]}
            if s not in sources:
                sources.append(s)
        if section == "facts":
            eid, alt, fields = _fact(items, keys, sources)
        elif section == "quotes":
            eid, alt, fields = _quote(items, key, sources)
        else:
            eid, alt, fields = _entity(items, key, sources, organisations)
        out.setdefault(pair, {}).setdefault(section, {})[eid] = {"fields": fields, "alt": alt}
    return out


def _groups(articles: list[Article], records: dict[str, dict[str, Any]]) -> Groups:
    """Every fact, quote and entity of every article under the claim it makes, oldest article
    first (the first report of a claim gives its entry's id and fields)."""
    groups: Groups = {}
    for a in sorted(articles, key=lambda a: (a.date or "", a.id)):
        rec = records.get(a.id)
        if rec is None:
            continue
        pair_sentences: dict[Pair, set[int]] = {}
        for f in rec["facts"]:
            pair = (f["pair"][0], f["pair"][1])
            pair_sentences.setdefault(pair, set()).add(f["sentence"])
            groups.setdefault(("facts", pair, cluster.same_text(f["text"])), []).append((a, f))
        main = _main_pair(rec)
        for q in rec["quotes"]:
            for pair in _quote_pairs(q, main):
                pair_sentences.setdefault(pair, set()).add(q["sentence"])
                key = cluster.same_text(q["speaker"]) + "\n" + cluster.same_text(q["content"])
                groups.setdefault(("quotes", pair, key), []).append((a, q))
                if q.get("speaker_person"):   # the speaker is one of the pair's people
                    person = {"canonical": q["speaker"], "label": "PERSON",
                              "country": q["speaker_country"], "sentence": q["sentence"]}
                    groups.setdefault(("entities", pair, "PERSON\n" + q["speaker"]),
                                      []).append((a, person))
        for e in rec["entities"]:
            for pair, sents in pair_sentences.items():
                if e["sentence"] in sents:
                    key = e["label"] + "\n" + e["canonical"]
                    groups.setdefault(("entities", pair, key), []).append((a, e))
    return groups


def _quote_pairs(q: dict[str, Any], main: Pair | None) -> list[Pair]:
    """The pairs a quote is put in: every pair of the countries it names, within limits."""
    qpairs = [countries.pair_key(x, y) for x, y in combinations(q["countries"], 2)]
    if len(q["countries"]) == 1 and main and q["countries"][0] in main:
        # A statement about one country belongs to the pair the article is about:
        # the Kazakh president's accusation in a story on Kazakhstan and the US.
        return [main]
    if len(q["countries"]) > MAX_QUOTE_COUNTRIES:
        # A list or a table (a quota for each of 39 countries) is no statement on every
        # pair of them: only on the speaker's country and each of the others.
        speaker = q.get("speaker_country")
        return [p for p in qpairs if speaker in p] if speaker else (
            [main] if main in qpairs else [])
    return qpairs


def _fact(items: list[tuple[Article, dict[str, Any]]], keys: list[str],
          sources: list[dict[str, Any]]) -> tuple[str, list[str], dict[str, Any]]:
    """One fact from every report of its event: (id, other ids, fields)."""
    first_a, first = items[0]
    # Known under the id of each report, so an entry made before these reports were
    # found to be one event is found again under any of them.
    eid = short_id(first_a.id, keys[0])
    alt = [short_id(a.id, k) for (a, _), k in zip(items[1:], keys[1:], strict=True)]
    why = first.get("why") or "named in the same sentence"
    fields = {**schema.fact_fields(first), "why": why, "sources": sources,
              "countries": sorted({c for _, f in items for c in f["countries"]})}
    return eid, alt, fields


def _quote(items: list[tuple[Article, dict[str, Any]]], key: str,
           sources: list[dict[str, Any]]) -> tuple[str, list[str], dict[str, Any]]:
    """One quote from every article that reports it: (id, other ids, fields)."""
    first_a, first = items[0]
    fields = {"speaker": first["speaker"], "speaker_country": first["speaker_country"],
              "role": first.get("role"), "cue": first["cue"], "text": first["content"],
              "kind": first["kind"], "sources": sources}
    return short_id(first_a.id, key), [short_id(a.id, key) for a, _ in items[1:]], fields


def _entity(items: list[tuple[Article, dict[str, Any]]], key: str, sources: list[dict[str, Any]],
            organisations: dict[str, countries.Organisation]
            ) -> tuple[str, list[str], dict[str, Any]]:
    """One person or organisation of a pair: (id, no other ids, fields)."""
    first = items[0][1]
    country = next((e["country"] for _, e in items if e["country"]), None)
    fields = {"name": first["canonical"], "label": first["label"], "country": country,
              "sources": sources[:MAX_SOURCES]}
    org = organisations.get(first["canonical"])
    if org is not None and len(org.members) <= MAX_MEMBERS:
        fields["members"] = sorted(org.members)   # shown on pages; never a country
    return short_id(key), [], fields


def _same_events(groups: Groups, memory: cluster.Memory) -> dict[tuple[Pair, str], list[str]]:
    """The facts of each pair that report one event (a wire story and its updates: see
    ``cluster``), as {(pair, first sentence's key): every sentence's key}, earliest first."""
    by_pair: dict[Pair, list[cluster.Item]] = {}
    for (section, pair, key), items in groups.items():
        if section == "facts":
            a, f = items[0]
            actor, target = schema.party(f.get("actor")), schema.party(f.get("target"))
            event = schema.event_of(f.get("event")) or {}
            by_pair.setdefault(pair, []).append(cluster.Item(
                key, f["text"], f.get("date") or a.date, str(event.get("code") or "")[:2] or None,
                actor[0], target[0]))
    return {(pair, keys[0]): keys for pair, items in by_pair.items()
            for keys in memory.clusters(items)}
