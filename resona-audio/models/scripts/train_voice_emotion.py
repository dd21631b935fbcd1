"""Trains, evaluates and exports Resona's bundled voice-emotion model.

    python emodb_features.py --emodb <emodb/wav> --cache <cache> [--jobs 2]   # features first
    python train_voice_emotion.py --cache <cache> --out ..                     # this script

Reads the cached Resona features (voice_features.py), evaluates leave-one-speaker-out
(LOSO) on EmoDB's eight speakers, trains the final model on all of them, and writes:

- ../voice_emotion.onnx: standardiser + classifier + softmax, inputs `features` and
  `defined` [N, 162], output `probabilities` [N, 6] (order LABELS);
- ../voice_emotion_metrics.json: the LOSO numbers in models/README.md;
- ../../tests/data/voice_emotion_reference.json: feature vectors and the probabilities
  scikit-learn gives for them (float64), which the Rust tests reproduce within 1e-5.

Deterministic: fixed seeds, single-threaded BLAS recommended (OMP_NUM_THREADS=1).
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.neural_network import MLPClassifier

# EmoDB letter -> Resona class. Boredom (L) has no counterpart and is trained as neutral;
# EmoDB has no surprise, so the model has no "surprised" output.
LETTER_TO_CLASS = {"W": "angry", "L": "neutral", "E": "disgusted", "A": "fearful", "F": "happy", "T": "sad", "N": "neutral"}
LABELS = ["neutral", "happy", "sad", "angry", "fearful", "disgusted"]
SEED = 0


def load(cache: str):
    d = np.load(os.path.join(cache, "clean.npz"))
    names = [str(n) for n in d["names"]]
    y = np.array([LABELS.index(LETTER_TO_CLASS[n[5]]) for n in names])
    spk = np.array([n[:2] for n in names])
    return names, d["x"].astype(np.float64), y, spk


class Standardiser:
    """Mean/sd of the defined values; undefined (NaN) values become z = 0 (the mean)."""

    def fit(self, x):
        self.mean = np.nanmean(x, axis=0)
        self.mean = np.where(np.isfinite(self.mean), self.mean, 0.0)
        sd = np.nanstd(x, axis=0)
        self.sd = np.where(np.isfinite(sd) & (sd > 1e-12), sd, 1.0)
        return self

    def transform(self, x):
        z = (x - self.mean) / self.sd
        return np.where(np.isnan(z), 0.0, z)


def make_model(kind: str):
    if kind.startswith("lr"):
        c = float(kind.split(":")[1])
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    if kind.startswith("mlp"):
        _, hidden, alpha = kind.split(":")
        return MLPClassifier(
            hidden_layer_sizes=(int(hidden),), alpha=float(alpha), max_iter=2000, random_state=SEED,
            early_stopping=False, learning_rate_init=1e-3,
        )
    raise ValueError(kind)


def fit(kind, x, y):
    st = Standardiser().fit(x)
    z = st.transform(x)
    m = make_model(kind)
    if kind.startswith("mlp"):
        # Balanced classes for the MLP by oversampling (MLPClassifier takes no class weights).
        rng = np.random.default_rng(SEED)
        counts = np.bincount(y, minlength=len(LABELS))
        idx = np.concatenate([rng.choice(np.where(y == c)[0], counts.max(), replace=True) for c in range(len(LABELS)) if counts[c]])
        m.fit(z[idx], y[idx])
    else:
        m.fit(z, y)
    return st, m


def predict_proba(st, m, x):
    return m.predict_proba(st.transform(x))


def scores(y_true, y_pred):
    cm = confusion_matrix(y_true, y_pred, labels=range(len(LABELS)))
    recall = cm.diagonal() / np.maximum(cm.sum(axis=1), 1)
    return {
        "accuracy": float((y_true == y_pred).mean()),
        "uar": float(recall.mean()),
        "recall": {LABELS[i]: float(r) for i, r in enumerate(recall)},
        "confusion": cm.tolist(),
    }


def augmented(x, y, tr, aug):
    """Training rows: the clean rows `tr`, plus (multi-condition training) every noisy and
    denoised copy of them in `aug` = [(x', rows)]."""
    xs, ys = [x[tr]], [y[tr]]
    for xa, rows in aug or []:
        sel = np.isin(rows, np.where(tr)[0])
        xs.append(xa[sel])
        ys.append(y[rows[sel]])
    return np.concatenate(xs), np.concatenate(ys)


def loso(kind, x, y, spk, extra_tests=None, aug=None):
    """LOSO predictions for the clean features and for each extra test set {name: x'} (same rows)."""
    pred = np.zeros(len(y), dtype=int)
    extra_pred = {k: np.full(len(v[0]), -1) for k, v in (extra_tests or {}).items()}
    for s in sorted(set(spk)):
        tr, te = spk != s, spk == s
        st, m = fit(kind, *augmented(x, y, tr, aug))
        pred[te] = predict_proba(st, m, x[te]).argmax(1)
        for k, (xe, rows) in (extra_tests or {}).items():
            sel = np.isin(rows, np.where(te)[0])
            if sel.any():
                extra_pred[k][sel] = predict_proba(st, m, xe[sel]).argmax(1)
    return pred, extra_pred


def export_onnx(st, m, path):
    d = st.mean.shape[0]
    inits = [
        numpy_helper.from_array(st.mean.astype(np.float32), "mean"),
        numpy_helper.from_array((1.0 / st.sd).astype(np.float32), "inv_sd"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centred"]),
        helper.make_node("Mul", ["centred", "inv_sd"], ["scaled"]),
        helper.make_node("Mul", ["scaled", "defined"], ["z"]),
    ]
    if isinstance(m, LogisticRegression):
        inits += [
            numpy_helper.from_array(m.coef_.T.astype(np.float32), "w"),
            numpy_helper.from_array(m.intercept_.astype(np.float32), "b"),
        ]
        nodes += [helper.make_node("MatMul", ["z", "w"], ["zw"]), helper.make_node("Add", ["zw", "b"], ["logits"])]
    else:
        prev = "z"
        for i, (w, b) in enumerate(zip(m.coefs_, m.intercepts_)):
            inits += [numpy_helper.from_array(w.astype(np.float32), f"w{i}"), numpy_helper.from_array(b.astype(np.float32), f"b{i}")]
            nodes += [helper.make_node("MatMul", [prev, f"w{i}"], [f"h{i}w"]), helper.make_node("Add", [f"h{i}w", f"b{i}"], [f"h{i}"])]
            prev = f"h{i}"
            if i + 1 < len(m.coefs_):
                nodes.append(helper.make_node("Relu", [prev], [f"r{i}"]))
                prev = f"r{i}"
        nodes.append(helper.make_node("Identity", [prev], ["logits"]))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1))
    graph = helper.make_graph(
        nodes,
        "resona_voice_emotion",
        [
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", d]),
            helper.make_tensor_value_info("defined", TensorProto.FLOAT, ["N", d]),
        ],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(LABELS)])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="resona")
    model.ir_version = 8
    model.doc_string = "Resona voice emotion (EmoDB, Resona features v1); classes: " + ",".join(LABELS)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True)
    ap.add_argument("--out", default="..")
    ap.add_argument("--search", action="store_true", help="print LOSO results of every candidate")
    ap.add_argument(
        "--multi-condition",
        action="store_true",
        help="export the multi-condition model (default: the clean-trained one; both are evaluated)",
    )
    a = ap.parse_args()
    names, x, y, spk = load(a.cache)
    candidates = ["lr:0.01", "lr:0.03", "lr:0.1", "lr:1", "mlp:32:1", "mlp:64:3", "mlp:32:10"]
    chosen = "lr:0.1"
    if a.search:
        for kind in candidates:
            p, _ = loso(kind, x, y, spk)
            s = scores(y, p)
            print(f"{kind:12s} acc {s['accuracy']:.3f} uar {s['uar']:.3f}", flush=True)
        return
    extra = {}
    noisy_path = os.path.join(a.cache, "noisy_all.npz")
    if not os.path.exists(noisy_path):
        noisy_path = os.path.join(a.cache, "noisy.npz")
    if os.path.exists(noisy_path):
        nz = np.load(noisy_path)
        rows = np.array([names.index(str(n)) for n in nz["names"]])
        extra = {"noisy": (nz["x_noisy"], rows), "denoised": (nz["x_denoised"], rows)}
        kinds = np.array([str(k) for k in nz["kinds"]])
    # Multi-condition training: the noisy and denoised copies of the training speakers' files
    # join the training set, except babble (whose talkers may include the held-out speaker),
    # which stays an unseen noise type for every test. Both variants are evaluated.
    aug_mc = None
    if extra:
        keep = kinds != "babble"
        aug_mc = [(extra[k][0][keep], extra[k][1][keep]) for k in ("noisy", "denoised")]
    metrics = {"model": chosen, "labels": LABELS, "n_files": len(y), "speakers": sorted(set(spk))}
    for variant, aug in [("clean_trained", None), ("multi_condition", aug_mc)]:
        if variant == "multi_condition" and aug is None:
            continue
        pred, extra_pred = loso(chosen, x, y, spk, extra, aug)
        res = {"loso_clean": scores(y, pred)}
        for k, p in extra_pred.items():
            rows = extra[k][1]
            res[f"loso_{k}_10db"] = scores(y[rows], p)
            res[f"loso_{k}_10db_by_noise"] = {
                t: float((p[kinds == t] == y[rows][kinds == t]).mean()) for t in sorted(set(kinds))
            }
        metrics[variant] = res
    export_aug = aug_mc if a.multi_condition else None
    metrics["exported"] = "multi_condition" if a.multi_condition else "clean_trained"
    for variant in ("clean_trained", "multi_condition"):
        for k, v in metrics.get(variant, {}).items():
            brief = {kk: round(vv, 3) for kk, vv in v.items() if isinstance(vv, float)}
            print(variant, k, brief)

    st, m = fit(chosen, *augmented(x, y, np.ones(len(y), dtype=bool), export_aug))
    onnx_path = os.path.join(a.out, "voice_emotion.onnx")
    export_onnx(st, m, onnx_path)
    with open(os.path.join(a.out, "voice_emotion_metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)

    # Reference vectors: two files per class (first in name order) and every row with an
    # undefined value among the first 40 files, so the NaN path is covered.
    pick = []
    for c in range(len(LABELS)):
        pick += list(np.where(y == c)[0][:2])
    pick += [i for i in range(min(len(y), 40)) if np.isnan(x[i]).any()][:4]
    pick = sorted(set(int(i) for i in pick))
    # The Rust test reads f32 features, so the reference is computed from the same f32 values.
    x_ref = x[pick].astype(np.float32).astype(np.float64)
    probs = predict_proba(st, m, x_ref)
    import onnxruntime as ort

    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    xf = x_ref.astype(np.float32)
    got = sess.run(None, {"features": np.nan_to_num(xf, nan=0.0), "defined": (~np.isnan(xf)).astype(np.float32)})[0]
    err = float(np.abs(got - probs).max())
    print("onnxruntime vs scikit-learn, max abs difference:", err)
    assert err < 1e-5, err
    ref = {
        "labels": LABELS,
        "tolerance": 1e-5,
        "cases": [
            {
                "name": names[i],
                "features": [None if np.isnan(v) else float(v) for v in x_ref[k]],
                "probabilities": [float(p) for p in probs[k]],
            }
            for k, i in enumerate(pick)
        ],
    }
    ref_path = os.path.join(a.out, "..", "tests", "data", "voice_emotion_reference.json")
    os.makedirs(os.path.dirname(ref_path), exist_ok=True)
    with open(ref_path, "w") as f:
        json.dump(ref, f)
    print("wrote", onnx_path, ref_path)


if __name__ == "__main__":
    main()
