"""Writes the two tiny ONNX models of tests/voice_emotion.rs (bring-your-own tests).

- tests/data/byo_features_logits.onnx: input `x` [N, 162] (Resona's voice features), output
  `logits` [N, 3] = x[:, [1, 9, 19]] @ W + b, classes (sad, happy, angry). Only the inputs
  `voiced_ratio`, `loudness_mean_db` and `speech_rate` are used, so the test can compute the
  expected logits by hand.
- tests/data/byo_waveform.onnx: input `wave` [1, n] (raw 16 kHz samples, any n), output
  `logits` [1, 2] = [0.1, 10 * mean(|wave|)], classes (neutral, angry): loud
  audio reads as angry.

    python make_test_models.py   # from resona-audio/models/scripts
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data")


def save(model, name):
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def features_model():
    sel = np.zeros((162, 3), dtype=np.float32)
    sel[1, 0] = -2.0  # voiced_ratio lowers "sad"
    sel[9, 1] = 0.1  # loudness_mean_db raises "happy"
    sel[19, 2] = 0.5  # speech_rate raises "angry"
    b = np.array([1.0, 2.0, 0.0], dtype=np.float32)
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["logits"])],
        "byo_features",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 162])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])],
        [numpy_helper.from_array(sel, "w"), numpy_helper.from_array(b, "b")],
    )
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), "byo_features_logits.onnx")


def waveform_model():
    g = helper.make_graph(
        [
            helper.make_node("Abs", ["wave"], ["a"]),
            helper.make_node("ReduceMean", ["a"], ["m"], axes=[1], keepdims=1),
            helper.make_node("Mul", ["m", "w"], ["mw"]),
            helper.make_node("Add", ["mw", "b"], ["logits"]),
        ],
        "byo_waveform",
        [helper.make_tensor_value_info("wave", TensorProto.FLOAT, [1, "n"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 2])],
        [
            numpy_helper.from_array(np.array([[0.0, 10.0]], dtype=np.float32), "w"),
            numpy_helper.from_array(np.array([0.1, 0.0], dtype=np.float32), "b"),
        ],
    )
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), "byo_waveform.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    features_model()
    waveform_model()
