// FaceAnalyzer from Node: the canvas path (RGBA ImageData bytes), empty frames, errors.
// Detection accuracy on real faces is covered by the conformance cases (cases/vision.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const analyzer = new resona.FaceAnalyzer();

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
