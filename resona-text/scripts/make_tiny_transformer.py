"""Writes the tiny synthetic transformer fixtures of tests/transformer.rs (tests/data/transformer/).

They let the bring-your-own-transformer code path (tokenizer.json -> int64 inputs -> ONNX ->
pooling -> head -> emotions) run on machines without ../shared's real MiniLM model:

- tiny_tokenizer.json: a WordLevel tokenizer (lower case, whitespace split, [CLS] ... [SEP])
  over a 16-word vocabulary.
- tiny_mean.onnx: inputs input_ids, attention_mask (int64 [B, T]); output last_hidden_state
  float [B, T, 4] = E[input_ids] * attention_mask, with E[i] = [i, 1, (i % 3), -i / 2].
  For Pooling::Mean and a hand-made head.
- tiny_logits.onnx: input input_ids only (int64 [B, T]); output logits float [B, 7] =
  mean over tokens of L[input_ids], where L[i] has 4.0 in the column of the emotion of word i
  (GoEmotions-Ekman order) and 0 elsewhere. For Pooling::None: the model gives the logits.

Deterministic; run with tokenizers 0.22.2 and onnx 1.23.2 (e.g.
/root/.cache/resona-transformer-venv/bin/python scripts/make_tiny_transformer.py).
"""

import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "transformer")

# Ekman order: anger disgust fear joy neutral sadness surprise.
WORDS = [
    ("furious", 0), ("angry", 0), ("gross", 1), ("scared", 2), ("afraid", 2), ("happy", 3), ("joy", 3),
    ("table", 4), ("the", 4), ("sad", 5), ("crying", 5), ("wow", 6),
]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
VOCAB = {t: i for i, t in enumerate(SPECIAL + [w for w, _ in WORDS])}


def tokenizer():
    tok = Tokenizer(models.WordLevel(vocab=VOCAB, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", VOCAB["[CLS]"]), ("[SEP]", VOCAB["[SEP]"])],
    )
    return tok


def ids_input(name):
    return helper.make_tensor_value_info(name, TensorProto.INT64, ["B", "T"])


def save(graph, name):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="resona")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def mean_model():
    n = len(VOCAB)
    table = np.array([[i, 1.0, i % 3, -i / 2] for i in range(n)], dtype=np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["E", "input_ids"], ["emb"], axis=0),
            helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["maskf", "axis"], ["mask3"]),
            helper.make_node("Mul", ["emb", "mask3"], ["last_hidden_state"]),
        ],
        "tiny_mean",
        [ids_input("input_ids"), ids_input("attention_mask")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["B", "T", 4])],
        [numpy_helper.from_array(table, "E"), numpy_helper.from_array(np.array([2], dtype=np.int64), "axis")],
    )
    save(graph, "tiny_mean.onnx")


def logits_model():
    table = np.zeros((len(VOCAB), 7), dtype=np.float32)
    for w, c in WORDS:
        table[VOCAB[w], c] = 4.0
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["L", "input_ids"], ["emb"], axis=0),
            helper.make_node("ReduceMean", ["emb"], ["logits"], axes=[1], keepdims=0),
        ],
        "tiny_logits",
        [ids_input("input_ids")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", 7])],
        [numpy_helper.from_array(table, "L")],
    )
    save(graph, "tiny_logits.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    tokenizer().save(os.path.join(OUT, "tiny_tokenizer.json"), pretty=False)
    mean_model()
    logits_model()
    print(json.dumps(VOCAB))
