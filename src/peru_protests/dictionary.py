"""The data dictionary, generated from the descriptor (``data/datapackage.json``), so
that it is written once and the book can never disagree with the validator."""

from __future__ import annotations

import pandas as pd

from peru_protests.markup import Md, code, md


def _constraint_text(field: dict, foreign: dict[str, str]) -> Md:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append(md("one of {}", Md(", ").join(code(v) for v in c["enum"])))
    if "pattern" in c:
        parts.append(md("pattern {}", code(c["pattern"])))
    if "minimum" in c:
        parts.append(f"from {c['minimum']}")
    if "maximum" in c:
        parts.append(f"to {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if c.get("unique"):
        parts.append("unique")
    if field["name"] in foreign:
        parts.append(f"refers to {foreign[field['name']]}")
    if "x-list-of" in field:
        ref = field["x-list-of"]
        parts.append(f"ids separated by '{ref['separator']}', each refers to {ref['resource']}.{ref['field']}")
    return Md("; ").join(parts)


def field_table(descriptor: dict, resource: str) -> pd.DataFrame:
    """One row per field of ``resource``: name, type, whether required, allowed values
    or range, unit and description."""
    res = next(r for r in descriptor["resources"] if r["name"] == resource)
    foreign = {fk["fields"][0]: f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
               for fk in res["schema"].get("foreignKeys", [])}
    rows = []
    for field in res["schema"]["fields"]:
        rows.append({
            "Field": code(field["name"]),
            "Type": field["type"],
            "Required": "yes" if field.get("constraints", {}).get("required") else "no",
            "Allowed values": _constraint_text(field, foreign),
            "Unit": field.get("unit", ""),
            "Description": field["description"],
        })
    return pd.DataFrame(rows)


def resources_table(descriptor: dict, row_counts: dict[str, int]) -> pd.DataFrame:
    """One row per table of the package, with its row count in the data used."""
    return pd.DataFrame([{
        "Table": res["title"],
        "File": code(res["path"]),
        "Rows": row_counts.get(res["name"], 0),
        "Contents": res["description"],
    } for res in descriptor["resources"]])


def changelog(descriptor: dict) -> pd.DataFrame:
    return pd.DataFrame([{"Version": c["version"], "Date": c["date"], "Changes": c["changes"]}
                         for c in descriptor.get("x-changelog", [])])
