"""Writes the non-model conformance cases: softmax/EmotionScores and input-view validation.

Expected softmax values are computed here in float64 with numpy (not by Resona), so the suite
checks Resona against an independent reference. The image cases re-encode the first Solvay
crop as padded RGBA and BGR: Resona's OpenCV-style luma of R=G=B=g is exactly g, so their
expected scores are the crop's own (taken from expression.json, i.e. from onnxruntime).

Run from the repository root after make_expression_cases.py:
    python bindings/conformance/scripts/make_core_cases.py
Tested with numpy 2.4.6 (any numpy >= 1.26 gives the same numbers).
"""
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESONA = ["neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted"]
FER = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
EKMAN = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]
ALIAS = {"anger": "angry", "disgust": "disgusted", "fear": "fearful", "joy": "happy",
         "sadness": "sad", "surprise": "surprised"}


def softmax_case(name, logits, labels=None):
    x = np.asarray(logits, dtype=np.float64)
    p = np.exp(x - x.max())
    p /= p.sum()
    labels = labels or RESONA
    scores = {k: 0.0 for k in RESONA}
    for lab, v in zip(labels, p):
        scores[ALIAS.get(lab, lab)] = float(f"{v:.9g}")
    best = max(RESONA, key=lambda k: (scores[k], -RESONA.index(k)))
    inp = {"logits": list(logits)}
    if labels is not RESONA:
        inp["labels"] = labels
    return {"name": name, "op": "emotion_scores_from_logits", "input": inp,
            "expect": {"scores": scores, "label": best}, "tolerance": 1e-6}


def error(kind, code):
    return {"error": {"kind": kind, "code": code}}


def main():
    scores = [
        softmax_case("softmax_zeros_is_uniform", [0.0] * 7),
        softmax_case("softmax_resona_order", [0.5, 2.0, -1.0, 0.0, 1.0, -3.0, 0.25]),
        softmax_case("softmax_fer2013_order", [0.1, -2.0, 0.3, 3.2, 0.0, 0.5, 1.0], FER),
        softmax_case("softmax_goemotions_ekman_order", [1.5, 0.2, -0.7, 0.0, 2.5, 0.3, -1.0], EKMAN),
        softmax_case("softmax_large_logits_stay_finite", [1000.0, 999.0, -1000.0, 0.0, 0.0, 0.0, 0.0]),
        softmax_case("softmax_subset_of_labels", [2.0, 1.0, 0.0], ["happy", "sad", "neutral"]),
        {"name": "logits_with_nan", "op": "emotion_scores_from_logits",
         "input": {"logits": [0.0, 1.0, "NaN", 0.0, 0.0, 0.0, 0.0]}, "expect": error("input", "non_finite")},
        {"name": "logits_empty", "op": "emotion_scores_from_logits",
         "input": {"logits": [], "labels": []}, "expect": error("input", "empty")},
        {"name": "logits_labels_length_mismatch", "op": "emotion_scores_from_logits",
         "input": {"logits": [1.0, 2.0], "labels": ["happy"]}, "expect": error("input", "length_mismatch")},
        {"name": "logits_unknown_label", "op": "emotion_scores_from_logits",
         "input": {"logits": [1.0, 2.0], "labels": ["happy", "boredom"]}, "expect": error("input", "unknown_name")},
        {"name": "logits_repeated_label", "op": "emotion_scores_from_logits",
         "input": {"logits": [1.0, 2.0], "labels": ["happy", "joy"]}, "expect": error("config", "invalid_parameter")},
        {"name": "probabilities_valid", "op": "emotion_scores_from_probabilities",
         "input": {"probabilities": [0.1, 0.0, 0.0, 0.6, 0.2, 0.1, 0.0], "labels": FER},
         "expect": {"scores": {"neutral": 0.0, "happy": 0.6, "sad": 0.2, "angry": 0.1, "fearful": 0.0,
                               "surprised": 0.1, "disgusted": 0.0}, "label": "happy"}, "tolerance": 1e-7},
        {"name": "probabilities_not_normalized", "op": "emotion_scores_from_probabilities",
         "input": {"probabilities": [0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0]}, "expect": error("input", "not_normalized")},
        {"name": "probabilities_negative", "op": "emotion_scores_from_probabilities",
         "input": {"probabilities": [-0.5, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0]}, "expect": error("input", "out_of_range")},
    ]
    (ROOT / "cases" / "emotion_scores.json").write_text(json.dumps(
        {"description": "EmotionScores from logits (softmax, label orders) and from probabilities, "
                        "with validation errors. Expected values: numpy float64.",
         "generated_by": "bindings/conformance/scripts/make_core_cases.py", "cases": scores}, indent=2) + "\n")

    expr = json.loads((ROOT / "cases" / "expression.json").read_text())
    crop01 = next(c for c in expr["cases"] if c["name"] == "face_crop_u8_solvay_01")["expect"]
    gray = np.frombuffer((ROOT / "data/faces/solvay_01.gray").read_bytes(), dtype=np.uint8).reshape(64, 64)
    stride = 64 * 4 + 12  # padded rows, as camera buffers often are
    rgba = np.zeros((64, stride), dtype=np.uint8)
    rgba[:, : 64 * 4] = np.stack([gray, gray, gray, np.full_like(gray, 255)], axis=-1).reshape(64, 256)
    rgba = rgba.reshape(-1)[: 63 * stride + 256]  # the last row needs no padding
    (ROOT / "data/faces/solvay_01_padded.rgba").write_bytes(rgba.tobytes())
    (ROOT / "data/faces/solvay_01.bgr").write_bytes(np.repeat(gray, 3).tobytes())

    def img(name, pixels, w, h, fmt, expect, stride=None, dtype="u8"):
        inp = {"pixels": pixels, "width": w, "height": h, "format": fmt}
        if stride is not None:
            inp["stride"] = stride
        case = {"name": name, "op": "classify_image", "input": inp, "expect": expect}
        if "scores" in expect:
            case["tolerance"] = 1e-4
        return case

    image = [
        img("image_rgba_padded_stride", {"file": "data/faces/solvay_01_padded.rgba"}, 64, 64, "rgba8", crop01, stride),
        img("image_bgr_packed", {"file": "data/faces/solvay_01.bgr"}, 64, 64, "bgr8", crop01),
        img("image_gray_packed", {"file": "data/faces/solvay_01.gray"}, 64, 64, "gray8", crop01),
        img("image_stride_too_small", {"fill": 0, "len": 64 * 64 * 3}, 64, 64, "rgb8", error("input", "stride_too_small"), 100),
        img("image_buffer_too_short", {"fill": 0, "len": 64 * 64 * 3 - 1}, 64, 64, "rgb8", error("input", "buffer_too_short")),
        img("image_zero_width", {"fill": 0, "len": 16}, 0, 4, "gray8", error("input", "zero_dimension")),
        img("image_empty_buffer", {"fill": 0, "len": 0}, 64, 64, "gray8", error("input", "buffer_too_short")),
        img("image_unknown_format", {"fill": 0, "len": 64}, 8, 8, "yuv420", error("input", "unknown_name")),
        img("image_side_over_limit", {"fill": 0, "len": 16385}, 16385, 1, "gray8", error("limit", "limit_exceeded")),
        {"name": "crop_wrong_size", "op": "classify_face_crop",
         "input": {"pixels": {"fill": 0, "len": 48 * 48}, "dtype": "u8", "width": 48, "height": 48},
         "expect": error("input", "wrong_dimensions")},
        {"name": "crop_length_mismatch", "op": "classify_face_crop",
         "input": {"pixels": {"fill": 0, "len": 100}, "dtype": "u8", "width": 64, "height": 64},
         "expect": error("input", "length_mismatch")},
        {"name": "crop_f32_nan_pixel", "op": "classify_face_crop",
         "input": {"pixels": {"fill": 128.0, "len": 4096, "nan_at": 77}, "dtype": "f32", "width": 64, "height": 64},
         "expect": error("input", "non_finite")},
        {"name": "crop_f32_out_of_range", "op": "classify_face_crop",
         "input": {"pixels": {"fill": 300.0, "len": 4096}, "dtype": "f32", "width": 64, "height": 64},
         "expect": error("input", "out_of_range")},
        {"name": "crop_empty", "op": "classify_face_crop",
         "input": {"pixels": {"fill": 0, "len": 0}, "dtype": "u8", "width": 64, "height": 64},
         "expect": error("input", "length_mismatch")},
    ]
    (ROOT / "cases" / "image.json").write_text(json.dumps(
        {"description": "classify_image over every pixel format and stride, and input-view / crop validation errors. "
                        "Expected scores of the re-encoded crop are the onnxruntime scores of solvay_01.",
         "generated_by": "bindings/conformance/scripts/make_core_cases.py", "cases": image}, indent=2) + "\n")


if __name__ == "__main__":
    main()
