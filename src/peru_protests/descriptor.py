"""The descriptor of a data folder: its own ``datapackage.json``, checked before any table.

A data folder describes itself. Validation, loading and the book use the descriptor
inside the folder; only a folder without one falls back to the descriptor shipped with
the book (``data/datapackage.json``), and the report says so. A descriptor is checked for:

* JSON syntax (the problem names the file, line and column);
* shape: a ``version``, a list of ``resources``, each with a ``name``, a ``path`` and a
  ``schema`` with ``fields`` (name and a known type) and a ``primaryKey``;
* safe paths: a resource path is relative, has no ``..`` and does not lead out of the
  folder through a symbolic link;
* the tables the book's chapters read: every table and field of the shipped descriptor
  is present with the same type (a folder may add tables and fields, not remove them);
* completeness: every CSV file in the folder is described by a resource.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from peru_protests.paths import DESCRIPTOR
from peru_protests.problems import Problem

NAME = "datapackage.json"
TYPES = {"string", "integer", "number", "date", "boolean"}


@dataclass
class Descriptor:
    """A data folder's descriptor: ``content`` (``None`` when it could not be used),
    the file it was read from, whether that is the shipped fallback, and its problems."""

    content: dict | None
    path: Path
    shipped: bool
    problems: list[Problem] = field(default_factory=list)

    @property
    def notice(self) -> str:
        if not self.shipped:
            return ""
        return (f"note: the folder has no {NAME}; it was checked against the descriptor shipped with "
                f"the book ({self.path}). Copy that file into the folder to describe your own tables.")


class DescriptorError(ValueError):
    """The book's own (shipped) descriptor cannot be read; the message names the file."""


def load_json(path: Path) -> dict:
    """The shipped descriptor (a broken one raises :class:`DescriptorError` naming the
    file and the position, not a bare traceback)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"{path} is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                              "fix it (git diff shows what changed) or restore it with git checkout") from None
    except OSError as exc:
        raise DescriptorError(f"cannot read the descriptor {path}: {exc.strerror}") from None


def read(data_dir: str | Path, shipped: Path = DESCRIPTOR) -> Descriptor:
    """The descriptor of ``data_dir``, checked (see the module's docstring)."""
    data_dir = Path(data_dir)
    own = data_dir / NAME
    if not (own.exists() or own.is_symlink()):
        content = load_json(shipped)
        return Descriptor(content, shipped, True, _undescribed(data_dir, content))
    if not _inside(data_dir, own):
        return Descriptor(None, own, False, [Problem(NAME, None, None, None, "descriptor-inside-folder",
                                                     "is a link to a file outside the data folder; copy the file in")])
    try:
        content = json.loads(own.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return Descriptor(None, own, False, [Problem(NAME, None, None, None, "descriptor-json",
                                                     "is not UTF-8 text; save it as UTF-8")])
    except json.JSONDecodeError as exc:
        return Descriptor(None, own, False, [Problem(
            NAME, exc.lineno, None, None, "descriptor-json",
            f"is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg} "
            "(a missing or extra comma or quote is the usual cause)")])
    problems = _shape(content)
    if problems:
        return Descriptor(None, own, False, problems)
    problems = _paths(data_dir, content) + _book_tables(content, load_json(shipped))
    problems += _undescribed(data_dir, content)
    return Descriptor(None if problems else content, own, False, problems)


def _problem(where: str, message: str, rule: str = "descriptor-shape") -> Problem:
    return Problem(NAME, None, where or None, None, rule, message)


def _shape(d) -> list[Problem]:
    if not isinstance(d, dict):
        return [_problem("", "must be a JSON object { ... }")]
    out = []
    if not isinstance(d.get("version"), str) or not d.get("version"):
        out.append(_problem("version", 'needs a "version" such as "0.3.0-mine" (the book shows and cites it)'))
    changes = d.get("x-changelog", [])
    if not isinstance(changes, list) or not all(isinstance(c, dict) and {"version", "date", "changes"} <= set(c)
                                                for c in changes):
        out.append(_problem("x-changelog", 'must be a list of {"version": ..., "date": ..., "changes": ...}'))
    resources = d.get("resources")
    if not isinstance(resources, list) or not resources:
        return out + [_problem("resources", 'needs a non-empty list "resources"')]
    names = set()
    for i, res in enumerate(resources):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            out.append(_problem(where, "must be an object with name, path and schema"))
            continue
        for key in ("name", "path", "title", "description"):  # the Data chapter shows title and description
            if not isinstance(res.get(key), str) or not res.get(key):
                out.append(_problem(f"{where}.{key}", f'needs a "{key}" (text)'))
        if res.get("name") in names:
            out.append(_problem(f"{where}.name", f"'{res['name']}' names two resources"))
        names.add(res.get("name"))
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not fields:
            out.append(_problem(f"{where}.schema", 'needs "schema": {"fields": [...], "primaryKey": [...]}'))
            continue
        for j, fld in enumerate(fields):
            if not isinstance(fld, dict) or not isinstance(fld.get("name"), str):
                out.append(_problem(f"{where}.schema.fields[{j}]", 'needs a "name"'))
            elif not isinstance(fld.get("description"), str) or not fld["description"]:
                out.append(_problem(f"{where}.schema.fields[{j}].description",
                                    f"field '{fld['name']}' needs a \"description\" (the data dictionary shows it)"))
            elif fld.get("type") not in TYPES:
                out.append(_problem(f"{where}.schema.fields[{j}].type",
                                    f"field '{fld['name']}' has type {fld.get('type')!r}; use one of "
                                    + ", ".join(sorted(TYPES))))
            elif "x-list-of" in fld and not (isinstance(fld["x-list-of"], dict) and all(
                    isinstance(fld["x-list-of"].get(k), str) and fld["x-list-of"][k]
                    for k in ("resource", "field", "separator"))):
                out.append(_problem(f"{where}.schema.fields[{j}].x-list-of",
                                    f"field '{fld['name']}': a list of ids needs \"x-list-of\": {{\"resource\": ..., "
                                    "\"field\": ..., \"separator\": \";\"}} (e.g. resource \"sources\", field "
                                    "\"source_id\")"))
        key = schema.get("primaryKey")
        field_names = [f.get("name") for f in fields if isinstance(f, dict)]
        if not isinstance(key, list) or len(key) != 1 or key[0] not in field_names:
            out.append(_problem(f"{where}.schema.primaryKey", "needs a primaryKey: a list with one of its fields"))
    return out


def _inside(data_dir: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(data_dir.resolve())


def _paths(data_dir: Path, d: dict) -> list[Problem]:
    out = []
    for i, res in enumerate(d["resources"]):
        raw = res["path"]
        pure = PurePosixPath(raw)
        if pure.is_absolute() or "\\" in raw or ":" in raw or ".." in pure.parts:
            out.append(Problem(NAME, None, f"resources[{i}].path", raw, "resource-path-inside",
                               "a resource path must be relative to the data folder, without '..' "
                               "(e.g. \"deaths.csv\"); copy the file into the folder"))
        elif not _inside(data_dir, data_dir / raw):
            out.append(Problem(NAME, None, f"resources[{i}].path", raw, "resource-path-inside",
                               "leads out of the data folder through a symbolic link; copy the file in"))
    return out


def _book_tables(d: dict, shipped: dict) -> list[Problem]:
    """The tables and fields the chapters read must be there, with the same types."""
    own = {r["name"]: {f["name"]: f.get("type") for f in r["schema"]["fields"]} for r in d["resources"]}
    out = []
    for res in shipped["resources"]:
        if res["name"] not in own:
            out.append(_problem("resources", f"the book's chapters need the table '{res['name']}' "
                                f"({res['path']}); copy its resource from {DESCRIPTOR.name} of the book",
                                "descriptor-book-tables"))
            continue
        for fld in res["schema"]["fields"]:
            have = own[res["name"]].get(fld["name"])
            if have is None:
                out.append(_problem(res["name"], f"the book's chapters need the field '{fld['name']}' "
                                    f"({fld['type']}) in table '{res['name']}'", "descriptor-book-tables"))
            elif have != fld["type"]:
                out.append(_problem(res["name"], f"field '{fld['name']}' must have type '{fld['type']}' "
                                    f"(it has '{have}')", "descriptor-book-tables"))
    return out


def _undescribed(data_dir: Path, d: dict) -> list[Problem]:
    if not data_dir.is_dir():
        return []
    described = {str(PurePosixPath(r.get("path", ""))) for r in d.get("resources", []) if isinstance(r, dict)}
    out = []
    for csv in sorted(data_dir.rglob("*.csv")):
        rel = csv.relative_to(data_dir).as_posix()
        if rel not in described and not any(part.startswith(".") for part in csv.relative_to(data_dir).parts):
            out.append(Problem(rel, None, None, None, "csv-described",
                               f"no resource of {NAME} describes this file, so the book would ignore it; "
                               "add a resource for it (name, path, schema) or move it out of the folder"))
    return out
