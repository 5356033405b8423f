"""Readings that depend on where a sentence stands in the message, not on its score alone.

Why a module of its own: `compose.findings` judges one sentence against its intent's
thresholds. Some violations are only confident once the sentence is seen in its message or
beside its other readings: a threat built over two sentences or a shaming that reads as
hostile before anything else (C213), a plug added after the message's real content (C203), a
thing of value named in the very sentence that asks for the review (C204). Each reading here
is an error only when the sentence's own score and its place in the message agree, and each
condition is relative to the intent's own thresholds (thresholds.json) or to the sentence's
other readings, so it holds when retrained heads shift the scores a little.
"""

from __future__ import annotations

from policy import phrase_view, phrases
from policy.intent.compose import Reading, Sentence, read
from policy.intent.inventory import IDS, PURPOSES
from policy.report import Severity

# `hostile` is the one head whose warn and error thresholds are the same (single apologies and
# firm policy statements read high on the development split), so one sentence alone is
# rarely enough. A threat or a shaming builds up over two sentences ("we know what is going on
# here ... you will regret it"). Hence: the two strongest sentences together reach
# HOSTILE_PAIR times the head's warn threshold, and the stronger of them PAIR_LEAD of it
# (two lukewarm readings, "say whatever you actually think of it", are no threat). Chosen
# again in session 11, when the n-gram evidence moved the scores and warn fell from 0.85 to
# 0.78: across the 7,834 development messages with two judged sentences, 1.5 and 0.85 (1.17
# and 0.66) fire on 245, all but one labelled C213 (that one also reads hostile alone), and
# the pair alone finds 9 C213 messages and no other; the old 1.4 and 0.8 found 13 and two
# compliant ones (a neutral review request whose "other shoppers read those, and so do we"
# read 0.66, and a refund for a broken drone).
HOSTILE_PAIR = 1.5
PAIR_LEAD = 0.85


# A sentence whose strongest reading is hostile, at this share of the head's warn threshold
# (0.76 today), is hostile on its own: shaming ("you should be ashamed") or a threat to expose
# the buyer ("other sellers will know your name"). Chosen as 0.9 when warn was 0.85: across
# the eleven development sets then, 27 sentences read as hostile first at 0.75 or more, all in
# messages labelled C213, and none of a message not labelled C213 above 0.73. When the n-gram
# evidence lowered warn to 0.78 (session 11) the share stayed and the bar fell to 0.70 unseen:
# calm sentences read 0.70-0.76 as hostile first ("Sta a lei decidere se farlo e cosa
# scrivere", "People always ask about the sound before they buy") and blocked 5 compliant
# development replies. 0.98 puts the bar back at 0.76: those 5 and 5 extra C213s on other
# violations go, and 4 threats or shamings that read 0.71-0.76 are no longer found this way.
HOSTILE_ALONE = 0.98


def hostile_alone(analysis) -> list[Reading]:
    """Sentences that read as hostile before anything else, at HOSTILE_ALONE of the warn
    threshold, unless the message is an apology that leans hostile nowhere else
    (`_apology_around`)."""
    k = IDS.index("hostile")
    found = [Reading(s, "hostile", s.score("hostile"), Severity.ERROR) for s in read(analysis)
             if s.scores is not None and _strongest(s) == "hostile" and not _short(s)
             and s.score("hostile") >= HOSTILE_ALONE * float(s.warn[k])]
    if len(found) == 1 and _apology_around(analysis, found[0].sentence):
        return []
    return found


# How calm the rest of an apologising message must be, as a share of the hostile warn
# threshold: the two fresh replies that apologise and leave one sentence read as hostile
# ("you are right to be upset", 0.79) lean 0.29 and 0.12 elsewhere.
CALM_ELSEWHERE = 0.5


def _apology_around(analysis, lone: Sentence) -> bool:
    """Does the seller apologise (sensitive.toml [apology]) in another sentence, or open a
    sentence, this one included, with empathy ([empathy]), in a message that deals with the
    order (`_REMEDIES`) and is calm everywhere else? A remedy said warmly ("please keep it, or pass it on to someone who
    can use it", read 0.77) then is no threat; a swear word or a listed shaming (content.py)
    still counts on its own."""
    view = phrase_view.view(analysis)
    mine = view.sentence_index(lone.start) if lone.where == "text" else -1
    sets = phrases.load("sensitive")
    apologies = {view.sentence_index(s) for s, _ in sets["apology"].finditer(view)} - {mine}
    apologies |= {view.sentence_index(s) for s, _ in sets["empathy"].finditer(view)}
    if not apologies:
        return False
    k = IDS.index("hostile")
    calm = CALM_ELSEWHERE * float(lone.warn[k])
    others = [s for s in read(analysis) if s.scores is not None and s is not lone]
    remedy = any(s.level(name) is Severity.ERROR for s in others for name in _REMEDIES)
    return remedy and all(s.score("hostile") < calm for s in others)


# The apologising message must also deal with the order: a replacement, a refund or a return
# read confidently in another sentence. "I understand that you are upset. But if you post
# that review, every seller will know your name" has nothing else to say.
_REMEDIES = ("purpose-fulfilment-problem", "purpose-return")


# A sentence this short gives the head too little to read: a care instruction in a reply, "Do
# not twist it.", read 0.79 as hostile first. Below the head's own threshold, a short sentence
# needs a second hostile one (`hostile_pair`) or a listed wording (content.py).
SHORT_WORDS = 5


def _short(sentence: Sentence) -> bool:
    from policy.intent.compose import _CJK, _LETTERS

    if _CJK.search(sentence.text):
        return len(_CJK.findall(sentence.text)) < 3 * SHORT_WORDS
    return len(_LETTERS.findall(sentence.text)) < SHORT_WORDS


def hostile_readings(analysis) -> list[Reading]:
    """C213 from the message's shape when no sentence reads hostile at the threshold: a
    sentence read as hostile first (`hostile_alone`), two that together do (`hostile_pair`),
    or a threat under a condition, read in its clause (`clauses.hostile_clauses`)."""
    from policy.intent.clauses import hostile_clauses

    from policy.intent.compose import privacy_note

    pair = hostile_pair(analysis)
    out = hostile_alone(analysis) or ([pair] if pair else [])
    out = [r for r in out if not privacy_note(analysis, r.sentence)]
    if not out:
        out = hostile_clauses(analysis)  # "if you ..., we will publish your name"
        if len(out) == 1 and _apology_around(analysis, out[0].sentence):
            out = []
    return out


def hostile_pair(analysis) -> Reading | None:
    """The most hostile sentence, when the message's two most hostile sentences together
    read as hostile (see HOSTILE_PAIR); its confidence is the pair's mean score."""
    judged_ = sorted((s for s in read(analysis) if s.scores is not None),
                     key=lambda s: -s.score("hostile"))
    if len(judged_) < 2:
        return None
    first, second = judged_[0], judged_[1]
    k = IDS.index("hostile")
    total = first.score("hostile") + second.score("hostile")
    if total < HOSTILE_PAIR * float(first.warn[k]):
        return None
    if first.score("hostile") < PAIR_LEAD * float(first.warn[k]):
        return None  # two lukewarm readings ("say whatever you actually think of it")
    return Reading(first, "hostile", total / 2, Severity.ERROR)


def _strongest(sentence: Sentence) -> str:
    """The intent this sentence reads as most strongly."""
    return IDS[int(sentence.scores.argmax())]


def promotion_in_passing(analysis) -> list[Reading]:
    """Sentences that promote in passing after the message's real content (C203).

    POLICY_READING's C203 covers other or new products and store visits however they are
    worded, also as an aside ("Also, our winter blends come out next week"). Alone, such a
    sentence rarely reaches MODEL_FLOOR, since a product is named without a coupon or a
    call to buy. Its shape makes it confident: promotion is the sentence's strongest reading,
    at or above the intent's warn threshold (its error threshold in a reply), and it follows
    the content the message is for (a sentence read confidently as a permitted purpose or a
    review request; in a reply, the answer before it). Across the eleven development sets, 58 of the 59 sentences of this
    shape were in messages labelled C203; the other points to "the full guide on our site"
    after an invoice, in a message that C209 blocks anyway."""
    body = [s for s in read(analysis) if s.where == "text" and s.scores is not None]
    reply = analysis.message.kind == "reply"
    content = PURPOSES | {"review-request"}
    out, seen_content = [], False
    # In a reply the "content" may itself name the product or part the buyer asked about
    # (POLICY_READING: answering about coupons or accessories is no promotion), so there only
    # a confident reading counts; after a proactive message's purpose a warn reading does.
    wanted = Severity.ERROR if reply else Severity.WARNING
    view = phrase_view.view(analysis)
    declined = {view.sentence_index(s)
                for s, _ in phrases.load("marketing")["declined"].finditer(view)}
    before: list[Sentence] = []
    for s in body:
        level = s.level("promotion")
        if (seen_content and level is not None and (level is Severity.ERROR or wanted is
                                                     Severity.WARNING)
                and _strongest(s) == "promotion"
                and view.sentence_index(s.start) not in declined  # "we don't do discounts"
                and not _substitute(s, before[-SUBSTITUTE_REACH:])):
            out.append(Reading(s, "promotion", s.score("promotion"), Severity.ERROR))
        seen_content = seen_content or reply or any(
            s.level(name) is Severity.ERROR for name in content)
        before.append(s)
    return out


# How far back the problem may stand from the substitute offered for it: "a scratch was found
# on the board before dispatch. Could you choose one of the following? 1. the same model in
# navy, sent today" has the choice's question between the two.
SUBSTITUTE_REACH = 2


def _substitute(sentence: Sentence, before: list[Sentence]) -> bool:
    """Is this "plug" the alternative to an item that cannot be sent? Shortly after a sentence
    read as a fulfilment problem ("the mustard one is out of stock until January"; a scratch
    found before dispatch, 0.61, warn 0.53) or asking the buyer to choose (`_choice_asked`),
    "I have the same in sage green, same price" offers a substitute for the order (INTENTS: a
    replacement being sent is the problem's purpose), unless it reads as promotion at
    MODEL_FLOOR."""
    from policy.intent.compose import MODEL_FLOOR

    return ((any(s.level("purpose-fulfilment-problem") is not None for s in before)
             or bool(before) and _choice_asked(before[-1]))
            and sentence.score("promotion") < MODEL_FLOOR)


def _choice_asked(sentence: Sentence) -> bool:
    """A question the order needs, read confidently ("次のどちらかをお選びいただけますでしょうか",
    order information 0.92): the sentence right after it is an option offered, not a plug.
    Only right after: "Do you want speckles or streaks? A one-word answer is fine. Oh, and our
    autumn colours go live next week" plugs after the question is done."""
    return (sentence.level("purpose-order-info") is Severity.ERROR
            and sentence.text.rstrip().endswith(("?", "？", "か。", "か")))


# How weak a value-for-review reading may be, as a share of the intent's warn threshold, and
# still tie the thing of value named in the asking sentence to the review. "Leave a review
# and your next order is 15% cheaper" reads as a confident request with the exchange only
# half-seen (0.33-0.46 against a warn threshold of 0.5 today).
VALUE_SHARE = 0.5


def value_in_request(analysis) -> list[Reading]:
    """Sentences that ask for a review and name a thing of value in the same breath (C204).

    POLICY_READING's C204: anything of value tied to a review, however vague. When the
    sentence that asks for the review (the model's confident review-request reading) also
    names something of value (review_incentive.toml [value], or a discount on a future
    purchase, marketing.toml [future_discount]) and the model sees an exchange at least
    weakly (VALUE_SHARE of the warn threshold), the value is the reward, unless the sentence
    reads more strongly as a return (a free return label the buyer is owed) or as steering
    (a review as "a gift to us"). Across the eleven development sets 69 of the 70 sentences
    of this shape were labelled C204 (the other, a free return label, was already a finding).
    Value in words no list has ("a spare spool will find its way into your next parcel, on
    us") is read by the clause concepts instead: `clauses.exchange_in`."""
    out = _value_after_request(analysis)
    out += [r for r in _reward_for_proof(analysis)
            if r.sentence.start not in {o.sentence.start for o in out}]
    view = phrase_view.view(analysis)
    values = phrases.load("review_incentive")["value"].finditer(view)
    values += phrases.load("marketing")["future_discount"].finditer(view)
    taken = {r.sentence.start for r in out}
    valued = {view.sentence_index(s) for s, _ in values}
    k = IDS.index("value-for-review")
    from policy.intent.clauses import exchange_in

    for s in read(analysis):
        if s.start in taken or s.where != "text" or s.scores is None:
            continue
        value = s.score("value-for-review")
        if max(s.score("purpose-return"), s.score("rating-steer")) > value:
            continue
        asks = s.level("review-request") is Severity.ERROR
        if asks and view.sentence_index(s.start) in valued \
                and value >= VALUE_SHARE * float(s.warn[k]):
            out.append(Reading(s, "value-for-review", value, Severity.ERROR))
            continue
        offered = exchange_in(analysis, s, asks)
        if offered:
            out.append(Reading(s, "value-offered", offered, Severity.ERROR))
    return out


def _reward_for_proof(analysis) -> list[Reading]:
    """A review asked for with proof of it ("shoot me a note when it's up", "mandami pure il
    link") and a thing of value named in the same sentence or the next ("I'll mail you a set
    of spare jaws, on the house"): the proof is asked for so that the reward can follow. The
    ask is a request phrase, the model's review-request reading at warn, or "a few words"
    (review_incentive.toml [few_words]); the proof, in the asking sentence or the next, is
    [back_reference]; the value [value]. The model reads
    the reward sentence alone as a delivery or as nothing (0.1-0.4), since it names no review."""
    from policy.rules.review import review_request_matches

    view = phrase_view.view(analysis)
    incentive = phrases.load("review_incentive")
    pointing = {view.sentence_index(s) for s, _ in incentive["back_reference"].finditer(view)}
    if not pointing:
        return []
    valued = {view.sentence_index(s) for s, _ in incentive["value"].finditer(view)}
    if not valued:
        return []
    asked = {view.sentence_index(s) for s, _ in review_request_matches(analysis)}
    # the model's reading at warn is enough here: proof and value beside it make the exchange
    asked |= {view.sentence_index(s.start) for s in read(analysis)
              if s.where == "text" and s.level("review-request") is not None}
    asked |= {view.sentence_index(s) for s, _ in incentive["few_words"].finditer(view)}
    by_index = {view.sentence_index(s.start): s for s in read(analysis) if s.where == "text"}
    out = []
    for index in sorted(asked):
        if not pointing & {index, index + 1}:
            continue
        for at in (index, index + 1):
            sentence = by_index.get(at)
            if at in valued and sentence is not None and sentence.scores is not None \
                    and sentence.score("purpose-return") < 0.5:
                ask = by_index.get(index)
                sure = ask.score("review-request") if ask is not None else 0.0
                out.append(Reading(sentence, "value-offered", max(sure, 0.5), Severity.ERROR))
                break
    return out


def _value_after_request(analysis) -> list[Reading]:
    """The sentence right after a confident review request, read first as value-for-review
    at VALUE_SHARE of its warn threshold or more (C204): the exchange said in the next breath
    ("... everyone who does gets our recipe pack", "just send a screenshot once it's posted"),
    where the reward or the proof of the review completes the ask. No value words are needed,
    but the sentence must point back at the review (review_incentive.toml [back_reference]):
    "to join our free recycling scheme, reply to this message" after a request also reads
    as value (0.52) and ties nothing to the review. Across the 28 development sets (13,995
    judged sentences) all 11 sentences read first as value right after an ask were in
    messages labelled C204; no sentence read this way right *before* an ask was."""
    view = phrase_view.view(analysis)
    pointing = {view.sentence_index(s)
                for s, _ in phrases.load("review_incentive")["back_reference"].finditer(view)}
    if not pointing:
        return []
    k = IDS.index("value-for-review")
    body = [s for s in read(analysis) if s.where == "text" and s.scores is not None]
    out = []
    for asked, s in zip(body, body[1:]):
        if view.sentence_index(s.start) not in pointing:
            continue
        if asked.level("review-request") is not Severity.ERROR:
            continue
        value = s.score("value-for-review")
        if value < VALUE_SHARE * float(s.warn[k]) or _strongest(s) != "value-for-review":
            continue
        out.append(Reading(s, "value-for-review", value, Severity.ERROR))
    return out
