#!/usr/bin/python3
"""Write the scikit-learn naive Bayes reference that classify/sklearn_test.go checks.

Regenerate from the module root with Debian's scikit-learn (apt-get install
python3-sklearn; the pyenv python3 first on PATH lacks it):

    /usr/bin/python3 scripts/sklearn_nb.py > classify/testdata/sklearn_nb.json

The input is a fixed count matrix: 12 documents by 9 features, the feature
names already sorted (so column j is vocabulary id j in a classify.Model), and
3 classes given as indices 0, 1, 2 so that scikit-learn's classes_ keep the
codebook order obstacle, opening, neutral rather than sorting the names.
"neutral" has fewer documents than the others, "accord" is never seen with
obstacle and "veto" never with opening, so smoothing matters.

For each model the file records:

- variant: "multinomial" (MultinomialNB) or "complement" (ComplementNB with
  norm=False), alpha, and fit_prior (MultinomialNB only; false means a
  uniform prior)
- class_log_prior: class_log_prior_ (MultinomialNB only: ComplementNB does
  not use priors when there is more than one class)
- feature_log_prob: feature_log_prob_, class by feature
- predict_proba: predict_proba of each test count vector

Floats are written as Python's repr, which round-trips to the same float64.
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.naive_bayes import ComplementNB, MultinomialNB

FEATURES = ["accord", "attack", "ceasefire", "deal", "sanction", "summit",
            "talks", "threat", "veto"]
CLASSES = ["obstacle", "opening", "neutral"]

# Rows are documents, columns FEATURES; Y gives each document's class index.
X = [
    # obstacle: 5 documents, never "accord"
    [0, 2, 0, 0, 1, 0, 1, 1, 1],
    [0, 1, 0, 0, 2, 0, 0, 1, 0],
    [0, 0, 1, 0, 1, 0, 1, 2, 1],
    [0, 1, 0, 1, 0, 0, 0, 1, 2],
    [0, 0, 0, 0, 1, 1, 1, 0, 0],
    # opening: 4 documents, never "veto"
    [1, 0, 1, 2, 0, 1, 1, 0, 0],
    [2, 0, 1, 1, 0, 0, 2, 0, 0],
    [0, 0, 2, 1, 0, 1, 1, 0, 0],
    [1, 1, 0, 1, 0, 2, 0, 0, 0],
    # neutral: 3 documents
    [0, 0, 0, 0, 0, 1, 2, 0, 0],
    [1, 0, 0, 0, 1, 0, 1, 0, 1],
    [0, 1, 1, 0, 0, 1, 1, 0, 0],
]
Y = [0] * 5 + [1] * 4 + [2] * 3

# Count vectors to classify: typical, mixed, with unseen-in-a-class
# features, empty, and a long one far from zero in log space.
TEST = [
    [0, 1, 0, 0, 1, 0, 0, 1, 1],
    [1, 0, 1, 1, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 1, 2, 0, 0],
    [1, 0, 0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 0, 0],
    [3, 7, 2, 5, 11, 4, 9, 6, 8],
]


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def rows(a):
    return [floats(r) for r in np.asarray(a)]


def main():
    x = np.array(X, dtype=np.int64)
    y = np.array(Y)
    test = np.array(TEST, dtype=np.int64)
    models = []
    for alpha in (1.0, 0.5):
        for fit_prior in (True, False):
            nb = MultinomialNB(alpha=alpha, fit_prior=fit_prior).fit(x, y)
            assert list(nb.classes_) == [0, 1, 2]
            models.append({
                "variant": "multinomial",
                "alpha": alpha,
                "fit_prior": fit_prior,
                "class_log_prior": floats(nb.class_log_prior_),
                "feature_log_prob": rows(nb.feature_log_prob_),
                "predict_proba": rows(nb.predict_proba(test)),
            })
        nb = ComplementNB(alpha=alpha, norm=False).fit(x, y)
        assert list(nb.classes_) == [0, 1, 2]
        models.append({
            "variant": "complement",
            "alpha": alpha,
            "feature_log_prob": rows(nb.feature_log_prob_),
            "predict_proba": rows(nb.predict_proba(test)),
        })
    out = {
        "sklearn_version": sklearn.__version__,
        "features": FEATURES,
        "classes": CLASSES,
        "x": X,
        "y": Y,
        "test": TEST,
        "models": models,
    }
    sys.stdout.write(dumps(out, ""))
    sys.stdout.write("\n")


def dumps(v, indent):
    """Like json.dumps(v, indent=1), but a list of numbers or strings stays on
    one line, so a matrix reads as one row a line."""
    inner = indent + " "
    if isinstance(v, dict):
        items = [inner + json.dumps(k) + ": " + dumps(x, inner) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list) and any(isinstance(x, (list, dict)) for x in v):
        items = [inner + dumps(x, inner) for x in v]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return json.dumps(v)


if __name__ == "__main__":
    main()
