#!/usr/bin/python3
"""The scikit-learn peer of `stance classify --lines --format tsv`.

Usage: sklearn_pipeline.py SENTENCES_JSONL INPUT > OUTPUT

Trains a CountVectorizer(ngram_range=(1, 2)) and one MultinomialNB per
target (stance, sentiment) on the labelled sentences, as stance trains on
its built-in corpus at start-up, then classifies INPUT one line per record
and writes, per line, the same TSV fields as stance:

    stance  p  p(obstacle)  p(opening)  p(neutral)
    sentiment  p  p(negative)  p(neutral)  p(positive)  text

Lines are read one at a time but handed to scikit-learn in chunks of
CHUNK lines: one predict_proba call per line would measure Python's call
overhead rather than the pipeline, and no one would use it that way. The
chunk keeps memory flat however long the input. Both targets share one
vectorizer, as stance extracts a sentence's features once for both.
"""

import json
import sys

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB

# Labels in codebook order (the order of stance's TSV columns).
LABELS = {
    "stance": ["obstacle", "opening", "neutral"],
    "sentiment": ["negative", "neutral", "positive"],
}
CHUNK = 10000


def read_corpus(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def train(recs):
    texts = [r["text"] for r in recs]
    vec = CountVectorizer(ngram_range=(1, 2))
    x = vec.fit_transform(texts)
    models = []
    for target, labels in LABELS.items():
        nb = MultinomialNB().fit(x, [r[target] for r in recs])
        # predict_proba columns follow nb.classes_ (sorted); reorder them.
        cols = [list(nb.classes_).index(label) for label in labels]
        models.append((nb, labels, cols))
    return vec, models


def write_chunk(out, vec, models, lines):
    x = vec.transform(lines)
    probs = [nb.predict_proba(x)[:, cols] for nb, _, cols in models]
    for i, text in enumerate(lines):
        fields = []
        for (_, labels, _), p in zip(models, probs):
            row = p[i]
            best = int(row.argmax())  # first of equals: label order breaks ties
            fields.append(labels[best])
            fields.append("%.4f" % row[best])
            fields.extend("%.4f" % q for q in row)
        fields.append(text.replace("\t", " "))
        out.write("\t".join(fields))
        out.write("\n")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: sklearn_pipeline.py SENTENCES_JSONL INPUT > OUTPUT\n")
        return 2
    vec, models = train(read_corpus(argv[1]))
    out = sys.stdout
    chunk = []
    with open(argv[2], encoding="utf-8", errors="replace", newline="\n") as f:
        for line in f:
            chunk.append(line.rstrip("\r\n"))
            if len(chunk) == CHUNK:
                write_chunk(out, vec, models, chunk)
                chunk = []
    if chunk:
        write_chunk(out, vec, models, chunk)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
