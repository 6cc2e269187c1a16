"""The data dictionary, generated from the descriptor (``data/datapackage.json``), so
that it is written once and the book can never disagree with the validator.

The descriptions are English in the descriptor; another edition looks each one up in its
catalogue (``data.po``), keyed by the English text itself, so a researcher's own
descriptor still works: a description the catalogue does not know is shown in English
(and :func:`untranslated` counts them, so that the page can say so)."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n
from peru_protests.i18n import _
from peru_protests.markup import Md, code, md


def describe(text: str, lang: str = "en") -> str:
    """A description (or title) from the descriptor in ``lang``; English when the
    catalogue has no translation of it."""
    if not isinstance(text, str) or not text:
        return ""
    return i18n.p_(lang, "data dictionary", text)


def is_translated(text: str, lang: str) -> bool:
    if lang == i18n.DEFAULT or not isinstance(text, str) or not text:
        return True
    entry = i18n.catalogue(lang).get(text, context="data dictionary")
    return bool(entry is not None and entry.string)


def untranslated(descriptor: dict, lang: str) -> int:
    """How many titles and descriptions of ``descriptor`` have no translation in ``lang``."""
    texts = []
    for res in descriptor.get("resources", []):
        texts += [res.get("title", ""), res.get("description", "")]
        texts += [f.get("description", "") for f in res.get("schema", {}).get("fields", [])]
    return sum(1 for t in texts if t and not is_translated(t, lang))


def _constraint_text(field: dict, foreign: dict[str, str], lang: str) -> Md:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append(md(_(lang, "one of {values}"), values=Md(", ").join(code(v) for v in c["enum"])))
    if "pattern" in c:
        parts.append(md(_(lang, "pattern {pattern}"), pattern=code(c["pattern"])))
    if "minimum" in c:
        parts.append(md(_(lang, "from {value}"), value=c["minimum"]))
    if "maximum" in c:
        parts.append(md(_(lang, "to {value}"), value=c["maximum"]))
    if "maxLength" in c:
        parts.append(md(i18n.n_(lang, "at most {n} character", "at most {n} characters", c["maxLength"]),
                        n=i18n.number(lang, c["maxLength"])))
    if c.get("unique"):
        parts.append(md(_(lang, "unique")))
    if field["name"] in foreign:
        parts.append(md(_(lang, "refers to {target}"), target=code(foreign[field["name"]])))
    if "x-list-of" in field:
        ref = field["x-list-of"]
        parts.append(md(_(lang, "ids separated by {separator}, each refers to {target}"),
                        separator=code(ref["separator"]), target=code(f"{ref['resource']}.{ref['field']}")))
    return Md("; ").join(parts)


def field_table(descriptor: dict, resource: str, lang: str = "en") -> pd.DataFrame:
    """One row per field of ``resource``: name, type, whether required, allowed values
    or range, unit and description."""
    res = next(r for r in descriptor["resources"] if r["name"] == resource)
    foreign = {fk["fields"][0]: f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
               for fk in res["schema"].get("foreignKeys", [])}
    rows = []
    for field in res["schema"]["fields"]:
        required = field.get("constraints", {}).get("required")
        rows.append({
            _(lang, "Field"): code(field["name"]),
            _(lang, "Type"): code(field["type"]),
            _(lang, "Required"): _(lang, "yes") if required else _(lang, "no"),
            _(lang, "Allowed values"): _constraint_text(field, foreign, lang),
            _(lang, "Unit"): field.get("unit", ""),
            _(lang, "Description"): describe(field["description"], lang),
        })
    return pd.DataFrame(rows)


def resources_table(descriptor: dict, row_counts: dict[str, int], lang: str = "en") -> pd.DataFrame:
    """One row per table of the package, with its row count in the data used."""
    return pd.DataFrame([{
        _(lang, "Table"): describe(res["title"], lang),
        _(lang, "File"): code(res["path"]),
        _(lang, "Rows"): row_counts.get(res["name"], 0),
        _(lang, "Contents"): describe(res["description"], lang),
    } for res in descriptor["resources"]])


def changelog(descriptor: dict, lang: str = "en") -> pd.DataFrame:
    """The data package's change log (kept in English: it is the maintainers' record)."""
    return pd.DataFrame([{_(lang, "Version"): c["version"], _(lang, "Date"): c["date"], _(lang, "Changes"): c["changes"]}
                         for c in descriptor.get("x-changelog", [])])
