"""Validator rules on the sources themselves (part of layer 3 of :mod:`peru_protests.validate`).

A source row describes the *original publication* (who published it, title, date and,
where it could be established, its own address in ``url``) and, separately, the *copy
actually read* (``consulted_url``, ``consulted_note``) when that differs: a mirror, a
repost, an aggregator, a document-sharing site or an archive. The rules:

- ``main-link-not-a-mirror``: the main link (``url``) is never a known mirror,
  document-sharing or spam-like domain (a numeric subdomain, a link-shortener
  look-alike); such an address belongs in ``consulted_url``;
- ``copy-described``: a consulted copy says what it is (``consulted_note``), and is not
  the main link again;
- ``publication-named``: a source with neither a main link nor a consulted copy cannot be
  found again;
- ``not-only-a-copy`` (a flag, not an error): a data row whose every source is known
  only through a copy (no address of the original) is listed by :func:`copy_only_rows`,
  and the book shows the list, so that a reader knows which figures rest on a copy alone;
- ``headline-cites-producer``: the rows behind the book's headline figures (the
  Ombudsman's final count, the published claims the book tests, and the census fields
  named in ``field_provenance.csv`` with a ``producer``) cite at least one source
  published by the body that produced the figure, or a national or international
  outlet (``national_press``) or a news agency quoting it.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from peru_protests.problems import Problem, split_list

# Domains that only host copies of other people's publications (document-sharing sites,
# mirrors, reposting forums and aggregators found in the fact base).
MIRROR_DOMAINS = (
    "scribd.com", "dokumen.pub", "fdokumen.com", "ebin.pub", "studenta.com", "democraticunderground.org",
    "jerre-dev.xyz", "spamchronicles.com", "wideo.ovh", "ru24.net", "profilpelajar.com", "pledgetimes.com",
    "prideseotools.com", "medioq.com", "perceptiode.com", "latin-american.news", "airegenix.com",
)
SHORTENER_LOOKALIKE = re.compile(r"bit\.?ly|tinyurl|shorturl", re.IGNORECASE)
NUMERIC_LABEL = re.compile(r"^\d+$")
QUOTING_KINDS = ("national_press", "agency")


def mirror_reason(url: str) -> str | None:
    """Why ``url`` is a mirror or spam-like address, or None when it is not."""
    host = (urlparse(url).hostname or "").lower()
    if not host:
        return None
    if any(host == d or host.endswith("." + d) for d in MIRROR_DOMAINS):
        return "a known mirror or document-sharing domain"
    if any(NUMERIC_LABEL.match(label) for label in host.split(".")[:-1]):
        return "a numeric subdomain (spam-like mirror)"
    if SHORTENER_LOOKALIKE.search(host):
        return "a link-shortener look-alike domain"
    return None


def check_sources(rows: list[dict[str, str]]) -> list[Problem]:
    """Rules on each row of sources.csv."""
    out = []
    for line, row in enumerate(rows, start=2):
        url, copy, note = row.get("url", ""), row.get("consulted_url", ""), row.get("consulted_note", "")
        reason = mirror_reason(url) if url else None
        if reason:
            out.append(Problem("sources.csv", line, "url", url, "main-link-not-a-mirror",
                               f"the main link is {reason}; give the original's own address (or leave it "
                               "empty) and put this address in consulted_url"))
        if copy and not note:
            out.append(Problem("sources.csv", line, "consulted_note", "", "copy-described",
                               "say what the consulted copy is (mirror, repost, aggregator, archive)"))
        if copy and copy == url:
            out.append(Problem("sources.csv", line, "consulted_url", copy, "copy-described",
                               "the consulted copy repeats the main link; leave consulted_url empty"))
        if not url and not copy:
            out.append(Problem("sources.csv", line, "url", "", "publication-named",
                               "neither the original's address nor a consulted copy is given"))
    return out


def copy_only_ids(rows: list[dict[str, str]]) -> set[str]:
    """Sources known only through a copy: no address of the original, a consulted copy."""
    return {r["source_id"] for r in rows if not r.get("url") and r.get("consulted_url")}


def check_copy_only(descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """Flag every data row whose sources are all copies of an original whose address is unknown
    (returned as problems with rule ``not-only-a-copy``; :func:`check` does not include them)."""
    copies = copy_only_ids(tables.get("sources", []))
    out = []
    for res in descriptor["resources"]:
        if res["name"] == "sources" or not any(f["name"] == "source_ids" for f in res["schema"]["fields"]):
            continue
        for line, row in enumerate(tables.get(res["name"], []), start=2):
            ids = split_list(row.get("source_ids", ""))
            if ids and all(i in copies for i in ids):
                out.append(Problem(res["path"], line, "source_ids", row["source_ids"], "not-only-a-copy",
                                   "every source of this row is known only through a mirror or repost; "
                                   "add a source whose original can be found"))
    return out


def _publisher_matches(producer: str, publisher: str) -> bool:
    return producer.strip().lower() in publisher.lower()


def _cites_producer(ids: list[str], producer: str, sources: dict[str, dict[str, str]]) -> bool:
    for sid in ids:
        src = sources.get(sid)
        if src and (_publisher_matches(producer, src["organisation"]) or src["kind"] in QUOTING_KINDS):
            return True
    return False


def check_headline(tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """The rows behind the headline figures cite their producer or an outlet quoting it."""
    sources = {r["source_id"]: r for r in tables.get("sources", [])}
    targets = []  # (file, line, producer, source_ids)
    for line, row in enumerate(tables.get("official_counts", []), start=2):
        if row.get("final") == "yes":
            targets.append(("official_counts.csv", line, row["organisation"], row["source_ids"]))
    for line, row in enumerate(tables.get("claims", []), start=2):
        targets.append(("claims.csv", line, row["organisation"], row["source_ids"]))
    for line, row in enumerate(tables.get("field_provenance", []), start=2):
        if row.get("producer"):
            targets.append(("field_provenance.csv", line, row["producer"], row["source_ids"]))
    out = []
    for file, line, producer, cell in targets:
        if not _cites_producer(split_list(cell), producer, sources):
            out.append(Problem(file, line, "source_ids", cell, "headline-cites-producer",
                               f"a headline figure needs a source published by {producer!r} or by a "
                               "national or international outlet or agency quoting it"))
    return out


def check(descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """Every source rule (sources.csv must have loaded)."""
    if "sources" not in tables:
        return []
    return check_sources(tables["sources"]) + check_headline(tables)


def copy_only_rows(dataset) -> pd.DataFrame:
    """The flagged rows of a loaded :class:`~peru_protests.data.Dataset`: one row per data
    row whose every source is known only through a copy (columns table, row_id, source_ids)."""
    copies = set(dataset.sources.loc[dataset.sources["url"].isna() & dataset.sources["consulted_url"].notna(),
                                     "source_id"])
    out = []
    for name, frame in dataset.tables.items():
        if name == "sources" or "source_ids" not in frame:
            continue
        key = frame.columns[0]
        for row_id, cell in zip(frame[key], frame["source_ids"]):
            ids = split_list(cell)
            if ids and all(i in copies for i in ids):
                out.append({"table": name, "row_id": row_id, "source_ids": cell})
    return pd.DataFrame(out, columns=["table", "row_id", "source_ids"])
