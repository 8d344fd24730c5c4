#!/usr/bin/python3
"""Run the standard scikit-learn text pipeline on the folds of `stance eval`
and write the reference that eval/sklearn_pipeline_test.go checks.

Regenerate from the module root with Debian's scikit-learn (apt-get install
python3-sklearn; the pyenv python3 first on PATH lacks it):

    go run ./scripts/folds | /usr/bin/python3 scripts/sklearn_pipeline.py > eval/testdata/sklearn_pipeline.json

The input is the document scripts/folds writes: the shipped corpus and its
leave-one-article-out folds under both leakage modes ("guard" drops
near-duplicates of the held-out article from training, "keep" does not).
For each mode and each target (stance, sentiment) and each fold, the script
fits

    make_pipeline(CountVectorizer(ngram_range=(1, 2)), MultinomialNB())

on the fold's training texts and labels, predicts the fold's test texts, and
pools the predictions over folds, so every record is predicted once, by the
model that did not see its article. Per mode and target it records:

- labels, polar: the target's labels in codebook order and its polar pair
- predictions: the pooled predicted labels, in record order
- precision, recall, f1, support: precision_recall_fscore_support per class
  (labels given, zero_division=0)
- accuracy: accuracy_score
- macro_f1, weighted_f1: f1_score(labels=..., average='macro'|'weighted',
  zero_division=0)
- f_avg: the mean of the per-class F1 of the polar pair (SemEval-2016)
- kappa: cohen_kappa_score(labels=...); null where scikit-learn gives NaN,
  for which eval.Scores documents 0
- mcc: matthews_corrcoef

and, once: the scikit-learn version, the near-duplicate threshold, the
number of records, each fold's article and sizes (for the message when the
fixture is stale), and folds_sha256, the SHA-256 of the input bytes. The Go
test encodes the folds as scripts/folds does and compares the hash, so a
change to the corpus, the splitting or the guard fails it until the fixture
is regenerated.

Keys are sorted and floats written as Python's repr, which round-trips to
the same float64, so the same input and scikit-learn version give the same
bytes.
"""

import hashlib
import json
import math
import sys

import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    f1_score,
    matthews_corrcoef,
    precision_recall_fscore_support,
)
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

PIPELINE = "make_pipeline(CountVectorizer(ngram_range=(1, 2)), MultinomialNB())"

# Labels in codebook order and the polar pair, as labels.Target gives them.
TARGETS = {
    "stance": (["obstacle", "opening", "neutral"], ["obstacle", "opening"]),
    "sentiment": (["negative", "neutral", "positive"], ["negative", "positive"]),
}
MODES = ["guard", "keep"]


def pipeline():
    return make_pipeline(CountVectorizer(ngram_range=(1, 2)), MultinomialNB())


def check_folds(mode, folds, records):
    """Fail unless folds are leave-one-article-out over records: every
    record tested exactly once, with its own article, and never trained on
    in the fold that tests it."""
    tested = [0] * len(records)
    for f in folds:
        train, test = set(f["train"]), set(f["test"])
        where = "%s fold %s" % (mode, f["article"])
        if not train:
            sys.exit("sklearn_pipeline: %s: no training sentences" % where)
        if train & test:
            sys.exit("sklearn_pipeline: %s: records %s both train and test"
                     % (where, sorted(train & test)))
        if len(train) + len(test) + f["dropped"] != len(records):
            sys.exit("sklearn_pipeline: %s: %d train + %d test + %d dropped != %d records"
                     % (where, len(train), len(test), f["dropped"], len(records)))
        for i in test:
            if records[i]["article"] != f["article"]:
                sys.exit("sklearn_pipeline: %s: tests record %d of article %s"
                         % (where, i, records[i]["article"]))
            tested[i] += 1
    if any(n != 1 for n in tested):
        sys.exit("sklearn_pipeline: %s: records tested other than once: %s"
                 % (mode, [i for i, n in enumerate(tested) if n != 1]))


def predict(folds, texts, gold):
    """Pooled held-out predictions, in record order."""
    pred = [None] * len(texts)
    for f in folds:
        model = pipeline().fit([texts[i] for i in f["train"]], [gold[i] for i in f["train"]])
        for i, p in zip(f["test"], model.predict([texts[i] for i in f["test"]])):
            pred[i] = str(p)
    return pred


def scores(labels, polar, gold, pred):
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, zero_division=0)
    kappa = cohen_kappa_score(gold, pred, labels=labels)
    return {
        "labels": labels,
        "polar": polar,
        "predictions": pred,
        "precision": [float(v) for v in precision],
        "recall": [float(v) for v in recall],
        "f1": [float(v) for v in f1],
        "support": [int(v) for v in support],
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)),
        "f_avg": float((f1[labels.index(polar[0])] + f1[labels.index(polar[1])]) / 2),
        "kappa": None if math.isnan(kappa) else float(kappa),
        "mcc": float(matthews_corrcoef(gold, pred)),
    }


def main():
    data = sys.stdin.buffer.read()
    if not data.strip():
        sys.exit("sklearn_pipeline: no input; pipe in the output of: go run ./scripts/folds")
    doc = json.loads(data)
    records = doc["records"]
    texts = [r["text"] for r in records]
    out = {
        "generator": "scripts/sklearn_pipeline.py",
        "pipeline": PIPELINE,
        "sklearn_version": sklearn.__version__,
        "folds_sha256": hashlib.sha256(data).hexdigest(),
        "threshold": doc["threshold"],
        "records": len(records),
        "folds": {},
        "results": {},
    }
    for mode in MODES:
        folds = doc[mode]
        check_folds(mode, folds, records)
        out["folds"][mode] = [
            {"article": f["article"], "n_train": len(f["train"]), "n_test": len(f["test"]),
             "dropped": f["dropped"]}
            for f in folds
        ]
        out["results"][mode] = {}
        for target, (labels, polar) in TARGETS.items():
            gold = [r[target] for r in records]
            pred = predict(folds, texts, gold)
            out["results"][mode][target] = scores(labels, polar, gold, pred)
    sys.stdout.write(dumps(out, ""))
    sys.stdout.write("\n")


def dumps(v, indent):
    """Like json.dumps(v, indent=1, sort_keys=True), but a list of numbers
    or strings stays on one line."""
    inner = indent + " "
    if isinstance(v, dict):
        items = [inner + json.dumps(k) + ": " + dumps(v[k], inner) for k in sorted(v)]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list) and any(isinstance(x, (list, dict)) for x in v):
        items = [inner + dumps(x, inner) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(v, allow_nan=False)


if __name__ == "__main__":
    main()
