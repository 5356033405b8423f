"""S312 accessibility: alt text, contrast, vague links, lang attribute, reading level."""

import pytest

import policy


def found(**message):
    config = policy.Config(select=frozenset({"S312"}))
    return [d for d in policy.check(message, config).diagnostics if d.code == "S312"]


EN = ("<p>Thank you for your order. We need the floor number for the delivery of your sofa, "
      "because the driver has to plan the route and the lift.</p>")


@pytest.mark.parametrize("html, hits", [
    ('<img src="https://a.com/step1.png">', 1),
    ('<p style="color:#aaaaaa; background-color:#ffffff">Hi</p>', 1),
    ('<table bgcolor="#000000"><tr><td><font color="#333333">Hi</font></td></tr></table>', 1),
    ('<div style="background:#ffff00"><span style="color:white">Hi</span></div>', 1),
    ('<a href="https://www.amazon.com/x">Click here</a>', 1),
    ('<a href="https://www.amazon.de/x">hier klicken</a>', 1),
    ('<a href="https://www.amazon.fr/x">Cliquez ici !</a>', 1),
    ('<a href="https://www.amazon.es/x">Haga clic aquí</a>', 1),
    ('<a href="https://www.amazon.it/x">clicca qui</a>', 1),
    ('<a href="https://www.amazon.co.jp/x">こちら</a>', 1),
    ("<html><body>" + EN + "</body></html>", 1),
    ('<html lang="de"><body>' + EN + "</body></html>", 1),
    ('<div lang="de">' + EN + "</div>", 1),
    # near misses
    ('<img src="https://a.com/step1.png" alt="Step 1: fit the legs">', 0),
    ('<img src="https://a.com/line.png" alt="">', 0),
    ('<p style="color:#333333; background-color:#ffffff">Hi</p>', 0),
    ('<p style="color:#aaaaaa">Hi</p>', 0),
    ('<a href="https://www.amazon.com/x">the assembly guide</a>', 0),
    ('<p>Click here is not a link in this sentence.</p>', 0),
    ('<html lang="en-GB"><body>' + EN + "</body></html>", 0),
    ("<p>" + EN + "</p>", 0),
    ('<div lang="en-US">' + EN + "</div>", 0),
    ('<span lang="de">Danke</span>', 0),  # too short to judge
])
def test_html_checks(html, hits):
    assert len(found(html=html)) == hits


PLAIN = ("Thank you for your order. We need the floor number for the delivery of your sofa. "
         "The driver plans the route in the morning. Please reply with the floor and whether "
         "there is a lift. If there is no lift, we send two people. They carry the sofa up the "
         "stairs. It takes about ten minutes. We will call you one hour before we arrive. "
         "Thank you for your help, and have a nice day.")
DENSE = ("Notwithstanding the aforementioned contractual stipulations, the manufacturer's "
         "comprehensive warranty documentation explicitly necessitates that purchasers "
         "demonstrate verifiable documentation substantiating the chronological circumstances "
         "surrounding the malfunction, accompanied by photographic evidentiary materials "
         "illustrating the deterioration, whereupon the authorised representative "
         "subsequently determines, following exhaustive technical consideration, whether "
         "remuneration, rectification or substitution constitutes the appropriate contractual "
         "remedy under the applicable jurisdictional consumer protection legislation, "
         "irrespective of any supplementary commercial undertakings, representations or "
         "considerations previously communicated by intermediaries, distributors, affiliates "
         "or subcontracted logistical service providers operating internationally.")


def test_reading_level_far_above_plain_language():
    dense = DENSE + " " + DENSE[:DENSE.index("whereupon")].rstrip(", ") + "."
    assert len(PLAIN.split()) < 100 <= len(dense.split())
    assert found(text=DENSE) == []  # under 100 words: too short to judge
    assert len(found(text=dense)) == 1
    assert found(text=(PLAIN + " ") * 2) == []


def test_reading_level_is_english_only():
    german = ("Sehr geehrte Kundin, bezüglich der Gewährleistungsbestimmungen "
              "entsprechend unserer Allgemeinen Geschäftsbedingungen ") * 12
    assert found(text=german, buyer_language="de") == []
