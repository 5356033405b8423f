"""From sentence intents to rule findings: the one place where the model's reading of a
message becomes C201-C207, C209, C213 and O105.

Why here and not in each rule: a sentence's intents say what it does, not whether that is
allowed. Whether it is depends on the message: the kind (a reply may give tracking, a
proactive message may not), the context (an SP-API message type or an invoice attachment is a
purpose) and the other sentences (C202 and O105 are about what the whole message lacks). The
rules keep their phrase patterns as evidence and for precise spans, and ask this module what
the model adds: `findings(analysis, code)` for the sentence-level codes; what the whole message
is for (C202, O105: `courtesy_only`, `has_purpose`) is in `message_purpose.py`, C209's
`link_needed` in `link_context.py`.

Conservative by construction: an error needs an intent at or above its `error` threshold
(chosen on the development split for 90% precision on each pool); a score between `warn` and `error` is a
warning that says "may read as". The review codes also need the message to be about a review
at all, so a fact ("your refund has been processed") never turns into an incentive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from policy import phrase_view, phrases
from policy.intent.inventory import IDS, PURPOSES
from policy.report import Severity

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MIN_WORDS = 3  # shorter sentences ("Hi Sam,", "Best, Lea") cannot carry an intent we judge
MIN_CJK = 8  # a Japanese shop name or sign-off line ("さくら雑貨店") says nothing

# Codes where a weaker reading is worth a warning ("may read as steering the rating"); for the
# others a weak reading was mostly noise on the development split (apologies read as hostile,
# a shop's name as promotion), so the model speaks only when confident.
WARN_CODES = frozenset(("C204", "C205", "C206"))
# A decision the model makes alone about a whole message (a dispatch notice or promotion with
# no pattern, a purpose that silences O105, a link that passes C209) also needs this score:
# at the 90%-precision thresholds, care tips read as a purpose and "see our page" as a needed
# link often enough to matter on the unit tests' near-misses.
MODEL_FLOOR = 0.9
CODE_INTENT = {
    "C201": "order-or-dispatch-confirmation", "C203": "promotion", "C204": "value-for-review",
    "C205": "rating-steer", "C206": "review-gate", "C207": "review-change", "C213": "hostile",
}
READS_AS = {
    "review-request": "a review request", "value-for-review": "value offered for a review",
    "rating-steer": "steering the rating", "review-gate": "gating the review on satisfaction",
    "review-change": "a request to change a review", "courtesy-only": "courtesy only",
    "promotion": "promotion", "order-or-dispatch-confirmation": "an order or dispatch notice",
    "hostile": "hostile language", "link-needed-for-order": "a link the order needs",
    "satisfied-condition": "a request made to depend on the buyer being happy",
    "value-offered": "an offer of value made in the same breath as the request",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body ("text") or the subject, with its intent scores."""

    where: str
    start: int
    end: int
    text: str
    scores: np.ndarray | None  # None: too short to judge (greetings, names, order lines)
    error: np.ndarray
    warn: np.ndarray

    def score(self, intent: str) -> float:
        return 0.0 if self.scores is None else float(self.scores[IDS.index(intent)])

    def level(self, intent: str) -> Severity | None:
        if self.scores is None:
            return None
        k = IDS.index(intent)
        if self.scores[k] >= self.error[k]:
            return Severity.ERROR
        if self.scores[k] >= self.warn[k]:
            return Severity.WARNING
        return None

    def intents(self, warn: bool = True) -> list[tuple[str, float]]:
        """Intents at or above the warn (or error) threshold, strongest first."""
        if self.scores is None:
            return []
        limit = self.warn if warn else self.error
        found = [(IDS[k], float(s)) for k, s in enumerate(self.scores) if s >= limit[k]]
        return sorted(found, key=lambda p: -p[1])


def judged(text: str) -> bool:
    """Can this sentence matter? Too short ones, order-number lines and bare links are
    skipped (words are counted in the text the encoder would read)."""
    from policy.intent.encoder import normalize

    text = normalize(text).replace("https://link", "")
    if _CJK.search(text):
        return len(_CJK.findall(text)) >= MIN_CJK
    return len(_LETTERS.findall(text)) >= MIN_WORDS


def bare_order_reference(text: str) -> bool:
    """Is the sentence only a reference to the order ("Il tuo ordine 404-...", "Your order
    no. ...", "ご注文番号…について")? It says nothing, whatever the heads read in it: the
    subject "Il tuo ordine 404-8305016-4800970" read 0.63 as a dispatch notice (error 0.59)
    above an invoice sent on request. (Not part of `judged`: the shipped heads were trained
    with that filter, and changing it would change them.)"""
    if _CJK.search(text):
        return len(_CJK.findall(_ORDER_WORDS_JA.sub("", text))) < MIN_CJK
    return all(w.lower() in _ORDER_WORDS for w in _LETTERS.findall(text))


# The words of a bare order reference ("Your order no. ...", "Ihre Bestellung ...", "Re: votre
# commande ...").
_ORDER_WORDS = frozenset("""
    re aw rif réf ref about regarding your our the order no nr number id for
    ihre ihr deine dein unsere bestellung bestellnummer auftrag zu zur betreff bzgl
    votre ta notre commande numéro de concernant
    su tu nuestro pedido número sobre del
    il tuo suo vostro nostro ordine numero riguardo dell per
""".split())
_ORDER_WORDS_JA = re.compile(r"ご注文|注文|番号|について|の件|に関して|に関する|お問い合わせ")


def read(analysis) -> list[Sentence]:
    """Every sentence of the subject and the body with its scores (computed once per check)."""
    cached = analysis.__dict__.get("_intent_reading")
    if cached is not None:
        return cached
    from policy.intent import encoder, heads

    model = heads.load()
    spans = []
    if analysis.subject.strip() and not _quoted_subject(analysis):
        spans += [("subject", s, e, analysis.subject[s:e])
                  for s, e in phrase_view.split_sentences(analysis.subject)]
    view = phrase_view.view(analysis)
    spans += [("text", s, e, analysis.text[s:e]) for s, e in view.sentences]
    todo = [i for i, span in enumerate(spans) if judged(span[3])]
    scores: dict[int, np.ndarray] = {}
    if todo:
        with encoder.limit_threads():
            texts = [spans[i][3] for i in todo]
            for i, row in zip(todo, model.scores(encoder.encode(texts), texts)):
                scores[i] = row
    out = [Sentence(w, s, e, t, scores.get(i), model.error, model.warn)
           for i, (w, s, e, t) in enumerate(spans)]
    analysis.__dict__["_intent_reading"] = out
    return out


# "Re: Can I change my review?", "R:", "AW:", "Rif:", "Réf :", "返信:": a reply keeps the
# buyer's subject, so its words are the buyer's question, not the seller's request.
_REPLY_PREFIX = re.compile(r"^\s*(?:re|r|aw|antw|rif|réf|ref|res|sv|vs|返信|回复)\s*[:：]", re.IGNORECASE)


def _quoted_subject(analysis) -> bool:
    return (analysis.message.kind == "reply"
            and _REPLY_PREFIX.match(analysis.subject) is not None)


def enabled(analysis) -> bool:
    return analysis.config.intents


def _review_named_within(analysis, sentence: Sentence, distance: int) -> bool:
    """Is a review noun or review-request phrase at most `distance` sentences away?"""
    if sentence.where != "text":
        return False
    from policy.rules.review import review_request_matches

    view = phrase_view.view(analysis)
    index = view.sentence_index(sentence.start)
    spans = [*review_request_matches(analysis),
             *phrases.load("review_incentive")["noun"].finditer(view)]
    return any(abs(view.sentence_index(s) - index) <= distance for s, _ in spans)


def _about_review(analysis, sentence: Sentence) -> bool:
    """Is this sentence about a review? It names one (a review noun or request phrase in it or
    next to it), or the model reads the sentence itself confidently as a review request: at
    its error threshold when the message names a review somewhere, at MODEL_FLOOR when it
    names none ("once we receive it, we will send you a preview for your approval" read 0.71
    as a request and 0.64 as value for it, in a message about a nameplate's text)."""
    if _review_named_within(analysis, sentence, 1) or _sure_ask_beside(analysis, sentence):
        return True
    if sentence.level("review-request") is not Severity.ERROR:
        return False
    return (sentence.score("review-request") >= MODEL_FLOOR
            or _review_named_within(analysis, sentence, 10_000)
            or _opinion_named(analysis, sentence))


def _opinion_named(analysis, sentence: Sentence) -> bool:
    """Does a sentence the model reads as a review request name an opinion itself
    (review_request.toml [opinion_word])? "For a small producer like us, every good opinion is
    worth its weight in gold" read 0.89 as a request and 0.84 as steering, in a message whose
    ask ("write on Amazon how sharp the blade was") names no review noun."""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    return view.found_in(phrases.load("review_request")["opinion_word"],
                         view.sentence_index(sentence.start))


def _sure_ask_beside(analysis, sentence: Sentence) -> bool:
    """Is the body sentence right before or after this one read as a review request at
    MODEL_FLOOR? "Would you tell other parents on the book's page what you loved about it?"
    (0.90) names no review, yet "a few kind words go a long way for a tiny press like ours"
    after it is about that review."""
    if sentence.where != "text":
        return False
    body = [s for s in read(analysis) if s.where == "text"]
    at = next((i for i, s in enumerate(body) if s.start == sentence.start), None)
    if at is None:
        return False
    return any(0 <= j < len(body) and body[j].score("review-request") >= MODEL_FLOOR
               for j in (at - 1, at + 1))


def _names_review(analysis, sentence: Sentence) -> bool:
    """Does the sentence itself mention a review (a review noun or request phrase in it, or a
    review-request reading at warn)? "To join our free recycling scheme, reply to this message"
    after a review request reads weakly as value for a review (0.53), but nothing in it ties
    the scheme to the review; "as a thank-you you'll get a free refill" reads above 0.9."""
    return (sentence.level("review-request") is not None
            or _review_named_within(analysis, sentence, 0))


# A model-only finding of these codes gives way when the same sentence reads, at least as
# strongly, as one of these (an arrival check-in is no dispatch notice; a return label sent
# on request is a return, not a reward).
_YIELDS_TO = {
    "C201": ("courtesy-only", *sorted(PURPOSES)),
    "C204": ("purpose-return", "purpose-fulfilment-problem"),
    "C203": ("purpose-return", "purpose-fulfilment-problem"),
}


def _dispatch_as_context(analysis, sentence: Sentence) -> bool:
    """Is the order or dispatch mention in this sentence context rather than C201's
    announcement? It says the order has already arrived (confirmation.toml [arrived]: a
    delivery that is over leads in to what follows), or the same sentence names a permitted
    purpose ("sent in two parcels, so there are two invoices")."""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    index = view.sentence_index(sentence.start)
    return (view.found_in(phrases.load("confirmation")["arrived"], index)
            or view.found_in(phrases.load("purpose")["purpose_any"], index))


def privacy_note(analysis, sentence: Sentence) -> bool:
    """Does the sentence say what the seller can or cannot see of the buyer (sensitive.toml
    [privacy])? The hostile head learned "we know your name and address" as a threat, so "nous
    ne voyons que ... le nom de profil public que vous avez choisi" read 0.90 as hostile in a
    reply explaining reviews on request. Its model reading gives way; a swear word or a listed
    shaming still fires by its phrase."""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    return view.found_in(phrases.load("sensitive")["privacy"], view.sentence_index(sentence.start))


def _balanced(analysis, sentence: Sentence) -> bool:
    """Does the sentence invite either opinion ("positive or negative", review_persuasion.toml
    [balanced])? POLICY_READING reads that as neutral, so the model's steering or gating
    reading of the same sentence gives way."""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    pset = phrases.load("review_persuasion")["balanced"]
    index = view.sentence_index(sentence.start)
    if view.found_in(pset, index):
        return True
    # Beside the ask that invites either opinion, a model-only reading gives way too: "we are
    # a small workshop, so we care a lot how it plays" before "... an honest review, whatever
    # your opinion" is context for a neutral request (a steering phrase still fires).
    return any(view.found_in(pset, other) and other in _asking(analysis, view)
               for other in (index - 1, index + 1) if 0 <= other < len(view.sentences))


def _asking(analysis, view) -> set[int]:
    """Body sentences that ask for a review: a request phrase or the model's warn reading."""
    from policy.rules.review import review_request_matches

    asks = {view.sentence_index(s) for s, _ in review_request_matches(analysis)}
    return asks | {view.sentence_index(s.start) for s in read(analysis)
                   if s.where == "text" and s.level("review-request") is not None}


def _stars_not_a_rating(analysis, sentence: Sentence) -> bool:
    """Are the stars in this sentence a setting, a grade or a hotel's class ("réglez le
    grille-pain sur le niveau 5 étoiles"), review_persuasion.toml [persuasion]'s exceptions,
    with no request for a rating beside them? Then the model's steering reading gives way."""
    if sentence.where != "text":
        return False
    view = phrase_view.view(analysis)
    pset = phrases.load("review_persuasion")["persuasion"]
    index = view.sentence_index(sentence.start)
    start, end = view.sentences[index]
    for lang in view.languages:
        regex = pset.exceptions.get(lang)
        if regex is not None and regex.search(view.folded, start, end):
            return not view.found_in(pset, index)
    return False


@dataclass(frozen=True)
class Reading:
    """What the model adds for one code in one sentence."""

    sentence: Sentence
    intent: str
    confidence: float
    severity: Severity


# A change request read by the model alone, in a message that names no review anywhere (no
# review noun or request phrase), needs this score: "could you tell us whether the charging
# case is included in the return?" read 0.70 as one (error 0.67); "ti andrebbe di aggiungere
# due righe al tuo commento per dire che abbiamo risolto?" (a comment is a review in other
# words) read 0.86.
UNNAMED_CHANGE_FLOOR = 0.8


def findings(analysis, code: str) -> list[Reading]:
    """Sentences the model reads as violating `code` (C201, C203-C207, C213)."""
    if not enabled(analysis) or not analysis.text.strip() and not analysis.subject.strip():
        return []
    intent = CODE_INTENT[code]
    proactive = analysis.message.kind == "proactive"
    if code == "C201" and not proactive:
        return []  # a reply may give the tracking the buyer asked for
    out = []
    for s in read(analysis):
        level = s.level(intent)
        if level is None or bare_order_reference(s.text):
            continue
        score = s.score(intent)
        if any(s.score(other) >= score for other in _YIELDS_TO.get(code, ())):
            continue
        if code in ("C204", "C205", "C206") and not _about_review(analysis, s):
            continue
        if code == "C204" and score < MODEL_FLOOR and not _names_review(analysis, s):
            continue  # value beside a request, not in it: tied to the review only if sure
        if code == "C207" and score < UNNAMED_CHANGE_FLOOR and not _review_named_within(
                analysis, s, 10_000):
            continue  # "could you tell us whether the case is in the return?" read 0.70
        if code in ("C205", "C206") and _balanced(analysis, s):
            continue
        if code == "C205" and _stars_not_a_rating(analysis, s):
            continue
        if code == "C201" and _dispatch_as_context(analysis, s):
            continue
        if code == "C213" and privacy_note(analysis, s):
            continue
        if level is Severity.WARNING and code not in WARN_CODES:
            continue
        if code in ("C201", "C203", "C213") and score < MODEL_FLOOR and not (
                code == "C201" and level is Severity.ERROR and _clear_notice(s)):
            continue
        out.append(Reading(s, intent, score, level))
    # Readings confident by their place in the message (message_shape.py): a threat built
    # over two sentences or read as hostile first, a plug after the real content, value named
    # in the asking sentence.
    from policy.intent import message_shape as shape

    if code == "C213" and len(out) == 1 and shape._apology_around(analysis, out[0].sentence):
        return []  # "I understand you're frustrated ... we're not scammers ... we will refund"
    if code == "C213" and not out:
        out = shape.hostile_readings(analysis)
    if code in ("C203", "C204"):
        taken = {(r.sentence.where, r.sentence.start) for r in out}
        extra = shape.promotion_in_passing if code == "C203" else shape.value_in_request
        out += [r for r in extra(analysis) if (r.sentence.where, r.sentence.start) not in taken]
    if code in ("C204", "C205", "C206"):
        from policy.intent.clauses import clause_readings

        taken = {(r.sentence.where, r.sentence.start): r for r in out}
        for r in clause_readings(analysis, code):
            if code != "C204" and _balanced(analysis, r.sentence):
                continue
            old = taken.get((r.sentence.where, r.sentence.start))
            if old is None or old.severity is not Severity.ERROR:
                out = [x for x in out if x is not old] + [r]
    if code == "C201" and not out:
        from policy.intent.message_purpose import notice_or_courtesy, score_of

        notice, courtesy = notice_or_courtesy(analysis)
        if notice is not None and (notice.score(intent) > score_of(courtesy, "courtesy-only")
                                   or plain_notice(analysis, notice)):
            out = [Reading(notice, intent, notice.score(intent), Severity.ERROR)]
    # C201 is judged by purpose (POLICY_READING): a dispatch notice fires even beside a review
    # request or an attached invoice, but "your sofa ships Monday" leading in to a delivery
    # problem, a slot to book or a question about the order is context for that purpose.
    if out and code == "C201" and acts_on_order(analysis, exclude=[r.sentence for r in out]):
        return []
    return out


def plain_notice(analysis, sentence: Sentence) -> bool:
    """Is the sentence a notice and nothing else: read as one at the error threshold, before
    anything else, with no thanks or wishes in it (purpose.toml [pleasantry])? Then thanks
    elsewhere in the message ("Thanks for shopping with a tiny shop", courtesy 0.95) do not
    make it a thank-you note: POLICY_READING judges C201 by what the message announces, and
    thanks ride along with most notices ("your harmonica set is packed up and shipped!", 0.89)."""
    from policy.intent.message_purpose import _pleasantry

    return _reads_as_notice(sentence) and not _pleasantry(analysis, sentence)


# A dispatch reading below MODEL_FLOOR still names a notice when it outweighs every other
# reading of its sentence by this margin ("il tuo pacco è già in viaggio verso di te!" at 0.84,
# nothing else above 0.15): the floor is there for sentences torn between a notice and a
# purpose or courtesy, and `acts_on_order` still makes it context for a real purpose.
NOTICE_MARGIN = 0.5


def _clear_notice(sentence: Sentence) -> bool:
    k = IDS.index("order-or-dispatch-confirmation")
    others = np.delete(sentence.scores, k)
    return float(sentence.scores[k]) - float(others.max()) >= NOTICE_MARGIN


def _reads_as_notice(sentence: Sentence) -> bool:
    intent = "order-or-dispatch-confirmation"
    return (sentence.scores is not None and sentence.level(intent) is Severity.ERROR
            and IDS[int(sentence.scores.argmax())] == intent)


# The purposes for which an order or dispatch mention is context (C201's exceptions): the
# buyer must know or do something about this order. An invoice or a review request is a
# reason to write, but a dispatch notice beside one is still a dispatch notice.
ORDER_ACTIONS = tuple(sorted(PURPOSES - {"purpose-invoice"}))


def acts(sentence: Sentence, name: str) -> Severity | None:
    """The sentence's level for the order action `name`, None in a sentence that reads first,
    and confidently, as the dispatch notice itself ("il pacco con il carburatore ... è
    partito oggi con BRT": the notice 0.98, a fulfilment problem 0.72), and for a Home Services
    reading below MODEL_FLOOR that asks nothing: "Assembly takes about 15 minutes and all
    tools are in the box" reads 0.70 as a Home Services appointment (error 0.54) and is the
    tail of a dispatch notice, not an appointment to book."""
    level = sentence.level(name)
    if level is not None and _reads_as_notice(sentence):
        return None
    if (name == "purpose-home-services" and level is not None
            and sentence.score(name) < MODEL_FLOOR
            and not sentence.text.rstrip().endswith(("?", "？"))):
        return None
    return level


def acts_on_order(analysis, exclude=()) -> bool:
    """Does a sentence (other than `exclude`) read, at least at its warn threshold, as a
    purpose that acts on the order (`ORDER_ACTIONS`)? Warn, not error: this only lets a
    dispatch line be context for that purpose (no block), and a question such as "can you
    give us the door code for the driver?" is read as order info at 0.66 (error 0.78)."""
    skip = {(s.where, s.start) for s in exclude}
    return any(acts(s, name) is not None for s in read(analysis)
               if (s.where, s.start) not in skip for name in ORDER_ACTIONS)


def describe(sentence: Sentence) -> str:
    """"reads as steering the rating (0.93), a review request (0.88)" for messages."""
    parts = [f"{READS_AS.get(n, n.replace('-', ' '))} ({s:.2f})" for n, s in sentence.intents()]
    return ", ".join(parts) if parts else "nothing in particular"


def sentence_of(analysis, start: int | None, where: str = "text") -> Sentence | None:
    """The read sentence holding offset `start` of the text (or the subject)."""
    if start is None or not enabled(analysis):
        return None
    for s in read(analysis):
        if s.where == where and s.start <= start < max(s.end, s.start + 1):
            return s
    return None
