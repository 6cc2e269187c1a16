"""Load a validated data directory into typed pandas tables.

Types come from the data folder's own descriptor (its ``datapackage.json``; the shipped
``data/datapackage.json`` only for a folder without one), so a column is parsed the
same way everywhere. Empty cells become missing values (``NA``/``NaT``): unknown
stays unknown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peru_protests.paths import data_dir_or_default
from peru_protests import descriptor as descriptors
from peru_protests.validate import DataValidationError, require_valid, split_list


class Dataset:
    """The book's tables, typed, from one data directory: ``ds.deaths``, ``ds.events``
    ... one attribute per resource of the descriptor (``ds.tables`` holds them all)."""

    def __init__(self, data_dir: Path, tables: dict[str, pd.DataFrame], descriptor: dict | None = None,
                 descriptor_shipped: bool = False):
        self.data_dir = data_dir
        self.tables = tables
        self.descriptor = descriptor or {}
        self.descriptor_shipped = descriptor_shipped  # True: the folder has no datapackage.json of its own

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no table '{name}' (tables: {', '.join(tables)})")

    def source_ids(self, frame: pd.DataFrame) -> list[str]:
        """Distinct source ids cited by the rows of ``frame``, in first-cited order."""
        seen: dict[str, None] = {}
        for cell in frame["source_ids"]:
            for sid in split_list(cell):
                seen.setdefault(sid, None)
        return list(seen)


    def citations(self) -> pd.Series:
        """How many rows of the other tables cite each source (0 for an uncited one)."""
        counts = dict.fromkeys(self.sources["source_id"], 0)
        for name, frame in self.tables.items():
            if name == "sources" or "source_ids" not in frame:
                continue
            for cell in frame["source_ids"]:
                for sid in split_list(cell):
                    counts[sid] += 1
        return pd.Series(counts, name="cited_by_rows")


def _typed(path: Path, fields: list[dict]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for field in fields:
        col = field["name"]
        kind = field["type"]
        if kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif kind == "integer":
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        elif kind == "number":
            frame[col] = pd.to_numeric(frame[col]).astype("Float64")
    return frame


def load(data_dir: str | Path | None = None, validate: bool = True) -> Dataset:
    """Validate ``data_dir`` (default: the book's ``data/``) and load its tables.

    Raises :class:`peru_protests.validate.DataValidationError`, listing every problem,
    when the directory does not validate.
    """
    data_dir = data_dir_or_default(data_dir)
    if validate:
        require_valid(data_dir)
    info = descriptors.read(data_dir)  # the folder's own descriptor, else the shipped one
    if info.content is None:
        raise DataValidationError(data_dir, info.problems)
    tables = {
        res["name"]: _typed(data_dir / res["path"], res["schema"]["fields"])
        for res in info.content["resources"]
    }
    return Dataset(data_dir, tables, info.content, info.shipped)
