#!/usr/bin/python3
"""Write the scikit-learn reference metrics that eval/metrics_test.go checks.

Regenerate from the module root with Debian's scikit-learn (apt-get install
python3-sklearn):

    /usr/bin/python3 scripts/sklearn_metrics.py > eval/testdata/sklearn_metrics.json

Every case is built deterministically: fixed lists, plus a few drawn from
random.Random(seed), so the same scikit-learn version writes the same bytes.
Each case records the label order, the polar pair, gold and predicted labels,
and scikit-learn's answers with labels given explicitly and zero_division=0:

- confusion: confusion_matrix(labels=...)
- precision, recall, f1, support: precision_recall_fscore_support per class
- accuracy: accuracy_score
- macro_f1, weighted_f1: f1_score(average='macro'|'weighted')
- kappa: cohen_kappa_score(labels=...); null where scikit-learn gives NaN
  (expected agreement 1, e.g. gold and predictions all one class), for which
  eval.Scores documents 0
- mcc: matthews_corrcoef (scikit-learn already gives 0 when undefined)
- f_avg: the mean of scikit-learn's per-class F1 of the two polar labels

Floats are written as Python's repr, which round-trips to the same float64.
"""

import json
import math
import random
import sys
import warnings

import sklearn
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    matthews_corrcoef,
    precision_recall_fscore_support,
)

STANCE = ["obstacle", "opening", "neutral"]
STANCE_POLAR = ["obstacle", "opening"]
SENTIMENT = ["negative", "neutral", "positive"]
SENTIMENT_POLAR = ["negative", "positive"]


def noisy(seed, labels, n, weights, p_correct):
    """Draw n gold labels by weights; keep each with p_correct, else draw a
    predicted label uniformly (which may still be right)."""
    rng = random.Random(seed)
    gold = rng.choices(labels, weights=weights, k=n)
    pred = [g if rng.random() < p_correct else rng.choice(labels) for g in gold]
    return gold, pred


def independent(seed, labels, n):
    """Gold and predictions drawn independently: kappa and MCC near 0, often
    below it."""
    rng = random.Random(seed)
    gold = [rng.choice(labels) for _ in range(n)]
    pred = [rng.choice(labels) for _ in range(n)]
    return gold, pred


def cases():
    """Yield (name, labels, polar, gold, pred) in a fixed order."""
    mixed = ["obstacle", "opening", "neutral", "neutral", "obstacle",
             "neutral", "opening", "obstacle", "neutral", "neutral"]
    yield "perfect", STANCE, STANCE_POLAR, mixed, list(mixed)

    rotate = {"obstacle": "opening", "opening": "neutral", "neutral": "obstacle"}
    yield "all_wrong", STANCE, STANCE_POLAR, mixed, [rotate[g] for g in mixed]

    yield ("never_predicted", STANCE, STANCE_POLAR,
           ["obstacle", "obstacle", "obstacle", "opening", "opening",
            "neutral", "neutral", "neutral"],
           ["obstacle", "obstacle", "neutral", "obstacle", "neutral",
            "neutral", "neutral", "neutral"])

    yield ("absent_from_gold", STANCE, STANCE_POLAR,
           ["obstacle", "obstacle", "neutral", "neutral", "neutral", "neutral"],
           ["obstacle", "opening", "neutral", "opening", "neutral", "obstacle"])

    # One wrong sentence: kappa is defined (0), unlike one right sentence.
    yield "single_sentence", STANCE, STANCE_POLAR, ["obstacle"], ["neutral"]

    # Gold and predictions all neutral: expected agreement is 1, so
    # scikit-learn's kappa is NaN (recorded as null); MCC is 0.
    yield ("single_class_agreement", STANCE, STANCE_POLAR,
           ["neutral"] * 4, ["neutral"] * 4)

    yield ("stance_3class", STANCE, STANCE_POLAR,
           ["obstacle", "obstacle", "obstacle", "obstacle", "obstacle",
            "opening", "opening", "opening", "opening",
            "neutral", "neutral", "neutral", "neutral", "neutral", "neutral",
            "neutral", "neutral", "neutral", "neutral", "neutral"],
           ["obstacle", "obstacle", "obstacle", "neutral", "opening",
            "opening", "opening", "neutral", "obstacle",
            "neutral", "neutral", "neutral", "neutral", "neutral", "neutral",
            "neutral", "obstacle", "obstacle", "opening", "neutral"])

    yield ("sentiment_3class", SENTIMENT, SENTIMENT_POLAR,
           ["negative", "negative", "negative", "negative", "negative",
            "negative", "neutral", "neutral", "neutral", "neutral",
            "neutral", "neutral", "neutral", "positive", "positive",
            "positive", "positive", "positive"],
           ["negative", "negative", "negative", "neutral", "neutral",
            "positive", "neutral", "neutral", "neutral", "neutral",
            "negative", "positive", "neutral", "positive", "positive",
            "neutral", "neutral", "negative"])

    gold, pred = noisy(1, STANCE, 100, [3, 2, 5], 0.6)
    yield "random_stance_100", STANCE, STANCE_POLAR, gold, pred

    gold, pred = noisy(2, SENTIMENT, 120, [5, 10, 2], 0.5)
    yield "random_sentiment_120", SENTIMENT, SENTIMENT_POLAR, gold, pred

    gold, pred = independent(3, STANCE, 97)
    yield "random_independent_97", STANCE, STANCE_POLAR, gold, pred


def nan_to_none(x):
    x = float(x)
    return None if math.isnan(x) else x


def record(name, labels, polar, gold, pred):
    prec, rec, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, average=None, zero_division=0)
    # cohen_kappa_score divides 0 by 0 when expected agreement is 1; the
    # NaN is recorded as null rather than silenced.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = cohen_kappa_score(gold, pred, labels=labels)
    f1s = dict(zip(labels, f1))
    return {
        "name": name,
        "labels": labels,
        "polar": polar,
        "gold": gold,
        "pred": pred,
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
        "precision": [float(x) for x in prec],
        "recall": [float(x) for x in rec],
        "f1": [float(x) for x in f1],
        "support": [int(x) for x in support],
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels,
                                   average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(gold, pred, labels=labels,
                                      average="weighted", zero_division=0)),
        "kappa": nan_to_none(kappa),
        "mcc": float(matthews_corrcoef(gold, pred)),
        "f_avg": (float(f1s[polar[0]]) + float(f1s[polar[1]])) / 2,
    }


def main():
    out = {
        "generator": "scripts/sklearn_metrics.py",
        "sklearn_version": sklearn.__version__,
        "cases": [record(*c) for c in cases()],
    }
    json.dump(out, sys.stdout, sort_keys=True, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
