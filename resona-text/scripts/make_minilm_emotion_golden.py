"""Reference logits of the bundled MiniLM emotion model for tests/minilm_emotion.rs.

Runs models/emotion-minilm-int8.onnx with the Python `tokenizers` and `onnxruntime` packages
(pinned in scripts/requirements-transformer.txt) on fixed messages, one message per run without
padding and truncated to 64 tokens, as Resona runs it, and writes
tests/data/transformer/minilm_emotion_reference.json: per message the text, its token ids and
the seven logits (GoEmotions-Ekman order), rounded to 7 significant digits. Deterministic. Run
from resona-text:

    /root/.cache/resona-transformer-venv/bin/python scripts/make_minilm_emotion_golden.py
"""

import json
import os

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
OUT = os.path.join(HERE, "..", "tests", "data", "transformer", "minilm_emotion_reference.json")
MAX_LENGTH = 64

MESSAGES = [
    "I am so happy today, thank you all!",
    "This is ABSOLUTELY unacceptable!!!",
    "I'm scared of what the results will say.",
    "I miss her so much, it hurts.",
    "Wait, what? I didn't see that coming.",
    "That's disgusting, how could anyone eat that",
    "The meeting is at 3pm in room 4.",
    "Nimechoka sana leo, but I'm fine 😊",
    "Oh great, another meeting",
    "Café naïve résumé — ünïcödé",
    "word " * 80,
    "",
]


def main() -> None:
    tok = Tokenizer.from_file(os.path.join(MODELS, "minilm-tokenizer.json"))
    tok.enable_truncation(MAX_LENGTH)
    tok.no_padding()
    sess = ort.InferenceSession(os.path.join(MODELS, "emotion-minilm-int8.onnx"), providers=["CPUExecutionProvider"])
    out = []
    for text in MESSAGES:
        ids = tok.encode(text).ids
        x = np.array([ids], dtype=np.int64)
        logits = sess.run(["logits"], {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})[0][0]
        out.append({"text": text, "input_ids": ids, "logits": [float(f"{v:.7g}") for v in logits]})
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"max_length": MAX_LENGTH, "messages": out}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
