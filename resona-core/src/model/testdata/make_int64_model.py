"""Writes int64_embed.onnx, the tiny model behind the int64-input backend tests (model/tests.rs).

    y[n, :] = mean over t of table[ids[n, t], :] + bias[n, :]

inputs: ids int64 [N, T] (token ids into a 10 x 3 table), bias float [N, 3]; output y float
[N, 3]. table[v, d] = 10 v + d, so the expected output is easy to compute in the test. One
int64 and one f32 input check that mixed element types reach the backend in order.

Run with onnx 1.23.2 (e.g. /root/.cache/resona-transformer-venv/bin/python); deterministic.
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))

table = np.array([[10 * v + d for d in range(3)] for v in range(10)], dtype=np.float32)
graph = helper.make_graph(
    [
        helper.make_node("Gather", ["table", "ids"], ["emb"], axis=0),
        helper.make_node("ReduceMean", ["emb"], ["pooled"], axes=[1], keepdims=0),
        helper.make_node("Add", ["pooled", "bias"], ["y"]),
    ],
    "int64_embed",
    [
        helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", "T"]),
        helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["N", 3]),
    ],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])],
    [numpy_helper.from_array(table, "table")],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="resona")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(HERE, "int64_embed.onnx"))
