"""Make keijiro's BlazeFace ONNX exports loadable by tract (the default backend).

The two exports build their channel padding with ConstantOfShape nodes that carry no
``value`` attribute. The ONNX spec says the output is then float32 zeros, and onnxruntime
follows it, but tract 0.23 infers float64 and rejects the graph ("Impossible to unify F32
with F64" at the following Concat). This script adds the spec's default explicitly
(``value`` = float32 tensor [0.0]) to every such node and changes nothing else, so the patched
graph computes exactly what the original computes.

Usage: python patch_blazeface.py IN.onnx OUT.onnx   (needs onnx and numpy; see
requirements-face-landmark.txt for the pinned versions)
"""

from __future__ import annotations

import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    model = onnx.load(src)
    patched = 0
    for node in model.graph.node:
        if node.op_type == "ConstantOfShape" and not any(a.name == "value" for a in node.attribute):
            node.attribute.append(helper.make_attribute("value", numpy_helper.from_array(np.zeros(1, np.float32))))
            patched += 1
    onnx.save(model, dst)
    print(f"{dst}: {patched} ConstantOfShape node(s) given an explicit float32 zero value")
    return 0 if patched else 1


if __name__ == "__main__":
    sys.exit(main())
