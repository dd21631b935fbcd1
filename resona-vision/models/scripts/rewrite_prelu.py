"""Rewrite every PRelu of an ONNX graph as Relu(x) + slope * Min(x, 0), which computes the same bits.

Why: Face Mesh has 23 PRelu layers with a per-channel slope of shape [1, C, 1, 1].
onnxruntime 1.31's PRelu kernel runs such a broadcast one element at a time, and those layers
took 64% of the model's time (4.3 ms of 6.7 on one core); Relu, Min, Mul and Add are
vectorised, and the rewritten model runs in 1.9 ms. tract gets a little faster too.

Why the bits are the same: for x > 0 the sum is x + slope * 0 = x + (+-0) = x; for x < 0 it is
0 + slope * x = slope * x, PRelu's own product; 0 + v and x + 0 are exact in IEEE arithmetic.
Only the sign of a zero output can differ. The rewrite is deterministic: the same input file
gives the same output bytes.

    python rewrite_prelu.py IN.onnx OUT.onnx
"""

from __future__ import annotations

import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

ZERO = "resona_prelu_zero"


def rewrite_prelu(model: onnx.ModelProto) -> int:
    """Rewrites `model` in place and returns how many PRelu nodes it replaced."""
    graph = model.graph
    nodes = []
    count = 0
    for node in graph.node:
        if node.op_type != "PRelu":
            nodes.append(node)
            continue
        x, slope = node.input
        (y,) = node.output
        name = node.name or y
        nodes += [
            helper.make_node("Relu", [x], [f"{y}/pos"], name=f"{name}/relu"),
            helper.make_node("Min", [x, ZERO], [f"{y}/neg"], name=f"{name}/min"),
            helper.make_node("Mul", [f"{y}/neg", slope], [f"{y}/scaled"], name=f"{name}/mul"),
            helper.make_node("Add", [f"{y}/pos", f"{y}/scaled"], [y], name=f"{name}/add"),
        ]
        count += 1
    if count:
        graph.initializer.append(numpy_helper.from_array(np.zeros((1,), np.float32), ZERO))
        del graph.node[:]
        graph.node.extend(nodes)
        onnx.checker.check_model(model)
    return count


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    model = onnx.load(sys.argv[1])
    n = rewrite_prelu(model)
    onnx.save(model, sys.argv[2])
    print(f"rewrote {n} PRelu nodes: {sys.argv[1]} -> {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
