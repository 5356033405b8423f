"""Sentence intents: what each sentence of a message does, read by a small multilingual model.

Why a model: phrase lists know only the wordings they were written from, and sellers have
endless others. Every sentence of the subject and the body gets scores for the intents of a
fixed inventory (`inventory.py`, docs/intents.md); `compose.py` turns them, with the message's
kind and context, into findings of the content rules, beside the phrase patterns.

The path from a finding back to its reasons, for "why did C205 fire?":

    rule (policy/rules/review_rules.py)
      -> composition (compose.findings: which intent, which threshold, which context)
      -> the sentence's intents and scores (compose.read; `bsm-guard check --explain`)
      -> the nearest training sentences (explain.nearest; policy/data/intents/train/)

Parts: `encoder.py` (the sentence encoder, cached, one BLAS thread), `heads.py` (the trained
logistic heads, numpy only), `train.py` (rebuilds the heads: `python -m policy.intent.train`),
`import_authors.py` and `label_corpus.py` (build the training data), `advice.py` (what to
write instead), `explain.py` (the explanation).
"""
