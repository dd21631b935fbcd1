// FaceAnalyzer from Node: the canvas path (RGBA ImageData bytes), empty frames, errors, the
// short-range detector. Detection accuracy on real faces is covered by the conformance cases
// (cases/vision.json, both detectors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const analyzer = new resona.FaceAnalyzer();

// One Solvay face crop (64x64 gray, public domain) scaled to 220 px (nearest neighbour) on a
// grey 640x480 RGBA frame, as from a webcam: the setting the selfie model is made for.
function oneFaceFrame() {
  const crop = readFileSync(new URL('../../conformance/data/faces/solvay_01.gray', import.meta.url));
  const [w, h, side, left, top] = [640, 480, 220, 210, 130];
  const rgba = new Uint8ClampedArray(w * h * 4).fill(90);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const at = (y * w + x) * 4;
      const [cx, cy] = [x - left, y - top];
      if (cx >= 0 && cx < side && cy >= 0 && cy < side) {
        const v = crop[Math.floor((cy * 64) / side) * 64 + Math.floor((cx * 64) / side)];
        rgba[at] = rgba[at + 1] = rgba[at + 2] = v;
      }
      rgba[at + 3] = 255;
    }
  }
  return { rgba, w, h, left, top, side };
}

test('an empty RGBA frame has no faces and no primary', () => {
  const w = 320;
  const h = 240;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(0);
  const r = analyzer.analyze(rgba, w, h);
  assert.deepEqual(r.faces, []);
  assert.equal(r.primary, null);
  assert.equal(r.width, w);
  const t = analyzer.track(rgba, w, h, 0);
  assert.deepEqual(t.tracks, []);
});

test('bad frames are typed errors', () => {
  assert.throws(() => analyzer.analyze(new Uint8Array(10), 320, 240), (e) => e.name === 'ResonaInputError' && e.code === 'buffer_too_short');
  assert.throws(() => analyzer.analyze(new Uint8Array(12), 2, 2, 'yuv'), (e) => e.name === 'ResonaInputError' && e.code === 'unknown_name');
  assert.throws(() => new resona.FaceAnalyzer('some'), (e) => e.code === 'unknown_name');
});

test('the short-range detector finds the one face of a webcam-like frame', () => {
  const { rgba, w, h, left, top, side } = oneFaceFrame();
  const selfie = new resona.FaceAnalyzer(undefined, undefined, 'short_range');
  try {
    const r = selfie.analyze(rgba, w, h);
    assert.equal(r.faces.length, 1, JSON.stringify(r.faces.map((f) => f.bbox)));
    assert.equal(r.primary, 0);
    const { x, y, width, height } = r.faces[0].bbox;
    // The box centre falls inside the pasted face.
    assert.ok(x + width / 2 > left && x + width / 2 < left + side, `x ${x} width ${width}`);
    assert.ok(y + height / 2 > top && y + height / 2 < top + side, `y ${y} height ${height}`);
    assert.equal(r.faces[0].landmarks.points.length, 468);
  } finally {
    selfie.free();
  }
  // The default (full-range) analyzer agrees on the count.
  assert.equal(analyzer.analyze(rgba, w, h).faces.length, 1);
});

test('an unknown detector is a typed error', () => {
  assert.throws(
    () => new resona.FaceAnalyzer(undefined, undefined, 'long_range'),
    (e) => e.name === 'ResonaInputError' && e.code === 'unknown_name' && e.message.includes('long_range'),
  );
});
