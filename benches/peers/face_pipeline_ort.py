"""Reference/peer implementation of Resona's face pipeline in Python: numpy pre- and
post-processing, onnxruntime inference, the same bundled models.

It follows resona-vision step by step (see resona-vision/README.md, "Pipeline"):

1. a mip pyramid of the frame (2x2 box averages, rounded, while the next level keeps a side
   of at least the detector size);
2. BlazeFace (full range, 256x256; or short range, 128x128, with ``detector="short_range"``)
   on the letterboxed frame (aspect kept, centred, black padding), bilinear sampling at pixel centres, RGB scaled to [-1, 1]; MediaPipe anchor
   decoding, sigmoid scores clipped at +-100, threshold 0.5, weighted NMS at IoU 0.3;
3. the primary face: the largest box, boxes within 15% of its area tied and decided by the
   distance to the frame centre;
4. Face Mesh on the primary face: a 192x192 RGB crop in [0, 1], square, 1.5x the box's
   longer side, turned so the eye keypoints are level; 468 points mapped back;
5. mini-XCEPTION on each face: a 64x64 gray (BT.601) crop, 1.0x the box side, eye-aligned,
   contrast-normalised to mean 128 / s.d. 60, scaled to [-1, 1];
6. geometry, head pose, action units, arousal and valence from the landmarks (formulas in
   the crate README).

Arithmetic is float32 in the same order as the Rust code wherever the order changes the
result (sampling weights, sums of the contrast normalisation and the weighted NMS), so the
results agree with Resona's to float rounding of the inference backends.

``analyze(frame)`` takes an HxWx3 (RGB) or HxWx4 (RGBA) uint8 array, or HxW gray, and returns
a dict in the serde schema of ``resona_vision::FrameAnalysis`` (the one the Python binding
returns), so both can be compared key by key.

Run as a script, it times one 640x480 frame per call:

    /root/.cache/resona-tools/venv/bin/python benches/peers/face_pipeline_ort.py [--frame solvay|fer] [--runs N]

Tools: Python 3.11, numpy 2.4.6, pillow 13.0.0, onnxruntime 1.31.1 (one intra-op thread,
sequential execution, as Resona's backends run on the calling thread).
"""

from __future__ import annotations

import argparse
import math
import os
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

F32 = np.float32
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MODELS = REPO / "resona-vision" / "models"
SHARED = REPO.parent / "shared" / "data"

# resona-vision constants (src/analyzer.rs, src/config.rs, src/detector.rs, src/landmarks.rs).
# Detector model file, input size and anchor strides (resona-vision src/config.rs DetectorModel).
DETECTORS = {
    "full_range": ("blazeface_back_256.onnx", 256, (16, 32, 32, 32)),
    "short_range": ("blazeface_front_128.onnx", 128, (8, 16, 16, 16)),
}
SCORE_THRESHOLD = F32(0.5)
NMS_IOU = F32(0.3)
MAX_FACES = 10
SCORE_CLIP = F32(100.0)
COORD_BOUND = F32(4.0)
MIN_FRAME_SIDE = 16
PRIMARY_TIE = F32(0.15)
MESH_INPUT = 192
MESH_CROP_SCALE = F32(1.5)
EXPRESSION_CROP_SCALE = F32(1.0)
CROP_SIZE = 64
CROP_MEAN, CROP_STD, MIN_CROP_STD = F32(128.0), F32(60.0), F32(2.0)
CONFIDENCE_GATE = 0.6
MIN_PRESENCE = F32(0.5)
LANDMARK_COUNT = 468

# Resona's emotion order and the model's FER2013 order.
EMOTIONS = ("neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted")
FER_ORDER = ("angry", "disgusted", "fearful", "happy", "sad", "surprised", "neutral")
FER_TO_RESONA = np.array([FER_ORDER.index(e) for e in EMOTIONS])
# Russell circumplex (valence, arousal) per emotion (resona-vision/src/affect.rs).
CIRCUMPLEX = {
    "neutral": (0.0, 0.3),
    "happy": (0.8, 0.65),
    "sad": (-0.7, 0.25),
    "angry": (-0.6, 0.85),
    "fearful": (-0.7, 0.9),
    "surprised": (0.2, 0.9),
    "disgusted": (-0.7, 0.6),
}


# ---------------------------------------------------------------------------------------
# Affine maps and sampling (resona-vision/src/warp.rs)


class Affine:
    """x' = a x + b y + c, y' = d x + e y + f, all float32."""

    __slots__ = ("a", "b", "c", "d", "e", "f")

    def __init__(self, a, b, c, d, e, f):
        self.a, self.b, self.c, self.d, self.e, self.f = (F32(v) for v in (a, b, c, d, e, f))

    @staticmethod
    def similarity(s, theta, tx, ty):
        s, theta = F32(s), F32(theta)
        sin, cos = np.sin(theta), np.cos(theta)
        return Affine(s * cos, -s * sin, tx, s * sin, s * cos, ty)

    def apply(self, x, y):
        x, y = F32(x), F32(y)
        return self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f

    def then_from(self, i: "Affine") -> "Affine":
        """self o inner: first `i`, then self."""
        return Affine(
            self.a * i.a + self.b * i.d,
            self.a * i.b + self.b * i.e,
            self.a * i.c + self.b * i.f + self.c,
            self.d * i.a + self.e * i.d,
            self.d * i.b + self.e * i.e,
            self.d * i.c + self.e * i.f + self.f,
        )

    def scale(self):
        return np.sqrt(np.abs(self.a * self.e - self.b * self.d))


def _half(img: np.ndarray) -> np.ndarray:
    """Halves both sides (rounding up), averaging 2x2 blocks; edge pixels repeat."""
    h, w = img.shape[:2]
    if w % 2:
        img = np.concatenate([img, img[:, -1:]], axis=1)
    if h % 2:
        img = np.concatenate([img, img[-1:]], axis=0)
    s = img.astype(np.uint16)
    total = s[0::2, 0::2] + s[0::2, 1::2] + s[1::2, 0::2] + s[1::2, 1::2]
    return ((total + 2) // 4).astype(np.uint8)


class Pyramid:
    """The frame at full size and at successive halvings (while the next level keeps a side
    of at least `min_side`). Each level is also kept as float32 with a one-pixel black border,
    so bilinear sampling needs no bounds tests: neighbours outside the frame read 0, which
    adds exactly nothing, as the Rust code's skipped terms."""

    def __init__(self, rgb: np.ndarray, min_side: int):
        self.levels = [rgb]
        while True:
            last = self.levels[-1]
            if max(last.shape[0], last.shape[1]) // 2 < max(min_side, 1) or len(self.levels) >= 16:
                break
            self.levels.append(_half(last))
        self._padded: list[np.ndarray | None] = [None] * len(self.levels)

    def _level_for(self, m: Affine):
        scale = m.scale()
        k = 0
        while k + 1 < len(self.levels) and scale >= F32(2 << k):
            k += 1
        inv = F32(1.0) / F32(1 << k)
        to_level = Affine(inv, 0.0, 0.0, 0.0, inv, 0.0)
        if self._padded[k] is None:
            h, w = self.levels[k].shape[:2]
            p = np.zeros((h + 2, w + 2, 3), dtype=F32)
            p[1:-1, 1:-1] = self.levels[k]
            self._padded[k] = p
        return self.levels[k], self._padded[k], to_level.then_from(m)

    def warp_rgb(self, m: Affine, out_w: int, out_h: int) -> np.ndarray:
        """out_h x out_w x 3 float32 (0..255), sampling the frame at m(u + 0.5, v + 0.5)."""
        level, padded, m = self._level_for(m)
        u = np.arange(out_w, dtype=F32) + F32(0.5)
        v = (np.arange(out_h, dtype=F32) + F32(0.5))[:, None]
        x = m.a * u + m.b * v + m.c
        y = m.d * u + m.e * v + m.f
        return _sample(padded, x, y)

    def warp_gray(self, m: Affine, out_w: int, out_h: int) -> np.ndarray:
        rgb = self.warp_rgb(m, out_w, out_h)
        g = F32(0.299) * rgb[..., 0] + F32(0.587) * rgb[..., 1] + F32(0.114) * rgb[..., 2]
        return np.clip(_round_half_away(g), 0, 255).astype(F32)


def _round_half_away(v: np.ndarray) -> np.ndarray:
    """Rust's f32::round (half away from zero); numpy rounds half to even."""
    t = np.trunc(v)
    return t + np.where(np.abs(v - t) >= F32(0.5), np.sign(v), F32(0.0)).astype(v.dtype)


def _sample(padded: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear sample at continuous points (pixel centres at i + 0.5) of a level given with
    a one-pixel black border; black outside. Terms are summed in the Rust order."""
    h, w = padded.shape[0] - 2, padded.shape[1] - 2
    x, y = np.broadcast_arrays(x, y)
    fx, fy = x - F32(0.5), y - F32(0.5)
    with np.errstate(invalid="ignore"):
        x0, y0 = np.floor(fx), np.floor(fy)
        valid = (x0 >= -1) & (y0 >= -1) & (x0 < w) & (y0 < h)
    tx, ty = fx - x0, fy - y0
    # Index of the top-left neighbour in the padded image; far outside (or NaN) -> the zero corner.
    idx = np.where(valid, (y0 + 1) * (w + 2) + (x0 + 1), 0).astype(np.int64)
    flat = padded.reshape(-1, 3)
    one = F32(1.0)
    stride = w + 2
    out = ((one - tx) * (one - ty))[..., None] * flat[idx]
    out += (tx * (one - ty))[..., None] * flat[idx + 1]
    out += ((one - tx) * ty)[..., None] * flat[idx + stride]
    out += (tx * ty)[..., None] * flat[idx + stride + 1]
    if not valid.all():
        out[~valid] = 0.0
    return out


def aligned_crop(cx, cy, side, theta, n: int) -> Affine:
    """Map from an n x n crop to upright pixels: a square of `side` centred on (cx, cy),
    turned by theta so the eye line is level in the crop."""
    s = F32(side) / F32(n)
    half = F32(n) / F32(2.0)
    theta = F32(theta)
    sin, cos = np.sin(theta), np.cos(theta)
    return Affine.similarity(s, theta, F32(cx) - s * (cos * half - sin * half), F32(cy) - s * (sin * half + cos * half))


def upright(rotation: int, w, h):
    """Upright size and the map from upright pixels to frame pixels for a rotation hint."""
    w, h = F32(w), F32(h)
    if rotation == 90:
        return h, w, Affine(0.0, 1.0, 0.0, -1.0, 0.0, h)
    if rotation == 180:
        return w, h, Affine(-1.0, 0.0, w, 0.0, -1.0, h)
    if rotation == 270:
        return h, w, Affine(0.0, -1.0, w, 1.0, 0.0, 0.0)
    return w, h, Affine(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


# ---------------------------------------------------------------------------------------
# BlazeFace decoding (resona-vision/src/detector.rs)


def ssd_anchors(input_size: int, strides) -> np.ndarray:
    out = []
    i = 0
    while i < len(strides):
        stride = max(strides[i], 1)
        per_cell = 0
        while i < len(strides) and max(strides[i], 1) == stride:
            per_cell += 2
            i += 1
        grid = -(-input_size // stride)
        c = (np.arange(grid, dtype=F32) + F32(0.5)) / F32(grid)
        yy, xx = np.meshgrid(c, c, indexing="ij")
        cells = np.stack([xx.ravel(), yy.ravel()], axis=1)
        out.append(np.repeat(cells, per_cell, axis=0))
    return np.concatenate(out).astype(F32)


def decode(anchors: np.ndarray, scores: np.ndarray, regressors: np.ndarray, input_size: float, threshold) -> np.ndarray:
    """Candidates as an (n, 17) float32 array: score, cx, cy, w, h, 6 x (kx, ky) in
    normalised input coordinates."""
    s = F32(input_size)
    logit = np.clip(scores.astype(F32), -SCORE_CLIP, SCORE_CLIP)
    with np.errstate(over="ignore"):  # exp(100) is inf in f32: score 0, as in Rust
        score = F32(1.0) / (F32(1.0) + np.exp(-logit))
    keep = score >= F32(threshold)
    reg = regressors.reshape(-1, 16)[keep].astype(F32)
    anc = anchors[keep]
    det = np.empty((reg.shape[0], 17), dtype=F32)
    det[:, 0] = score[keep]
    det[:, 1] = anc[:, 0] + reg[:, 0] / s
    det[:, 2] = anc[:, 1] + reg[:, 1] / s
    det[:, 3] = reg[:, 2] / s
    det[:, 4] = reg[:, 3] / s
    det[:, 5::2] = anc[:, 0:1] + reg[:, 4::2] / s
    det[:, 6::2] = anc[:, 1:2] + reg[:, 5::2] / s
    coords = det[:, 1:]
    sane = np.all(np.isfinite(coords) & (np.abs(coords) <= COORD_BOUND), axis=1) & (det[:, 3] > 0) & (det[:, 4] > 0)
    return det[sane]


def _iou(c: np.ndarray, top: np.ndarray) -> np.ndarray:
    two = F32(2.0)
    ix = np.minimum(c[:, 1] + c[:, 3] / two, top[1] + top[3] / two) - np.maximum(c[:, 1] - c[:, 3] / two, top[1] - top[3] / two)
    iy = np.minimum(c[:, 2] + c[:, 4] / two, top[2] + top[4] / two) - np.maximum(c[:, 2] - c[:, 4] / two, top[2] - top[4] / two)
    inter = np.maximum(ix, F32(0)) * np.maximum(iy, F32(0))
    union = c[:, 3] * c[:, 4] + top[3] * top[4] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((union > 0) & np.isfinite(inter), inter / union, F32(0.0))


def weighted_nms(cands: np.ndarray, iou_threshold, max_faces: int) -> np.ndarray:
    """MediaPipe's WEIGHTED suppression: the best remaining candidate absorbs every candidate
    overlapping it by more than the threshold; box and keypoints become score-weighted means
    (sequential float32 sums, as the Rust code), the score stays the best one."""
    cands = cands[np.argsort(-cands[:, 0], kind="stable")]
    out = []
    while len(cands) and len(out) < max_faces:
        top = cands[0]
        in_group = (_iou(cands, top) > F32(iou_threshold)) | np.all(cands == top, axis=1)
        in_group[0] = True
        group, cands = cands[in_group], cands[~in_group]
        merged = top.copy()
        total = np.cumsum(group[:, 0], dtype=F32)[-1]
        if len(group) > 1 and total > 0:
            weighted = group[:, 0:1] * group[:, 1:]
            merged[1:] = np.cumsum(weighted, axis=0, dtype=F32)[-1] / total
        out.append(merged)
    return np.array(out, dtype=F32).reshape(-1, 17)


# ---------------------------------------------------------------------------------------
# Geometry, action units, affect (resona-vision/src/geometry.rs, src/affect.rs)

M = dict(
    r_outer=33, r_top_outer=160, r_top_inner=158, r_inner=133, r_bot_inner=153, r_bot_outer=144,
    l_inner=362, l_top_inner=385, l_top_outer=387, l_outer=263, l_bot_outer=373, l_bot_inner=380,
    r_brow_inner=107, r_brow_outer=70, l_brow_inner=336, l_brow_outer=300,
    lip_top=13, lip_bottom=14, mouth_r=61, mouth_l=291, nose=1, chin=152, forehead=10, r_cheek=234, l_cheek=454,
)  # fmt: skip


def _ramp(v, lo, hi):
    return float(np.clip((F32(v) - F32(lo)) / (F32(hi) - F32(lo)), 0.0, 1.0))


def measure(points: np.ndarray):
    """Geometry and head pose of 468 upright points (float32 (468, 3)); None if degenerate."""
    if points.shape[0] < LANDMARK_COUNT or not np.all(np.isfinite(points)):
        return None
    p = lambda i: points[i]  # noqa: E731
    dist = lambda i, j: F32(np.sqrt(np.sum((p(i) - p(j)) ** 2, dtype=F32)))  # noqa: E731
    iod = dist(M["r_outer"], M["l_outer"])
    if not iod > 1e-3:
        return None

    def ear(p1, p2, p3, p4, p5, p6):
        w = dist(p1, p4)
        return (dist(p2, p6) + dist(p3, p5)) / (F32(2.0) * w) if w > 0 else F32(0.0)

    ear_r = ear(M["r_outer"], M["r_top_outer"], M["r_top_inner"], M["r_inner"], M["r_bot_inner"], M["r_bot_outer"])
    ear_l = ear(M["l_inner"], M["l_top_inner"], M["l_top_outer"], M["l_outer"], M["l_bot_outer"], M["l_bot_inner"])
    ear_m = (ear_r + ear_l) / F32(2.0)
    r, l = p(M["r_outer"]), p(M["l_outer"])
    theta = np.arctan2(l[1] - r[1], l[0] - r[0])
    sin, cos = np.sin(theta), np.cos(theta)
    ox, oy = (r[0] + l[0]) / F32(2), (r[1] + l[1]) / F32(2)
    fy = lambda i: (-(p(i)[0] - ox) * sin + (p(i)[1] - oy) * cos) / iod  # noqa: E731
    height = lambda brow, eye: fy(eye) - fy(brow)  # noqa: E731
    brow_inner = (height(M["r_brow_inner"], M["r_inner"]) + height(M["l_brow_inner"], M["l_inner"])) / F32(2)
    brow_outer = (height(M["r_brow_outer"], M["r_outer"]) + height(M["l_brow_outer"], M["l_outer"])) / F32(2)
    lip_centre = (fy(M["lip_top"]) + fy(M["lip_bottom"])) / F32(2)
    corners = (fy(M["mouth_r"]) + fy(M["mouth_l"])) / F32(2)
    mouth_w = dist(M["mouth_r"], M["mouth_l"])
    gap = dist(M["lip_top"], M["lip_bottom"])
    geometry = {
        "interocular_px": float(iod),
        "ear_right": float(ear_r),
        "ear_left": float(ear_l),
        "ear": float(ear_m),
        "eyes_closed": bool(ear_m < F32(0.18)),
        "mouth_opening": float(gap / mouth_w) if mouth_w > 0 else 0.0,
        "lip_gap": float(gap / iod),
        "jaw_drop": float(dist(M["nose"], M["chin"]) / iod),
        "brow_inner_height": float(brow_inner),
        "brow_outer_height": float(brow_outer),
        "brow_distance": float(dist(M["r_brow_inner"], M["l_brow_inner"]) / iod),
        "lip_corner_elevation": float(lip_centre - corners),
        "mouth_width": float(mouth_w / iod),
    }

    def unit(v):
        n = np.sqrt(np.sum(v * v, dtype=F32))
        return v / n if (n > np.finfo(F32).eps and np.isfinite(n)) else None

    x = unit(p(M["l_cheek"]) - p(M["r_cheek"]))
    if x is None:
        return None
    up = p(M["forehead"]) - p(M["chin"])
    up = unit(up - x * np.sum(up * x, dtype=F32))
    if up is None:
        return None
    f = np.cross(x, up)
    pose = {
        "yaw": math.degrees(math.atan2(f[0], -f[2])),
        "pitch": math.degrees(math.asin(min(max(-float(f[1]), -1.0), 1.0))),
        "roll": math.degrees(math.atan2(x[1], x[0])),
    }
    return geometry, pose


def action_units(g: dict) -> dict:
    au12 = _ramp(g["lip_corner_elevation"], 0.0, 0.10)
    narrowing = _ramp(0.29 - g["ear"], 0.0, 0.08)
    return {
        "au1": _ramp(g["brow_inner_height"], 0.25, 0.31),
        "au2": _ramp(g["brow_outer_height"], 0.165, 0.225),
        "au4": max(_ramp(0.25 - g["brow_inner_height"], 0.0, 0.06), _ramp(0.33 - g["brow_distance"], 0.0, 0.06)),
        "au6": min(narrowing, au12),
        "au12": au12,
        "au15": _ramp(0.0 - g["lip_corner_elevation"], 0.0, 0.05),
        "au25": _ramp(g["lip_gap"], 0.03, 0.15),
        "au26": _ramp(g["jaw_drop"], 0.83, 1.08),
        "au43": _ramp(0.24 - g["ear"], 0.0, 0.24 - 0.18),
    }


def affect(expression: dict, g: dict | None, au: dict | None) -> dict:
    ev = sum(p * CIRCUMPLEX[e][0] for e, p in expression.items())
    ea = sum(p * CIRCUMPLEX[e][1] for e, p in expression.items())
    ev, ea = min(max(ev, -1.0), 1.0), min(max(ea, 0.0), 1.0)
    comps = {"expression_arousal": ea, "expression_valence": ev, "eye_opening": None, "jaw": None, "brows": None, "lip_corners": None}
    if g is None:
        return {"arousal": ea, "valence": ev, "components": comps}
    eye = _ramp(g["ear"], 0.29, 0.37)
    jaw = au["au26"]
    brows = max(au["au1"], au["au2"], au["au4"])
    corners = au["au12"] - au["au15"]
    comps.update(eye_opening=eye, jaw=jaw, brows=brows, lip_corners=corners)
    arousal = 0.5 * ea + 0.5 * (0.4 * eye + 0.3 * jaw + 0.3 * brows)
    valence = 0.5 * ev + 0.5 * corners
    return {"arousal": min(max(arousal, 0.0), 1.0), "valence": min(max(valence, -1.0), 1.0), "components": comps}


# ---------------------------------------------------------------------------------------
# The pipeline


def _session(path: Path) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.log_severity_level = 3  # tf2onnx leaves unused initializers; ORT warns about each
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class FacePipeline:
    """The pipeline with its three sessions, built once."""

    def __init__(self, landmarks: str = "primary", rotation: int = 0, models: Path = MODELS, detector: str = "full_range"):
        if landmarks not in ("primary", "all", "off"):
            raise ValueError(f"landmarks must be primary, all or off, not {landmarks!r}")
        if rotation not in (0, 90, 180, 270):
            raise ValueError("rotation must be 0, 90, 180 or 270")
        self.landmarks, self.rotation = landmarks, rotation
        if detector not in DETECTORS:
            raise ValueError(f"detector must be one of {sorted(DETECTORS)}, not {detector!r}")
        file, self.size, strides = DETECTORS[detector]
        self.detector = _session(models / file)
        self.mesh = _session(models / "face_landmark.onnx") if landmarks != "off" else None
        self.expression = _session(models / "fer_mini_xception.onnx")
        self.anchors = ssd_anchors(self.size, strides)
        self.timings: dict[str, float] = {}

    def _tick(self, stage: str, t0: float) -> float:
        t = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + (t - t0)
        return t

    def analyze(self, frame: np.ndarray) -> dict:
        t0 = time.perf_counter()
        rgb = _as_rgb(frame)
        h, w = rgb.shape[:2]
        result = {"faces": [], "primary": None, "width": w, "height": h}
        if w < MIN_FRAME_SIDE or h < MIN_FRAME_SIDE:
            return result
        wf, hf = F32(w), F32(h)
        uw, uh, to_source = upright(self.rotation, w, h)
        size = self.size
        pyramid = Pyramid(rgb, size)
        t0 = self._tick("pyramid", t0)

        # Detection on the letterboxed upright frame.
        s = F32(size)
        scale = s / max(uw, uh)
        ox, oy = (s - uw * scale) / F32(2.0), (s - uh * scale) / F32(2.0)
        inv = F32(1.0) / scale
        input_to_upright = Affine(inv, 0.0, -ox / scale, 0.0, inv, -oy / scale)
        x = pyramid.warp_rgb(to_source.then_from(input_to_upright), size, size)
        x = x * F32(F32(2.0) / F32(255.0)) + F32(-1.0)
        t0 = self._tick("detector_pre", t0)
        s0, s1, r0, r1 = self.detector.run(["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"], {"input:0": x[None]})
        t0 = self._tick("detector_model", t0)
        scores = np.concatenate([s0.ravel(), s1.ravel()])
        regs = np.concatenate([r0.ravel(), r1.ravel()])
        if not (np.all(np.isfinite(scores)) and np.all(np.isfinite(regs))):
            raise ValueError("non-finite detector output")
        merged = weighted_nms(decode(self.anchors, scores, regs, size, SCORE_THRESHOLD), NMS_IOU, MAX_FACES)
        dets = []
        for d in merged:
            cx, cy = input_to_upright.apply(d[1] * s, d[2] * s)
            kps = [input_to_upright.apply(d[5 + 2 * k] * s, d[6 + 2 * k] * s) for k in range(6)]
            det = dict(score=d[0], cx=cx, cy=cy, width=d[3] * s / scale, height=d[4] * s / scale, keypoints=kps)
            if F32(0) <= cx <= uw and F32(0) <= cy <= uh:
                dets.append(det)
        t0 = self._tick("detector_post", t0)
        if not dets:
            return result
        primary = _primary_index(dets, uw, uh)
        result["primary"] = primary
        for i, det in enumerate(dets):
            with_mesh = self.landmarks == "all" or (self.landmarks == "primary" and i == primary)
            result["faces"].append(self._read_face(pyramid, to_source, det, with_mesh, wf, hf))
        return result

    def _read_face(self, pyramid, to_source, det, with_mesh, wf, hf) -> dict:
        t0 = time.perf_counter()
        re, le = det["keypoints"][0], det["keypoints"][1]
        theta = np.arctan2(le[1] - re[1], le[0] - re[0])
        theta = theta if np.isfinite(theta) else F32(0.0)
        side = max(det["width"], det["height"])
        n = CROP_SIZE
        crop_map = aligned_crop(det["cx"], det["cy"], side * EXPRESSION_CROP_SCALE, theta, n)
        crop = pyramid.warp_gray(to_source.then_from(crop_map), n, n).ravel()
        crop = _normalize_contrast(crop)
        x = (crop * F32(F32(2.0) / F32(255.0)) + F32(-1.0)).reshape(1, n, n, 1)
        t0 = self._tick("expression_pre", t0)
        (probs,) = self.expression.run(["predictions"], {"input": x})
        t0 = self._tick("expression_model", t0)
        p = probs.reshape(-1)[FER_TO_RESONA].astype(np.float64)
        p = p / p.sum()
        expression = {e: float(v) for e, v in zip(EMOTIONS, p)}
        best = int(np.argmax(p))
        label = EMOTIONS[best] if p[best] >= CONFIDENCE_GATE else None

        corners = [to_source.apply(det["cx"] + F32(sx) * det["width"] / F32(2.0), det["cy"] + F32(sy) * det["height"] / F32(2.0)) for sx, sy in ((-1, -1), (1, 1))]
        x0, x1 = min(corners[0][0], corners[1][0]), max(corners[0][0], corners[1][0])
        y0, y1 = min(corners[0][1], corners[1][1]), max(corners[0][1], corners[1][1])
        truncated = bool(x0 < 0 or y0 < 0 or x1 > wf or y1 > hf)
        cx0, cy0, cx1, cy1 = (np.clip(v, F32(0), lim) for v, lim in ((x0, wf), (y0, hf), (x1, wf), (y1, hf)))
        face = {
            "bbox": {"x": float(cx0), "y": float(cy0), "width": float(cx1 - cx0), "height": float(cy1 - cy0)},
            "bbox_normalized": {"x": float(cx0 / wf), "y": float(cy0 / hf), "width": float((cx1 - cx0) / wf), "height": float((cy1 - cy0) / hf)},
            "truncated": truncated,
            "score": float(det["score"]),
            "keypoints": [dict(zip("xy", map(float, to_source.apply(*kp)))) for kp in det["keypoints"]],
            "landmarks": None,
            "expression": expression,
            "label": label,
            "geometry": None,
            "head_pose": None,
            "action_units": None,
            "affect": affect(expression, None, None),
        }
        if not with_mesh or self.mesh is None:
            return face
        t0 = self._tick("face_post", t0)
        n = MESH_INPUT
        mesh_map = aligned_crop(det["cx"], det["cy"], side * MESH_CROP_SCALE, theta, n)
        inp = pyramid.warp_rgb(to_source.then_from(mesh_map), n, n) * F32(F32(1.0) / F32(255.0)) + F32(0.0)
        t0 = self._tick("mesh_pre", t0)
        pts, presence = self.mesh.run(["conv2d_21", "conv2d_31"], {"input_1": inp[None]})
        t0 = self._tick("mesh_model", t0)
        logit = F32(presence.ravel()[0])
        presence = float(F32(1.0) / (F32(1.0) + np.exp(-np.clip(logit, -SCORE_CLIP, SCORE_CLIP))))
        pts = pts.reshape(-1, 3)[:LANDMARK_COUNT].astype(F32)
        m = mesh_map
        ux = m.a * pts[:, 0] + m.b * pts[:, 1] + m.c
        uy = m.d * pts[:, 0] + m.e * pts[:, 1] + m.f
        uz = pts[:, 2] * m.scale()
        ts = to_source
        fx = ts.a * ux + ts.b * uy + ts.c
        fyy = ts.d * ux + ts.e * uy + ts.f
        if presence >= MIN_PRESENCE:
            measured = measure(np.stack([ux, uy, uz], axis=1))
            if measured is not None:
                g, pose = measured
                au = action_units(g)
                face.update(geometry=g, head_pose=pose, action_units=au, affect=affect(expression, g, au))
        face["landmarks"] = {
            "points": [{"x": a, "y": b, "z": c} for a, b, c in zip(fx.tolist(), fyy.tolist(), uz.tolist())],
            "presence": presence,
        }
        self._tick("mesh_post", t0)
        return face


def _normalize_contrast(crop: np.ndarray) -> np.ndarray:
    """Mean 128, s.d. 60, rounded and clamped; sequential float32 sums as in Rust."""
    n = F32(max(crop.size, 1))
    mean = np.cumsum(crop, dtype=F32)[-1] / n
    dev = crop - mean
    std = np.sqrt(np.cumsum(dev * dev, dtype=F32)[-1] / n)
    if std >= MIN_CROP_STD:
        gain = CROP_STD / std
        crop = np.clip(_round_half_away(dev * gain + CROP_MEAN), F32(0), F32(255))
    return crop.astype(F32)


def _primary_index(dets, uw, uh) -> int:
    largest = F32(0.0)
    for d in dets:
        largest = max(largest, d["width"] * d["height"])
    limit = largest * (F32(1.0) - PRIMARY_TIE)
    best, best_dist = 0, None
    for i, d in enumerate(dets):
        if d["width"] * d["height"] < limit:
            continue
        dist = np.hypot(d["cx"] - uw / F32(2.0), d["cy"] - uh / F32(2.0))
        if best_dist is None or dist < best_dist:
            best, best_dist = i, dist
    return best


def _as_rgb(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame)
    if frame.dtype != np.uint8:
        raise TypeError(f"frames are uint8, not {frame.dtype}")
    if frame.ndim == 2:
        return np.repeat(frame[:, :, None], 3, axis=2)
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        return np.ascontiguousarray(frame[:, :, :3])
    raise ValueError(f"expected HxW, HxWx3 or HxWx4, got shape {frame.shape}")


_DEFAULT: FacePipeline | None = None


def analyze(rgb: np.ndarray) -> dict:
    """Analyses one frame with the default settings (full-range detector, landmarks on the
    primary face); returns the serde-shaped dict of resona_vision::FrameAnalysis."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = FacePipeline()
    return _DEFAULT.analyze(rgb)


# ---------------------------------------------------------------------------------------
# Frames for timing


def solvay_frame(width: int = 640, height: int = 480) -> np.ndarray:
    """The Solvay photo in ../shared resized to width x height (PIL bilinear)."""
    from PIL import Image

    img = Image.open(SHARED / "photos" / "solvay_conference.jpg").convert("RGB")
    return np.asarray(img.resize((width, height), Image.BILINEAR))


def fer_frame(width: int = 640, height: int = 480) -> np.ndarray:
    """Six FER2013 validation faces (the 4th file of six classes) upscaled to 140 px in a
    mid-grey frame, as resona-vision/tests/pipeline.rs composes them."""
    from PIL import Image

    canvas = np.full((height, width), 128, dtype=np.uint8)
    for k, cls in enumerate(["happy", "neutral", "surprise", "sad", "angry", "fear"]):
        files = sorted((SHARED / "fer2013" / "validation" / cls).iterdir())
        face = np.asarray(Image.open(files[3]).convert("L").resize((140, 140), Image.BILINEAR))
        x, y = 40 + (k % 3) * 200, 60 + (k // 3) * 200
        canvas[y : y + 140, x : x + 140] = face
    return np.repeat(canvas[:, :, None], 3, axis=2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frame", choices=["solvay", "fer"], default="solvay")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--landmarks", choices=["primary", "all", "off"], default="primary")
    args = ap.parse_args()
    frame = solvay_frame() if args.frame == "solvay" else fer_frame()
    pipe = FacePipeline(landmarks=args.landmarks)
    r = pipe.analyze(frame)
    for _ in range(10):
        pipe.analyze(frame)
    pipe.timings.clear()
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        pipe.analyze(frame)
        times.append(time.perf_counter() - t)
    times = np.array(times) * 1e3
    print(f"onnxruntime {ort.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs, 1 intra-op thread")
    print(f"frame {args.frame} 640x480, {len(r['faces'])} faces, landmarks {args.landmarks}")
    print(f"per frame: median {np.median(times):.2f} ms, mean {times.mean():.2f} ms, min {times.min():.2f} ms ({args.runs} runs)")
    for stage, t in sorted(pipe.timings.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:18s} {t / args.runs * 1e3:7.3f} ms")


if __name__ == "__main__":
    main()
