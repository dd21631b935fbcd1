"""Writes cases/transformer.json: the bring-your-own transformer (`text_transformer`) on every surface.

The models are resona-text's tiny synthetic fixtures (copied to data/text/, made by
resona-text/scripts/make_tiny_transformer.py): a 16-word WordLevel tokenizer, a model whose
last_hidden_state is an embedding-table lookup, and one that gives 7 logits. Expected values
come from an independent reference, not from Resona: Python `tokenizers` for the ids,
onnxruntime for the model outputs, and numpy (float64) for mean/CLS pooling, L2
normalisation, the linear head and the softmax. Error cases name the documented kind and code.

Run from the repository root with the pinned tools of
resona-text/scripts/requirements-transformer.txt (tokenizers 0.22.2, onnxruntime 1.31.1,
numpy 2.4.6):
    /root/.cache/resona-transformer-venv/bin/python bindings/conformance/scripts/make_transformer_cases.py
"""
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
DATA = "data/text"
MEAN, LOGITS, TOKENIZER = f"{DATA}/tiny_mean.onnx", f"{DATA}/tiny_logits.onnx", f"{DATA}/tiny_tokenizer.json"
RESONA = ["neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted"]
EKMAN = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]
ALIAS = {"anger": "angry", "disgust": "disgusted", "fear": "fearful", "joy": "happy",
         "sadness": "sad", "surprise": "surprised"}
TOLERANCE = 1e-5


def tokenize(text, max_length=512):
    tok = Tokenizer.from_file(str(ROOT / TOKENIZER))
    tok.enable_truncation(max_length)
    tok.no_padding()
    return tok.encode(text)


def run_model(path, enc, inputs):
    sess = ort.InferenceSession(str(ROOT / path), providers=["CPUExecutionProvider"])
    feed = {
        "input_ids": np.array([enc.ids], dtype=np.int64),
        "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
        "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
    }
    return sess.run(None, {k: feed[k] for k in inputs})[0][0].astype(np.float64)


def pooled(enc, pooling, normalize):
    if pooling == "none":
        return run_model(LOGITS, enc, ["input_ids"])
    hidden = run_model(MEAN, enc, ["input_ids", "attention_mask"])
    mask = np.array(enc.attention_mask, dtype=np.float64)
    v = hidden[0] if pooling == "cls" else (hidden * mask[:, None]).sum(0) / max(mask.sum(), 1e-9)
    return v / np.linalg.norm(v) if normalize else v


def scores(logits, labels):
    p = np.exp(logits - logits.max())
    p /= p.sum()
    out = {k: 0.0 for k in RESONA}
    for name, q in zip(labels, p):
        out[ALIAS.get(name, name)] = float(q)
    label = max(RESONA, key=lambda k: out[k])
    return {"scores": out, "label": label, "confidence": out[label]}


def mean_input(text, call, **settings):
    return {"model": {"file": MEAN}, "tokenizer": {"file": TOKENIZER}, "text": text, "call": call,
            "inputs": ["input_ids", "attention_mask"], **settings}


def logits_input(text, call, **settings):
    return {"model": {"file": LOGITS}, "tokenizer": {"file": TOKENIZER}, "text": text, "call": call,
            "inputs": ["input_ids"], "output": "logits", "pooling": "none", "labels": EKMAN, **settings}


def value_case(name, inp, value):
    return {"name": name, "op": "text_transformer", "input": inp, "expect": {"value": value}, "tolerance": TOLERANCE}


def error_case(name, inp, kind, code):
    return {"name": name, "op": "text_transformer", "input": inp, "expect": {"error": {"kind": kind, "code": code}}}


def rounded(v):
    return [round(float(x), 7) for x in v]


def main():
    cases = []
    for name, text, max_length in [("tokenize_unknown_word_and_case", "Happy SAD zebra", 512),
                                   ("tokenize_truncates_to_max_length", "happy sad joy wow", 4)]:
        enc = tokenize(text, max_length)
        value = {"input_ids": enc.ids, "attention_mask": enc.attention_mask, "token_type_ids": enc.type_ids,
                 "tokens": enc.tokens}
        cases.append(value_case(name, mean_input(text, "tokenize", max_length=max_length), value))

    for name, text, pooling, normalize in [("embed_mean", "happy the crying", "mean", False),
                                           ("embed_mean_normalized", "I am so happy, joy!", "mean", True),
                                           ("embed_cls", "happy the crying", "cls", False),
                                           ("embed_logits_model", "wow", "none", False)]:
        make = logits_input if pooling == "none" else mean_input
        settings = {"normalize": normalize} if pooling != "none" else {}
        inp = make(text, "embed", **settings) if pooling == "none" else make(text, "embed", pooling=pooling, **settings)
        cases.append(value_case(name, inp, rounded(pooled(tokenize(text), pooling, normalize))))

    # A head over the 4-wide mean vector: joy scores the mean token id, sadness a constant 5.
    head = {"weights": [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]], "bias": [0.0, 5.0]}
    for name, text in [("classify_head_mean_id_wins", "wow wow wow"), ("classify_head_bias_wins", "furious")]:
        v = pooled(tokenize(text), "mean", False)
        logits = np.array(head["weights"]) @ v + np.array(head["bias"])
        inp = mean_input(text, "classify", normalize=False, head=head, labels=["joy", "sadness"])
        cases.append(value_case(name, inp, scores(logits, ["joy", "sadness"])))
    for name, text in [("classify_logits_sadness", "crying , sad"), ("classify_logits_mixed", "I am so happy , joy and scared"),
                       ("classify_logits_unknown_words", "zebra")]:
        cases.append(value_case(name, logits_input(text, "classify"), scores(pooled(tokenize(text), "none", False), EKMAN)))

    cases += [
        error_case("error_unknown_pooling", mean_input("wow", "embed", pooling="max"), "input", "unknown_name"),
        error_case("error_unknown_input_name", mean_input("wow", "embed", inputs=["input_ids", "mask"]), "input", "unknown_name"),
        error_case("error_unknown_label", logits_input("wow", "classify", labels=["anger", "boredom"]), "input", "unknown_name"),
        error_case("error_model_lacks_declared_input",
                   mean_input("wow", "embed", inputs=["input_ids", "attention_mask", "token_type_ids"]), "model", "spec_mismatch"),
        error_case("error_model_lacks_output", mean_input("wow", "embed", output="logits"), "model", "spec_mismatch"),
        error_case("error_head_wider_than_model",
                   mean_input("wow", "classify", head={"weights": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "bias": [0.0, 0.0]},
                              labels=["joy", "sadness"]), "config", "invalid_parameter"),
        error_case("error_labels_without_head", mean_input("wow", "classify", labels=["joy", "sadness"]), "config", "invalid_parameter"),
        error_case("error_classify_without_labels", mean_input("wow", "classify"), "config", "invalid_parameter"),
        error_case("error_max_length_leaves_no_room", mean_input("wow", "embed", max_length=2), "config", "invalid_parameter"),
        error_case("error_labels_for_wrong_width", logits_input("wow", "classify", labels=["anger", "joy", "sadness"]),
                   "config", "invalid_parameter"),
        error_case("error_not_a_model", {**mean_input("wow", "embed"), "model": {"values": [110, 111, 116]}}, "model", "model_load"),
    ]
    out = {
        "description": "Bring-your-own transformer: tokenize, embed and classify with resona-text's tiny synthetic "
                       "models (data/text), settings given by name as every surface takes them.",
        "generated_by": "scripts/make_transformer_cases.py (tokenizers 0.22.2, onnxruntime 1.31.1, numpy float64)",
        "cases": cases,
    }
    (ROOT / "cases" / "transformer.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
