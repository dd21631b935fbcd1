"""Reference token ids, embeddings and a classifier head for tests/transformer.rs.

Uses the real all-MiniLM-L6-v2 (int8 ONNX) and its tokenizer.json from ../shared/models/text
(not in the repository) with the Python `tokenizers` and `onnxruntime` packages, pinned in
scripts/requirements-transformer.txt. Writes tests/data/transformer/minilm_reference.json:

- settings: max_length; padding is switched off (one text per run, as Resona runs it: with
  padding the int8 model's dynamic quantisation would see the pad positions).
- sentences: text, input_ids, attention_mask, token_type_ids, the mean-pooled (attention-mask
  weighted) last_hidden_state, and that vector L2-normalised, rounded to 7 significant digits.
- head: a 7-class logistic regression (GoEmotions-Ekman order: anger disgust fear joy neutral
  sadness surprise) trained here by full-batch gradient descent on the L2-normalised embeddings of
  a few dozen hand-written labelled sentences (TRAIN); weights [7][384] and bias [7].
- head_checks: held-out sentences with the label they were written for and the label this
  head gives in Python (the Rust test checks Rust gives the same label).

Deterministic (fixed initialisation, fixed number of steps). Run from resona-text:
    /root/.cache/resona-transformer-venv/bin/python scripts/make_transformer_reference.py
"""

import json
import os

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "models", "text")
OUT = os.path.join(HERE, "..", "tests", "data", "transformer", "minilm_reference.json")
MAX_LENGTH = 128
LABELS = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]

SENTENCES = [
    "I am so happy today",
    "I feel joyful",
    "The bus leaves at seven",
    "Nimechoka sana leo, but I'm fine 😊",
    "This is ABSOLUTELY unacceptable!!!",
    "Café naïve résumé — ünïcödé",
    "",
    "a " * 200,  # longer than max_length: truncated
]

TRAIN = {
    "anger": [
        "I am furious with you", "This makes me so angry", "I hate it when people lie to me",
        "Stop yelling at me, it drives me mad", "I'm livid about what they did", "That referee is an idiot, I'm so mad",
    ],
    "disgust": [
        "That smell is disgusting", "Gross, there is hair in my soup", "What he said was revolting",
        "I find that behaviour repulsive", "Ew, that is nasty", "The toilet was filthy and vile",
    ],
    "fear": [
        "I am scared of the dark", "I'm terrified of losing my job", "That noise frightened me",
        "I'm afraid something bad will happen", "My heart is pounding, I'm so nervous", "I fear for my safety",
    ],
    "joy": [
        "I am so happy for you", "This is the best day ever", "I love this so much",
        "We won the game, amazing!", "Thank you, that made me smile", "I'm delighted with the result",
    ],
    "neutral": [
        "The meeting is at three", "I bought bread at the shop", "The train goes to Nairobi",
        "Please send me the file", "It is a table made of wood", "The report has ten pages",
    ],
    "sadness": [
        "I feel so sad and lonely", "I miss my grandmother", "I cried all night",
        "I'm heartbroken after the breakup", "Everything feels hopeless and grey", "I lost my dog today",
    ],
    "surprise": [
        "Wow, I did not expect that", "What? Really? No way!", "I'm shocked by the news",
        "That was such a surprise", "I can't believe it happened", "Whoa, that came out of nowhere",
    ],
}

CHECKS = [
    ("joy", "I'm thrilled, this is wonderful"),
    ("sadness", "I feel so down and alone tonight"),
    ("anger", "I'm so angry I could scream"),
    ("fear", "I'm really frightened about tomorrow"),
    ("neutral", "The office opens at nine"),
    ("surprise", "Wow, I never expected that!"),
    ("disgust", "That food was disgusting and gross"),
]


def r7(x):
    return [float(f"{v:.7g}") for v in x]


def main():
    tok = Tokenizer.from_file(os.path.join(SHARED, "all-MiniLM-L6-v2.tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LENGTH)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(os.path.join(SHARED, "all-MiniLM-L6-v2-int8.onnx"), opts)
    names = [i.name for i in sess.get_inputs()]

    def encode(text):
        e = tok.encode(text)
        return e.ids, e.attention_mask, e.type_ids

    def embed(text):
        ids, mask, types = encode(text)
        feeds = {"input_ids": [ids], "attention_mask": [mask], "token_type_ids": [types]}
        feeds = {k: np.array(v, dtype=np.int64) for k, v in feeds.items() if k in names}
        hidden = sess.run(None, feeds)[0][0].astype(np.float64)
        m = np.array(mask, dtype=np.float64)[:, None]
        pooled = (hidden * m).sum(0) / max(m.sum(), 1e-9)
        return pooled, pooled / np.linalg.norm(pooled)

    sentences = []
    for s in SENTENCES:
        ids, mask, types = encode(s)
        pooled, normed = embed(s)
        sentences.append({
            "text": s, "input_ids": ids, "attention_mask": mask, "token_type_ids": types,
            "mean_pooled": r7(pooled), "normalized": r7(normed),
        })

    # Logistic regression head on normalised embeddings, full-batch gradient descent.
    xs, ys = [], []
    for c, texts in TRAIN.items():
        for t in texts:
            xs.append(embed(t)[1])
            ys.append(LABELS.index(c))
    x, y = np.array(xs), np.array(ys)
    w, b = np.zeros((7, x.shape[1])), np.zeros(7)
    onehot = np.eye(7)[y]
    for _ in range(3000):
        z = x @ w.T + b
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(y)
        w -= 2.0 * (g.T @ x + 1e-3 * w)
        b -= 2.0 * g.sum(0)
    w, b = w.astype(np.float32), b.astype(np.float32)
    train_acc = float((np.argmax(x @ w.T + b, 1) == y).mean())
    checks = []
    for gold, t in CHECKS:
        n = embed(t)[1].astype(np.float32)
        pred = LABELS[int(np.argmax(w @ n + b))]
        checks.append({"text": t, "written_as": gold, "python_label": pred})
    out = {
        "model": "all-MiniLM-L6-v2-int8.onnx",
        "tokenizers": "0.22.2",
        "onnxruntime": ort.__version__,
        "max_length": MAX_LENGTH,
        "model_inputs": names,
        "sentences": sentences,
        "head": {"labels": LABELS, "weights": [r7(row) for row in w], "bias": r7(b), "train_accuracy": train_acc},
        "head_checks": checks,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    print("inputs", names, "train acc", train_acc)
    for c in checks:
        print(c)


if __name__ == "__main__":
    main()
