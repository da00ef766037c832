#!/usr/bin/env python3
"""fit_paraphrase.py: fits the logistic weights of the sentence-similarity score
(lib/reuse/paraphrase.c) on labelled sentence pairs, and reports cross-validated figures.

    python3 scripts/fit_paraphrase.py [PAIRS.jsonl]   (default ../shared/eval/pairs/msrp-train.jsonl)

It builds scripts/paraphrase_features.c against build/release/libreprint.a (run `make`
first), computes the features of every pair as `reprint compare --pairs` would, then
  - 10-fold cross-validation (folds by pair index modulo 10): AUC and accuracy at 0.5 of the
    held-out folds, for the regularisation strengths tried; the strongest one within 0.002 of
    the best CV accuracy is kept;
  - a fit on all the pairs with that strength, printed as the C constants to paste into
    paraphrase.c.
Plain Python (no numpy): L2-regularised logistic regression by Newton's method on
standardised features, the weights turned back to the raw scale.
"""
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def features(path):
    tool = os.path.join(ROOT, "build/release/paraphrase_features")
    libs = subprocess.run(["pkg-config", "--libs", "libutf8proc", "libxxhash", "jansson", "zlib"],
                          capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["cc", "-D_GNU_SOURCE", "-I" + os.path.join(ROOT, "include"), "-O2", "-o", tool,
                    os.path.join(ROOT, "scripts/paraphrase_features.c"),
                    os.path.join(ROOT, "build/release/libreprint.a")] + libs +
                   ["-lstemmer", "-lpthread", "-lm"], check=True)
    out = subprocess.run([tool, path], capture_output=True, text=True, check=True).stdout
    feats = {}
    for line in out.splitlines():
        cols = line.split("\t")
        feats[cols[0]] = [float(v) for v in cols[1:]]
    labels = {}
    order = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            labels[r["id"]] = int(r["label"])
            order.append(r["id"])
    return [feats[i] for i in order], [labels[i] for i in order]


def solve(a, b):
    """Solves a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                k = m[r][c] / m[c][c]
                for j in range(c, n + 1):
                    m[r][j] -= k * m[c][j]
    return [m[i][n] / m[i][i] for i in range(n)]


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


def fit(x, y, lam):
    """L2-regularised logistic regression (no penalty on the intercept), Newton's method.
    x is standardised; returns [intercept, w1..wd]."""
    d = len(x[0])
    w = [0.0] * (d + 1)
    for _ in range(50):
        g = [0.0] * (d + 1)
        h = [[0.0] * (d + 1) for _ in range(d + 1)]
        for xi, yi in zip(x, y):
            v = [1.0] + xi
            p = sigmoid(sum(wj * vj for wj, vj in zip(w, v)))
            s = p * (1 - p)
            for j in range(d + 1):
                g[j] += (p - yi) * v[j]
                sv = s * v[j]
                hj = h[j]
                for k in range(j, d + 1):
                    hj[k] += sv * v[k]
        for j in range(d + 1):
            for k in range(j):
                h[j][k] = h[k][j]
        for j in range(1, d + 1):
            g[j] += lam * w[j]
            h[j][j] += lam
        step = solve(h, g)
        w = [wj - sj for wj, sj in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        r = (i + j + 1) / 2
        rank_sum += r * sum(l for _, l in pairs[i:j])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def standardise(x, mu=None, sd=None):
    d = len(x[0])
    if mu is None:
        mu = [sum(r[j] for r in x) / len(x) for j in range(d)]
        sd = [math.sqrt(sum((r[j] - mu[j]) ** 2 for r in x) / len(x)) or 1.0 for j in range(d)]
    return [[(r[j] - mu[j]) / sd[j] for j in range(d)] for r in x], mu, sd


def predict(w, x):
    return [sigmoid(w[0] + sum(a * b for a, b in zip(w[1:], r))) for r in x]


def cross_validate(x, y, lam, folds=10):
    scores = [0.0] * len(y)
    for k in range(folds):
        train = [i for i in range(len(y)) if i % folds != k]
        test = [i for i in range(len(y)) if i % folds == k]
        xt, mu, sd = standardise([x[i] for i in train])
        w = fit(xt, [y[i] for i in train], lam)
        xs, _, _ = standardise([x[i] for i in test], mu, sd)
        for i, p in zip(test, predict(w, xs)):
            scores[i] = p
    acc = sum((s >= 0.5) == bool(l) for s, l in zip(scores, y)) / len(y)
    return auc(scores, y), acc


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "../shared/eval/pairs/msrp-train.jsonl")
    x, y = features(path)
    print(f"{len(y)} pairs, {sum(y)} paraphrases, {len(x[0])} features")
    results = []
    for lam in (0.1, 1.0, 10.0, 100.0):
        a, acc = cross_validate(x, y, lam)
        results.append((lam, a, acc))
        print(f"10-fold CV, L2 {lam:g}: AUC {a:.4f}, accuracy {acc:.4f}")
    best = max(r[2] for r in results)
    lam = max(r[0] for r in results if r[2] >= best - 0.002)
    xs, mu, sd = standardise(x)
    w = fit(xs, y, lam)
    raw = [w[j + 1] / sd[j] for j in range(len(mu))]
    b = w[0] - sum(w[j + 1] * mu[j] / sd[j] for j in range(len(mu)))
    p = predict(w, xs)
    acc = sum((s >= 0.5) == bool(l) for s, l in zip(p, y)) / len(y)
    print(f"fit on all pairs, L2 {lam:g}: AUC {auc(p, y):.4f}, accuracy {acc:.4f}")
    print("static const double weights[RP__SIMIL_FEATURES] = {" + ", ".join(f"{v:.5f}" for v in raw) + "};")
    print(f"static const double intercept = {b:.5f};")


if __name__ == "__main__":
    main()
