// Frames and the timing loop of benches/peers/wasm_face_pipeline.mjs, shared by Node and the
// browser page so both environments run exactly the same JavaScript around `analyze`.
// Plain ES module with no imports: the page loads it from the bench's local server.

/** Frame size the budget is stated for. */
export const WIDTH = 640;
export const HEIGHT = 480;

/**
 * Analyzer configurations. `args` go to `new FaceAnalyzer(landmarks, rotation, detector)`:
 * the full-range (256x256) BlazeFace by default, the short-range (128x128 selfie) one with
 * `detector` "short_range". The short-range model only finds faces near the camera, so on the
 * group photo it finds fewer faces than the full-range one (the "faces" column says how many).
 */
export const CONFIGS = [
  { name: 'default (full-range, primary mesh)', args: [] },
  { name: 'short-range, primary mesh', args: [undefined, undefined, 'short_range'] },
  { name: 'landmarks off (detection + expression)', args: ['off'] },
  { name: 'short-range, landmarks off', args: ['off', undefined, 'short_range'] },
  { name: 'landmarks all (mesh on every face)', args: ['all'] },
];

// Files under bindings/conformance/data read by the frames below.
export const DATA_FILES = ['vision/solvay_320.rgb', 'faces/solvay_01.gray'];

// Bilinear resampling at pixel centres (edge-clamped) of `channels`-byte pixels into RGBA.
// The result need not match the native bench's resize bit for bit: only its faces matter.
function resizeToRgba(src, sw, sh, channels, dw, dh, out, ox = 0, oy = 0, ow = dw) {
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const wx = fx - x0;
      const at = ((oy + y) * ow + ox + x) * 4;
      for (let c = 0; c < 3; c++) {
        // Gray sources repeat their one channel into R, G and B.
        const k = channels === 1 ? 0 : c;
        const p = (yy, xx) => src[(yy * sw + xx) * channels + k];
        const top = p(y0, x0) * (1 - wx) + p(y0, x1) * wx;
        const bottom = p(y1, x0) * (1 - wx) + p(y1, x1) * wx;
        out[at + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
      out[at + 3] = 255;
    }
  }
}

/**
 * The two 640x480 RGBA frames (`Uint8ClampedArray`, as `ImageData.data`) of the native bench
 * (benches/benches/vision.rs), made from the conformance data: the Solvay group photo (320 px
 * wide copy, upscaled) and one 220-pixel face (crop solvay_01) on grey, as from a webcam.
 * `data` maps each of DATA_FILES to its bytes.
 */
export function makeFrames(data) {
  const group = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  resizeToRgba(data['vision/solvay_320.rgb'], 320, 309, 3, WIDTH, HEIGHT, group);

  const one = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  for (let i = 0; i < one.length; i += 4) {
    one[i] = one[i + 1] = one[i + 2] = 90;
    one[i + 3] = 255;
  }
  resizeToRgba(data['faces/solvay_01.gray'], 64, 64, 1, 220, 220, one, 210, 130, WIDTH);
  return [
    { name: 'Solvay group photo (6+ faces)', pixels: group },
    { name: 'one 220 px face on grey', pixels: one },
  ];
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  // Nearest-rank percentiles.
  const rank = (p) => s[Math.max(0, Math.ceil(p * s.length) - 1)];
  return {
    runs: s.length,
    median: rank(0.5),
    p90: rank(0.9),
    min: s[0],
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/**
 * Times every configuration on every frame: constructs the analyzer (timed once), runs
 * `warmup` untimed calls, then `runs` timed calls of `analyze(pixels, 640, 480)` (RGBA, the
 * default format), each timed on its own with `now()` (performance.now). The result object
 * is converted to JS inside the timed call, as a caller would pay for it.
 */
export function timeAll(resona, frames, { runs, warmup, now }) {
  const rows = [];
  for (const config of CONFIGS) {
    const t0 = now();
    const analyzer = new resona.FaceAnalyzer(...config.args);
    const constructMs = now() - t0;
    try {
      for (const frame of frames) {
        let faces = 0;
        for (let i = 0; i < warmup; i++) {
          faces = analyzer.analyze(frame.pixels, WIDTH, HEIGHT).faces.length;
        }
        const ms = [];
        for (let i = 0; i < runs; i++) {
          const start = now();
          const out = analyzer.analyze(frame.pixels, WIDTH, HEIGHT);
          ms.push(now() - start);
          faces = out.faces.length;
        }
        rows.push({ config: config.name, frame: frame.name, faces, constructMs, ...stats(ms) });
      }
    } finally {
      analyzer.free();
    }
  }
  return rows;
}
