"""The outputs that CI reads: input errors and skipped files in JSON and SARIF, SARIF that
validates against the OASIS 2.1.0 schema with the descriptions the right way round, template
placeholders, and the small things people read (plurals, --config, help, the rule table)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import policy
from proxy.cli import build_parser, main

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
ROOT = Path(__file__).resolve().parents[2]
GOOD = ("Hello,\n\nabout your order 113-1234567-1234567: the sofa is a bulky item, so the "
        "carrier needs a delivery window. Which day next week suits you?\n\nKind regards")
BAD = "Order 113-1234567-1234567: leave a 5-star review and get a $10 gift card! 😀"


def validate(sarif: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)


def run_main(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps({"text": GOOD}))
    (tmp_path / "bad.txt").write_text(BAD)
    (tmp_path / "page.html").write_text("<p>Order 113-1234567-1234567</p><img src='http://x.example/a.gif'>")
    (tmp_path / "package.json").write_text('{"name": "templates", "version": "1.0.0"}')
    (tmp_path / "list.json").write_text("[1, 2]")
    return tmp_path


def test_non_message_json_in_a_folder_is_skipped_with_a_notice(folder, capsys):
    code, out, err = run_main(capsys, "check", str(folder))
    assert code == 1, "bad.txt blocks; the skipped files do not make it 2"
    assert err.count("skipped") == 2 and "package.json" in err and "list.json" in err
    assert "2 files skipped" in out
    code, out, err = run_main(capsys, "check", "--format", "json", str(folder))
    data = json.loads(out)
    assert {Path(s["path"]).name for s in data["skipped"]} == {"package.json", "list.json"}
    assert data["errors"] == []


def test_a_named_non_message_file_is_still_an_error(folder, capsys):
    code, _, err = run_main(capsys, "check", str(folder / "package.json"))
    assert code == 2 and "needs a 'text' or an 'html' field" in err


def test_input_errors_are_in_the_json_output(folder, capsys):
    (folder / "broken.json").write_text('{"text": "hi"')
    code, out, err = run_main(capsys, "check", "--format", "json", str(folder))
    assert code == 2
    data = json.loads(out)
    assert [(Path(e["path"]).name, e["message"][:25]) for e in data["errors"]] == [
        ("broken.json", "malformed JSON at line 1,")]
    assert {Path(r["path"]).name for r in data["results"]} == {"good.json", "bad.txt", "page.html"}
    assert "broken.json: error: malformed JSON" in err


def test_input_errors_are_in_the_sarif_invocation(folder, capsys):
    (folder / "broken.json").write_text('{"text": "hi"')
    code, out, _ = run_main(capsys, "check", "--format", "sarif", str(folder),
                            str(folder / "missing.txt"))
    assert code == 2
    sarif = json.loads(out)
    validate(sarif)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = {(Path(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name,
              n["level"]) for n in invocation["toolExecutionNotifications"]}
    assert notes == {("broken.json", "error"), ("missing.txt", "error"),
                     ("package.json", "note"), ("list.json", "note")}


def test_a_clean_run_says_it_succeeded(tmp_path, capsys):
    (tmp_path / "good.json").write_text(json.dumps({"text": GOOD}))
    code, out, _ = run_main(capsys, "check", "--format", "sarif", str(tmp_path))
    sarif = json.loads(out)
    validate(sarif)
    assert code == 0 and sarif["runs"][0]["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}]


@pytest.mark.parametrize("name, content", [
    ("bad.txt", BAD), ("page.html", "<p style='font-family:Comic Sans'>Order 113-1234567-1234567"
                                    " <img src='http://x.example/p.gif' width=1 height=1></p>"),
    ("reply.json", json.dumps({"kind": "reply", "subject": "[Important] re: order",
                               "text": BAD, "attachments": ["catalogue.pdf"]})),
])
def test_sarif_validates_against_the_2_1_0_schema(tmp_path, capsys, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    _, out, _ = run_main(capsys, "check", "--format", "sarif", str(tmp_path / name))
    sarif = json.loads(out)
    validate(sarif)
    assert sarif["runs"][0]["results"], "each case has findings"
    for result in sarif["runs"][0]["results"]:  # code scanning needs a line for each
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_rule_descriptions_are_the_right_way_round(tmp_path, capsys):
    (tmp_path / "bad.txt").write_text(BAD)
    _, out, _ = run_main(capsys, "check", "--format", "sarif", str(tmp_path / "bad.txt"))
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    assert len(rules) == len(policy.all_rules())
    for r in policy.all_rules():
        short, full = rules[r.code]["shortDescription"]["text"], rules[r.code]["fullDescription"]["text"]
        assert short == " ".join(r.clause.split())
        assert full == " ".join(r.docs["What it does"].split())
        assert len(short) < len(full), r.code


def test_sarif_validation_would_catch_a_broken_log():
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]})


def test_templates_with_placeholders_pass(tmp_path, capsys):
    template = ("Hello {{ buyer_name }},\n\nabout your order {{order_id}}: the "
                "{{product_title}} is a bulky item, so the carrier needs a delivery window. "
                "Which day next week suits you?\n\nKind regards,\n%seller_name%")
    (tmp_path / "t.txt").write_text(template)
    (tmp_path / "t.json").write_text(json.dumps({"text": template.replace("{{order_id}}",
                                                                          "[[order-id]]")}))
    code, out, _ = run_main(capsys, "check", "--format", "json", str(tmp_path))
    data = json.loads(out)
    assert code == 0, data
    assert all(r["verdict"] == "pass" for r in data["results"]), data


def test_plurals(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(BAD)
    _, out, _ = run_main(capsys, "check", str(tmp_path / "one.txt"))
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("1 message checked")
    assert "1 warnings" not in summary and "1 errors" not in summary
    (tmp_path / "w.json").write_text(json.dumps({"subject": "[Important] your order",
                                                 "text": GOOD}))
    _, out, _ = run_main(capsys, "check", str(tmp_path / "w.json"))
    assert out.strip().splitlines()[-1].endswith("(0 errors, 1 warning)")


def test_missing_config_is_one_clear_line(tmp_path, capsys):
    (tmp_path / "m.txt").write_text(GOOD)
    code, _, err = run_main(capsys, "check", "--config", str(tmp_path / "nope.toml"),
                            str(tmp_path / "m.txt"))
    assert code == 2
    assert err.strip() == f"bsm-guard: --config: no such file: {tmp_path / 'nope.toml'}"
    assert "Errno" not in err


def test_every_option_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [(name, a.option_strings or a.dest) for name, p in sub.choices.items()
               for a in p._actions if a.help is None]
    assert missing == []


@pytest.mark.parametrize("columns", [50, 80, 160])
def test_rules_table_fits_the_terminal(columns):
    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run([sys.executable, "-m", "proxy", "rules"], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=60).stdout
    lines = out.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    codes = [line.split()[0] for line in lines[1:] if line[:1] in "COS" and line[1:2].isdigit()]
    assert codes == [r.code for r in policy.all_rules()]
