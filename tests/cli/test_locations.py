"""Locations in the file as written: a `.json` message's findings point at the offending
characters inside the JSON file (line, column, and the SARIF region), whatever the escapes
between the file and the decoded text; `.txt` files are their own body."""

from __future__ import annotations

import json

import pytest

from proxy.check_source import Source
from proxy.cli import main

# Escapes before the offending words shift decoded offsets against file offsets: \n, \u00e9,
# a surrogate pair, a tab.
TEXT = ("Hello Ren\u00e9e,\n\nthank you for order 113-1234567-1234567 \U0001F600.\tWe hope "
        "you love it: please leave us a 5-star review!\n\nBest wishes")
OFFENDING = {"C205": "5-star review", "S301": "\U0001F600"}


def check_json(capsys, *args) -> dict:
    code = main(["check", "--format", "json", *args])
    out = json.loads(capsys.readouterr().out)
    out["exit"] = code
    return out


def check_sarif(capsys, *args) -> dict:
    main(["check", "--format", "sarif", *args])
    return json.loads(capsys.readouterr().out)


def region_text(lines: list[str], region: dict) -> str:
    """The file's characters between SARIF start and end (end column exclusive)."""
    assert region["startLine"] == region["endLine"], "these spans are on one line"
    line = lines[region["startLine"] - 1]
    return line[region["startColumn"] - 1:region["endColumn"] - 1]


@pytest.mark.parametrize("ensure_ascii", [True, False], ids=["escaped", "utf-8"])
def test_sarif_region_of_a_json_message_points_at_the_words_in_the_file(tmp_path, capsys,
                                                                         ensure_ascii):
    path = tmp_path / "msg.json"
    doc = {"kind": "proactive", "order_id": "113-1234567-1234567", "text": TEXT}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=ensure_ascii), encoding="utf-8")
    file_text = path.read_text(encoding="utf-8")
    lines = file_text.split("\n")
    sarif = check_sarif(capsys, str(path))
    found = {}
    for result in sarif["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"].get("region")
        if result["ruleId"] not in OFFENDING:
            continue
        assert region is not None, result
        assert 1 <= region["startLine"] <= len(lines), "the region must be inside the file"
        assert region["startLine"] == 4, "the text field is on line 4 of the file"
        shown = region_text(lines, region)
        snippet = file_text[region["charOffset"]:region["charOffset"] + region["charLength"]]
        assert snippet == shown == region["snippet"]["text"]
        found[result["ruleId"]] = json.loads(f'"{shown}"')  # decode the file's characters
    assert found == OFFENDING


def test_text_and_json_outputs_give_the_file_position(tmp_path, capsys):
    path = tmp_path / "msg.json"
    path.write_text(json.dumps({"order_id": "113-1234567-1234567", "text": TEXT}, indent=2))
    lines = path.read_text().split("\n")
    main(["check", str(path)])
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if " C205 " in line)
    _, line_no, column, _ = first.split(":", 3)
    assert lines[int(line_no) - 1][int(column) - 1:].startswith("5-star review")
    data = check_json(capsys, str(path))
    d = next(d for d in data["results"][0]["diagnostics"] if d["code"] == "C205")
    assert TEXT[d["start"]:d["end"]] == "5-star review", "start/end stay body offsets"
    assert d["region"]["start_line"] == int(line_no) and d["region"]["start_column"] == int(column)


def test_subject_and_context_findings_point_at_their_field(tmp_path, capsys):
    path = tmp_path / "msg.json"
    path.write_text('{\n  "subject": "[Important] your order",\n  "order_date": "2026-01-02",\n'
                    '  "sent_at": "2026-03-01T10:00:00Z",\n'
                    '  "text": "Order 113-1234567-1234567: which delivery day suits you?"\n}\n')
    lines = path.read_text().split("\n")
    sarif = check_sarif(capsys, str(path))
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"].get("region")
               for r in sarif["runs"][0]["results"]}
    assert region_text(lines, regions["O106"]) == "[Important]"
    assert regions["O103"]["startLine"] == 4  # sent_at, the date that is too late


def test_plain_text_file_positions_are_the_body_positions(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(TEXT, encoding="utf-8")
    data = check_json(capsys, str(path))
    for d in data["results"][0]["diagnostics"]:
        if d["line"] is not None:
            assert (d["region"]["start_line"], d["region"]["start_column"]) == (d["line"],
                                                                                d["column"])


@pytest.mark.parametrize("raw", [
    '{"text": "a\\u00e9b"}', '{"text": "\\ud83d\\ude00x"}', '{"text": "\\ud83dx"}',
    '{ "a" : [1, {"text": "no"}], "text" : "x\\"y\\\\z" , "text": "last wins" }',
])
def test_source_maps_every_decoded_character(raw):
    decoded = json.loads(raw)["text"]
    source = Source.from_json(raw)
    for i in range(len(decoded)):
        region = source.region("body", i, i + 1)
        piece = raw[region.offset:region.offset + region.length]
        assert json.loads(f'"{piece}"') == decoded[i] or decoded[i] in "\ud83d", (i, piece)


@pytest.mark.parametrize("raw", ["[1]", '{"text": 1', "", '{"html": null, "text": "x"}'])
def test_source_gives_up_rather_than_guess(raw):
    region = Source.from_json(raw).region("body", 0, 1)
    assert region is None or raw[region.offset] == "x"


def test_a_whole_message_finding_points_at_the_body(tmp_path, capsys):
    path = tmp_path / "msg.json"
    path.write_text('{\n  "kind": "proactive",\n  "text": "Hello, the parcel needs a signature. '
                    'Which day next week suits you?"\n}\n')
    sarif = check_sarif(capsys, str(path))
    o101 = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "O101")
    region = o101["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 11)  # the text's opening quote
