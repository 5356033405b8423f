"""What a whole proactive message is for, in the model's view: only a notice or courtesy (C201,
C202), a permitted purpose somewhere (O105's silence), which sentences ask for a review.

Split from `compose.py`, which turns single sentences into findings: these answers are about
what a message lacks, so they read every sentence at once (issue 7: "C202 and O105 are about
what a message lacks: decide them from all its sentences' intents, not from one sentence").
"""

from __future__ import annotations

from policy import phrase_view, phrases
from policy.intent.compose import MODEL_FLOOR, Sentence, _dispatch_as_context, enabled, read
from policy.intent.inventory import IDS, PURPOSES
from policy.report import Severity


# The readings a message may hold and still be only a notice or only courtesy (C201, C202).
_NOTICE_OR_COURTESY = frozenset(("order-or-dispatch-confirmation", "courtesy-only",
                                 "link-needed-for-order"))


def score_of(sentence: Sentence | None, intent: str) -> float:
    return 0.0 if sentence is None else sentence.score(intent)


def notice_or_courtesy(analysis) -> tuple[Sentence | None, Sentence | None]:
    """(strongest dispatch sentence, strongest courtesy sentence) when the whole message reads
    only as an order notice and courtesy, else (None, None).

    Judged on the message, not the sentence (POLICY_READING: C201 and C202 are about what a
    proactive message is for): no purpose in the phrases, context, subject or attachments, and
    no sentence reads, even weakly, as anything but a dispatch notice or courtesy. Such a
    message is one of the two whichever idiom it uses ("ya va de camino", "in viaggio"), so
    the stronger of the two readings names it even below MODEL_FLOOR: across the ten
    development sets every proactive message of this shape was labelled C201 or C202. A
    dispatch reading that says the order has arrived is context (`_dispatch_as_context`)."""
    if not enabled(analysis) or analysis.message.kind != "proactive":
        return None, None
    from policy.rules.purpose import has_purpose as names_purpose

    judged_ = [s for s in read(analysis) if s.scores is not None]
    if names_purpose(analysis) or any(name not in _NOTICE_OR_COURTESY
                                      for s in judged_ for name in _other_readings(s)):
        return None, None
    if any(_asks_for_the_order(analysis, s) for s in judged_):
        return None, None
    dispatch = "order-or-dispatch-confirmation"
    notices = [s for s in judged_ if s.level(dispatch) is not None
               and s.score(dispatch) > s.score("courtesy-only")
               and not _dispatch_as_context(analysis, s)]
    courteous = [s for s in judged_ if s.level("courtesy-only") is not None]
    return (max(notices, key=lambda s: s.score(dispatch), default=None),
            max(courteous, key=lambda s: s.score("courtesy-only"), default=None))


def _other_readings(sentence: Sentence) -> list[str]:
    """The sentence's readings that count for what the message is for. A sentence read first
    and at the error threshold as a dispatch notice keeps only its error-level readings: the
    heads lend a notice that names the order a weak purpose of its own ("your rope (order
    ...) went out with UPS this afternoon": notice 0.88, fulfilment problem and order
    information 0.57 each, warn 0.53 and 0.61), and that shadow is no purpose of the message."""
    k = IDS.index("order-or-dispatch-confirmation")
    names = [name for name, _ in sentence.intents()]
    if int(sentence.scores.argmax()) == k and sentence.level(IDS[k]) is Severity.ERROR:
        return [n for n in names if sentence.level(n) is Severity.ERROR]
    return names


_QUESTION_END = ("?", "？", "か。", "か", "でしょうか。")
# A question to the buyer whose purposes, taken together (`purpose_mass`), reach this is the
# order's, however weakly each purpose reads: "キッズサイズへの変更をご希望でしょうか。" (order
# information 0.53, return 0.30, custom design 0.26; mass 0.76) in a message that then says
# the suit ships once the buyer answers. A message that only announces has nothing to ask.
QUESTION_MASS = 0.5


def _asks_for_the_order(analysis, sentence: Sentence) -> bool:
    """Is the sentence a question to the buyer (not an arrival check-in) that leans, over all
    permitted purposes, towards one (QUESTION_MASS)?"""
    if sentence.where != "text" or not sentence.text.rstrip().endswith(_QUESTION_END):
        return False
    return purpose_mass(sentence) >= QUESTION_MASS and not _check_in(analysis, sentence)


def has_purpose(analysis, level: Severity = Severity.WARNING, review: bool = True,
                floor: float = MODEL_FLOOR) -> bool:
    """Does any sentence serve a permitted purpose (or ask for a review, when `review`) at
    `level` or above, in the model's view? At the error level the score must also reach
    `floor`."""
    if not enabled(analysis):
        return False
    wanted = PURPOSES | {"review-request"} if review else PURPOSES
    for s in read(analysis):
        for name in wanted:
            got = s.level(name)
            if got is not None and level is Severity.WARNING:
                return True
            if got is Severity.ERROR and s.score(name) >= floor:
                return True
    return False


def request_sentences(analysis) -> set[int]:
    """Indexes (in the phrase view) of body sentences the model reads as a review request at
    the intent's warn threshold or above."""
    if not enabled(analysis):
        return set()
    view = phrase_view.view(analysis)
    return {view.sentence_index(s.start) for s in read(analysis)
            if s.where == "text" and s.level("review-request") is not None}


def _pleasantry(analysis, sentence: Sentence) -> bool:
    """Does the sentence hold thanks, a greeting, good wishes or an offer of help (purpose.toml
    [pleasantry])?"""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    return view.found_in(phrases.load("purpose")["pleasantry"], view.sentence_index(sentence.start))


def _check_in(analysis, sentence: Sentence) -> bool:
    """Is the sentence an arrival check-in ("did it arrive safely?", purpose.toml [checkin])
    that no permitted purpose reads confidently? POLICY_READING lists check-ins under C202;
    the heads split such a question between courtesy and "information the order needs"
    (0.52 / 0.73 for "ist die Gießkanne gut bei Ihnen angekommen?"), since a question to the
    buyer is usually the order's. A delivery that is over needs no information."""
    if sentence.where != "text" or sentence.scores is None:
        return False
    if any(sentence.level(name) is Severity.ERROR and (
            name not in _CHECK_IN_SPLIT or sentence.score(name) >= MODEL_FLOOR)
            for name in PURPOSES):
        return False
    view = phrase_view.view(analysis)
    return view.found_in(phrases.load("purpose")["checkin"], view.sentence_index(sentence.start))


# The purposes the heads split an arrival check-in into: "information the order needs" for the
# question, a fulfilment problem for "arrived safely" (0.83 for "we hope your parcel arrived
# safely and the mug is already on your desk"). Below MODEL_FLOOR they do not outweigh the
# check-in's wording; any other purpose at its error threshold does.
_CHECK_IN_SPLIT = frozenset(("purpose-order-info", "purpose-fulfilment-problem"))


def courtesy_only(analysis) -> Sentence | None:
    """The courteous sentence when the message, read by the model, is only courtesy.

    Only courtesy means (POLICY_READING's C202: thanks, welcome notes, check-ins, seasonal
    greetings fire however they are worded): a sentence reads confidently (at the error
    threshold) as courtesy-only, and no sentence reads, even weakly, as anything else, a
    permitted purpose or a review request included; but a weak reading (between warn and
    error) of a sentence made of pleasantries ("cheers for picking us for order ...") is no
    purpose. An arrival check-in ("did it arrive safely?") that reads as an order notice is
    courtesy too: a delivery that is over is no announcement (`_dispatch_as_context`)."""
    if not enabled(analysis) or analysis.message.kind != "proactive":
        return None
    best = checked_in = None
    view = phrase_view.view(analysis)
    advice = phrases.load("purpose")["advice"]
    for s in read(analysis):
        if s.where == "text" and view.found_in(advice, view.sentence_index(s.start)):
            return None  # usage advice: O105's case, not courtesy (POLICY_READING)
        courteous = _pleasantry(analysis, s)
        if _check_in(analysis, s):
            # courtesy whatever the heads split it into (see _check_in); it names the
            # message's courtesy when no sentence reads as courtesy at the error threshold
            if checked_in is None:
                checked_in = s
            continue
        if s.scores is not None and purpose_mass(s) >= PURPOSE_MASS and (
                not courteous or any(s.level(name) for name in PURPOSES)
                and max(s.score(name) for name in PURPOSES) > s.score("courtesy-only")):
            # split between two purposes, each just under its warn threshold; in a sentence
            # with a pleasantry ("Hi Maria, the varnish needs two more days, so it ships
            # Friday") one of them must also reach its own warn threshold and outweigh the
            # courtesy ("we're thrilled you chose one of ours for order ... and can't wait for
            # you to start strumming": courtesy 0.68, a fulfilment problem 0.59)
            return None
        for name, _score in s.intents(warn=True):
            if name in ("courtesy-only", "link-needed-for-order"):
                continue
            if name == "promotion":
                continue  # no permitted purpose: C203 says what is wrong with it, beside C202
            if name == "order-or-dispatch-confirmation" and _dispatch_as_context(analysis, s):
                continue
            if courteous and s.level(name) is Severity.WARNING:
                continue
            if name in _REVIEW_INTENTS and _courtesy_outweighs(analysis, s, name):
                continue
            if name == "order-or-dispatch-confirmation" and _outweighed_notice(analysis, s):
                continue
            return None
        if s.where == "text" and s.level("courtesy-only") is Severity.ERROR and (
                best is None or s.score("courtesy-only") > best.score("courtesy-only")):
            best = s
    return best or checked_in


_REVIEW_INTENTS = ("review-request", "rating-steer", "review-gate", "value-for-review",
                   "review-change")


def _courtesy_outweighs(analysis, sentence: Sentence, name: str) -> bool:
    """Is this weak (warn-level) review reading of the sentence noise beside its courtesy?
    "Per una piccola bottega come la nostra è una bella soddisfazione" reads courtesy-only 0.72
    (error) and a review request 0.53; "It is a great joy for our small family workshop when
    our vises go to fishermen in other countries" reads rating-steer 0.65 in a message that
    names no review. A shop's pride or gratitude sounds like the appeals that steer a review,
    but with no review in sight, or weaker than the courtesy said in the same sentence, it is
    courtesy (POLICY_READING's C202). Purposes are never skipped this way: a weak delay
    reading beside thanks may be the message's real purpose."""
    from policy.intent.compose import _review_named_within

    if sentence.level(name) is not Severity.WARNING:
        return False
    if sentence.level("courtesy-only") is Severity.ERROR \
            and sentence.score("courtesy-only") > sentence.score(name):
        return True
    return name != "review-request" and not _review_named_within(analysis, sentence, 10_000)


# "The glaze needs two more days in the kiln, so it goes out Thursday, not Tuesday" is a delay
# (fulfilment problem) and a new delivery date (scheduling) at once, and the heads split it:
# 0.51 and 0.50, each just under or at its warn threshold. Read as "some permitted purpose",
# the chance that it is at least one of them, 1 - (1 - 0.51)(1 - 0.50), is 0.75.
PURPOSE_MASS = 0.75


def reads_purpose(analysis) -> bool:
    """Does the model read a permitted purpose somewhere: a sentence at a purpose's error
    threshold, or split between purposes (PURPOSE_MASS)? The stock-thanks pattern of C202
    asks this before it fires: "Hi Maria, the varnish needs two more days, so it ships Friday
    instead of Wednesday" opens with a greeting, which made the whole sentence a pleasantry
    to the pattern, and the thanks for patience after it looked like thanks alone."""
    if not enabled(analysis):
        return False
    for s in read(analysis):
        if s.scores is None or _check_in(analysis, s):
            continue
        if any(s.level(name) is Severity.ERROR for name in PURPOSES):
            return True
        if purpose_mass(s) >= PURPOSE_MASS:
            return True
    return False


def purpose_mass(sentence: Sentence) -> float:
    """The chance, by the heads' scores taken as independent, that the sentence serves at
    least one permitted purpose."""
    miss = 1.0
    for name in PURPOSES:
        miss *= 1.0 - sentence.score(name)
    return 1.0 - miss


def _outweighed_notice(analysis, sentence: Sentence) -> bool:
    """Is this sentence's dispatch reading below MODEL_FLOOR, in a message that reads only as
    notice and courtesy (`notice_or_courtesy`) where courtesy is the stronger reading? Then
    C201 stays silent and the message is courtesy ("orders like yours are why we do this")."""
    from policy.intent.compose import plain_notice

    score = sentence.score("order-or-dispatch-confirmation")
    if score >= MODEL_FLOOR or plain_notice(analysis, sentence):
        return False
    _notice, courtesy = notice_or_courtesy(analysis)
    return courtesy is not None and score_of(courtesy, "courtesy-only") > score
