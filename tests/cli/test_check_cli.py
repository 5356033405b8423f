"""`bsm-guard check` as a user runs it: exit codes, formats, and bad input that must never
produce a traceback or a hang."""

import json
import subprocess
import sys

import pytest

VIOLATING = ("Order 113-1234567-1234567: leave us a 5-star review and we will send you a "
             "$10 gift card! Visit http://my-shop.example.com for 20% off.")
COMPLIANT = ("Hello, regarding your order 113-1234567-1234567: the sofa you bought is a bulky "
             "item, so the carrier needs a delivery window. Which day next week suits you?")


def run(*args, stdin=None, cwd=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "proxy", *args], input=stdin,
                          capture_output=True, timeout=timeout, cwd=cwd)


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "bad.txt").write_text(VIOLATING, encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps({"text": COMPLIANT, "kind": "proactive",
                                                    "order_id": "113-1234567-1234567"}))
    return tmp_path


def test_exit_status_follows_the_worst_verdict(files):
    assert run("check", str(files / "good.json")).returncode == 0
    result = run("check", str(files / "bad.txt"))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "bad.txt:1:" in out and "[error]" in out
    assert "1 message checked: 1 blocked" in out


def test_folder_and_json_format(files):
    result = run("check", "--format", "json", str(files))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"]
    by_path = {r["path"].rsplit("/", 1)[-1]: r for r in data["results"]}
    assert by_path["good.json"]["verdict"] == "pass"
    bad = by_path["bad.txt"]
    assert bad["verdict"] == "block"
    for d in bad["diagnostics"]:
        assert {"code", "name", "severity", "message", "start", "end", "line", "column",
                "excerpt", "fix"} <= set(d)
        if d["start"] is not None:
            assert VIOLATING[d["start"]:d["end"]] == d["excerpt"] or d["excerpt"].endswith("\u2026")


def test_sarif_is_2_1_0(files):
    result = run("check", "--format", "sarif", str(files / "bad.txt"))
    data = json.loads(result.stdout)
    assert data["version"] == "2.1.0"
    run_ = data["runs"][0]
    rule_ids = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    assert run_["results"] and all(r["ruleId"] in rule_ids for r in run_["results"])
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["charLength"] >= 0


def test_stdin_is_sniffed():
    assert run("check", "-", stdin=COMPLIANT.encode()).returncode == 0
    result = run("check", "-", stdin=json.dumps({"text": VIOLATING}).encode())
    assert result.returncode == 1


@pytest.mark.parametrize("name, content, error", [
    ("broken.json", b'{"text": "hi"', "malformed JSON at line 1"),
    ("type.json", b'{"text": ["hi"]}', "'text' must be a string"),
    ("list.json", b'[1, 2]', "must be a JSON object"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary data"),
    ("latin1.txt", "Grüße".encode("latin-1"), "not UTF-8 text"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "malformed JSON"),
    ("big.txt", b"a" * (10 * 1024 * 1024), "a message is at most 1 MB"),
], ids=["broken-json", "wrong-type", "json-list", "binary", "latin-1", "deep-json", "10-MB"])
def test_bad_input_is_one_clear_line(tmp_path, name, content, error):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert error in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_deeply_nested_and_broken_html_gets_a_result(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 20_000 + "Order 113-1234567-1234567 <b><i>broken</b" + "</p>" * 50)
    result = run("check", "--format", "json", str(path))
    assert result.returncode in (0, 1), result.stderr.decode()[-500:]
    assert json.loads(result.stdout)["results"][0]["path"].endswith("deep.html")


def test_missing_file_and_bad_config(tmp_path):
    result = run("check", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and "no such file" in result.stderr.decode()
    (tmp_path / "bsm-guard.toml").write_text("colour = 'red'\n")
    (tmp_path / "m.txt").write_text(COMPLIANT)
    result = run("check", "m.txt", cwd=tmp_path)
    assert result.returncode == 2 and "unknown key" in result.stderr.decode()


def test_config_is_found_upward_and_applied(tmp_path):
    (tmp_path / "bsm-guard.toml").write_text("ignore = ['C204', 'C205', 'C209', 'C203']\n"
                                             "spelling = false\ngrammar = false\n")
    sub = tmp_path / "drafts"
    sub.mkdir()
    (sub / "m.txt").write_text(VIOLATING)
    result = run("check", "--format", "json", "m.txt", cwd=sub)
    codes = {d["code"] for d in json.loads(result.stdout)["results"][0]["diagnostics"]}
    assert not codes & {"C204", "C205", "C209", "C203"}


def test_rules_and_rule_docs():
    listing = run("rules").stdout.decode()
    assert "C204" in listing and "review-incentive" in listing
    doc = run("rule", "review-incentive").stdout.decode()
    for section in ("What it does", "Why Amazon blocks it", "Example", "Use instead"):
        assert section in doc
    assert run("rule", "Z999").returncode == 2


def test_explain_prints_each_sentences_intents(files):
    result = run("check", "--explain", str(files / "bad.txt"))
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "sentence intents" in out and "reads as:" in out and "near (" in out
    data = json.loads(run("check", "--explain", "--format", "json",
                          str(files / "bad.txt")).stdout)
    (entry,) = data["results"]
    assert entry["explain"] and {"text", "intents", "scores", "nearest"} <= set(entry["explain"][0])
    assert "explain" not in json.loads(run("check", "--format", "json",
                                           str(files / "bad.txt")).stdout)["results"][0]
