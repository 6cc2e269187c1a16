"""A data folder describes itself: its own datapackage.json is what validation, loading
and the book use; a folder without one falls back to the shipped descriptor and says so."""

import json
import os
import shutil

import pytest

from peru_protests import data, descriptor
from peru_protests.paths import DESCRIPTOR
from peru_protests.validate import DataValidationError, format_report, validate_dir

from conftest import TINY


@pytest.fixture
def described(tiny_copy):
    """The tiny fixture with its own copy of the shipped descriptor."""
    shutil.copy(DESCRIPTOR, tiny_copy / "datapackage.json")
    return tiny_copy


def rewrite(folder, change):
    path = folder / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    change(d)
    path.write_text(json.dumps(d, indent=2), encoding="utf-8")


def test_folder_without_descriptor_falls_back_and_says_so():
    info = descriptor.read(TINY)
    assert info.shipped and info.path == DESCRIPTOR and info.problems == []
    assert validate_dir(TINY) == []
    report = format_report(TINY, [])
    assert report.startswith(f"{TINY}: valid") and "has no datapackage.json" in report
    assert data.load(TINY).descriptor_shipped is True


def test_own_descriptor_is_used_for_version(described):
    rewrite(described, lambda d: d.update(version="9.9.9-mine"))
    assert validate_dir(described) == []
    ds = data.load(described)
    assert ds.descriptor["version"] == "9.9.9-mine" and ds.descriptor_shipped is False
    assert "has no datapackage.json" not in format_report(described, [])


def test_invalid_json_is_reported_with_file_and_position(described):
    path = described / "datapackage.json"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].rstrip(",")  # line 3 loses its comma
    path.write_text("\n".join(text), encoding="utf-8")
    [p] = validate_dir(described)
    assert (p.file, p.row, p.rule) == ("datapackage.json", 4, "descriptor-json")
    assert "line 4, column" in p.message
    with pytest.raises(DataValidationError, match="descriptor-json"):
        data.load(described, validate=False)


def test_new_csv_described_in_own_descriptor_is_loaded(described):
    (described / "protests_2026.csv").write_text("event_id,place\nX1,Lima\nX2,Puno\n", encoding="utf-8")
    # undescribed: reported, not silently dropped
    [p] = validate_dir(described)
    assert (p.file, p.rule) == ("protests_2026.csv", "csv-described")
    rewrite(described, lambda d: d["resources"].append({
        "name": "protests_2026", "path": "protests_2026.csv", "title": "Protests", "description": "Mine.",
        "schema": {"fields": [{"name": "event_id", "type": "string", "description": "Id.",
                               "constraints": {"required": True, "unique": True}},
                              {"name": "place", "type": "string", "description": "Where."}],
                   "primaryKey": ["event_id"]}}))
    assert validate_dir(described) == []
    assert list(data.load(described).protests_2026["place"]) == ["Lima", "Puno"]


def test_undescribed_csv_in_descriptorless_folder(tiny_copy):
    (tiny_copy / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    [p] = validate_dir(tiny_copy)
    assert (p.file, p.rule) == ("extra.csv", "csv-described")


@pytest.mark.parametrize("path", ["../deaths.csv", "/etc/passwd", "sub/../../x.csv"])
def test_resource_paths_stay_inside(described, path):
    rewrite(described, lambda d: d["resources"][0].update(path=path))
    rules = {(p.rule, p.value) for p in validate_dir(described)}
    assert ("resource-path-inside", path) in rules


def test_symlink_out_of_folder_is_refused(described, tmp_path):
    outside = tmp_path / "outside.csv"
    first = json.loads((described / "datapackage.json").read_text())["resources"][0]["path"]
    shutil.copy(described / first, outside)
    os.remove(described / first)
    os.symlink(outside, described / first)
    [p] = validate_dir(described)
    assert (p.rule, p.value) == ("resource-path-inside", first)


def test_missing_book_table_and_bad_shape(described):
    rewrite(described, lambda d: d["resources"].pop(0))
    problems = validate_dir(described)
    assert {p.rule for p in problems} == {"descriptor-book-tables", "csv-described"}
    rewrite(described, lambda d: d.pop("version"))
    assert {p.rule for p in validate_dir(described)} == {"descriptor-shape"}


def test_undocumented_field_is_reported(described):
    rewrite(described, lambda d: d["resources"][1]["schema"]["fields"][0].pop("description"))
    [p] = validate_dir(described)
    assert p.rule == "descriptor-shape" and p.column == "resources[1].schema.fields[0].description"
    assert "needs a \"description\"" in p.message


def test_changed_descriptor_changes_the_data_digest(described):
    from peru_protests import cache

    before = cache.data_digest(described)
    rewrite(described, lambda d: d.update(version="0.3.1"))
    assert cache.data_digest(described) != before


def test_broken_shipped_descriptor_names_the_file(tmp_path, capsys, monkeypatch):
    broken = tmp_path / "datapackage.json"
    broken.write_text('{"version": "1",\n "resources": [}', encoding="utf-8")
    with pytest.raises(descriptor.DescriptorError, match=r"datapackage.json is not valid JSON at line 2, column 16"):
        descriptor.read(TINY, shipped=broken)
    from peru_protests import cli

    monkeypatch.setattr(descriptor, "DESCRIPTOR", broken)
    monkeypatch.setattr(descriptor.read, "__defaults__", (broken,))
    assert cli.main(["validate", str(TINY)]) == 1
    assert "is not valid JSON at line 2" in capsys.readouterr().err


def test_a_list_of_ids_must_say_what_it_refers_to(described):
    def half_list(d):
        deaths = next(r for r in d["resources"] if r["name"] == "deaths")
        field = next(f for f in deaths["schema"]["fields"] if f["name"] == "source_ids")
        field["x-list-of"] = {"resource": "sources"}  # no field, no separator
    rewrite(described, half_list)
    [p] = [p for p in validate_dir(described) if p.rule == "descriptor-shape"]
    assert p.column.endswith(".x-list-of") and "field 'source_ids'" in p.message and '"separator"' in p.message
