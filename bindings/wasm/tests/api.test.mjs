// The JS surface itself: error objects, typed arrays, argument types and the generated
// TypeScript declarations of the Node package.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const {
  ExpressionClassifier, EmotionScores, emotionScoresFromLogits, emotionScoresFromProbabilities, emotions,
} = resona;
const FACE = readFileSync(fileURLToPath(new URL('../../conformance/data/faces/solvay_01.gray', import.meta.url)));
const RESONA_ORDER = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'surprised', 'disgusted'];

/** Asserts that `fn` throws a Resona error of the given kind and code, and returns it. */
function throwsResona(fn, kind, code) {
  let err;
  assert.throws(fn, (e) => {
    err = e;
    return true;
  });
  assert.ok(err instanceof Error, 'a real Error');
  const name = `Resona${kind[0].toUpperCase()}${kind.slice(1)}Error`;
  assert.equal(err.name, name);
  assert.equal(err.kind, kind);
  assert.equal(err.code, code);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.match(String(err), new RegExp(`^${name}: `));
  assert.equal(typeof err.stack, 'string');
  return err;
}

describe('emotions', () => {
  test('lists the seven names in Resona order', () => {
    assert.deepEqual(emotions(), RESONA_ORDER);
  });
});

describe('EmotionScores', () => {
  test('from logits: typed array out, getters, get, toJSON', () => {
    const s = emotionScoresFromLogits(new Float32Array([0.5, 2.0, -1.0, 0.0, 1.0, -3.0, 0.25]));
    assert.ok(s instanceof EmotionScores);
    const p = s.probabilities();
    assert.ok(p instanceof Float32Array);
    assert.equal(p.length, 7);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-6);
    assert.equal(s.label, 'happy');
    assert.ok(Math.abs(s.confidence - 0.511079215) < 1e-6);
    assert.equal(s.confidence, p[1]);
    assert.equal(s.get('happy'), p[1]);
    assert.equal(s.get('joy'), p[1], 'dataset aliases are accepted');
    const json = s.toJSON();
    assert.deepEqual(Object.keys(json), RESONA_ORDER);
    RESONA_ORDER.forEach((name, k) => assert.equal(json[name], p[k]));
    assert.deepEqual(JSON.parse(JSON.stringify(s)), json);
  });

  test('probabilities() returns a fresh copy each time', () => {
    const s = emotionScoresFromLogits(new Float32Array(7));
    const a = s.probabilities();
    a[0] = 42;
    assert.notEqual(s.probabilities()[0], 42);
  });

  test('accepts plain number arrays and label orders with aliases', () => {
    const fer = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];
    const s = emotionScoresFromLogits([0.1, -2.0, 0.3, 3.2, 0.0, 0.5, 1.0], fer);
    assert.equal(s.label, 'happy');
    assert.ok(Math.abs(s.get('disgusted') - 0.00416545727) < 1e-6);
    const q = emotionScoresFromProbabilities([0.1, 0.0, 0.0, 0.6, 0.2, 0.1, 0.0], fer);
    assert.equal(q.label, 'happy');
    assert.ok(Math.abs(q.get('angry') - 0.1) < 1e-7);
  });

  test('labels may be omitted, undefined or null', () => {
    const l = [3, 0, 0, 0, 0, 0, 0];
    for (const labels of [undefined, null]) assert.equal(emotionScoresFromLogits(l, labels).label, 'neutral');
  });

  test('unknown emotion name in get() is an input error', () => {
    const e = throwsResona(() => emotionScoresFromLogits(new Float32Array(7)).get('boredom'), 'input', 'unknown_name');
    assert.match(e.message, /boredom/);
  });

  test('input errors keep kind, code and message', () => {
    const e = throwsResona(() => emotionScoresFromLogits([0, 1, NaN, 0, 0, 0, 0]), 'input', 'non_finite');
    assert.match(e.message, /non-finite/);
    throwsResona(() => emotionScoresFromLogits([], []), 'input', 'empty');
    throwsResona(() => emotionScoresFromLogits([1, 2], ['happy']), 'input', 'length_mismatch');
    throwsResona(() => emotionScoresFromProbabilities([0.5, 0.5, 0.5, 0, 0, 0, 0]), 'input', 'not_normalized');
  });

  test('config errors are ResonaConfigError', () => {
    const e = throwsResona(() => emotionScoresFromLogits([1, 2], ['happy', 'joy']), 'config', 'invalid_parameter');
    assert.match(e.message, /distinct/);
  });

  test('free() releases the object', () => {
    const s = emotionScoresFromLogits(new Float32Array(7));
    assert.equal(typeof s.free, 'function');
    s.free();
    assert.throws(() => s.probabilities());
  });
});

describe('ExpressionClassifier', () => {
  const c = new ExpressionClassifier();

  test('runs on tract', () => {
    assert.ok(c instanceof ExpressionClassifier);
    assert.equal(c.backend, 'tract');
  });

  test('classifyCrop gives the same scores for Uint8Array, Uint8ClampedArray and Float32Array', () => {
    const u8 = c.classifyCrop(new Uint8Array(FACE), 64, 64);
    assert.ok(u8 instanceof EmotionScores);
    assert.equal(u8.label, 'angry');
    assert.deepEqual(c.classifyCrop(new Uint8ClampedArray(FACE), 64, 64).probabilities(), u8.probabilities());
    const f32 = c.classifyCrop(Float32Array.from(FACE), 64, 64).probabilities();
    u8.probabilities().forEach((p, k) => assert.ok(Math.abs(p - f32[k]) < 1e-6));
  });

  test('classifyCrop rejects other argument types with a TypeError', () => {
    for (const bad of [Array.from(FACE), new Float64Array(FACE), 'pixels', null]) {
      assert.throws(() => c.classifyCrop(bad, 64, 64), TypeError);
    }
  });

  test('classifyCrop errors', () => {
    throwsResona(() => c.classifyCrop(new Uint8Array(48 * 48), 48, 48), 'input', 'wrong_dimensions');
    throwsResona(() => c.classifyCrop(new Uint8Array(100), 64, 64), 'input', 'length_mismatch');
    const nan = new Float32Array(4096).fill(128);
    nan[77] = NaN;
    const e = throwsResona(() => c.classifyCrop(nan, 64, 64), 'input', 'non_finite');
    assert.match(e.message, /index 77/);
    throwsResona(() => c.classifyCrop(new Float32Array(4096).fill(300), 64, 64), 'input', 'out_of_range');
  });

  test('classifyCrops returns an array of EmotionScores, one per crop, in order', () => {
    const two = new Uint8Array(2 * 4096);
    two.set(FACE, 4096);
    const out = c.classifyCrops(two, 64, 64);
    assert.ok(Array.isArray(out));
    assert.equal(out.length, 2);
    assert.ok(out.every((s) => s instanceof EmotionScores));
    assert.deepEqual(out[1].probabilities(), c.classifyCrop(new Uint8Array(FACE), 64, 64).probabilities());
    throwsResona(() => c.classifyCrops(new Uint8Array(0), 64, 64), 'input', 'empty');
    throwsResona(() => c.classifyCrops(new Uint8Array(4097), 64, 64), 'input', 'length_mismatch');
  });

  test('classifyImage: stride defaults to packed; ImageData-style Uint8ClampedArray RGBA', () => {
    const rgba = new Uint8ClampedArray(4096 * 4);
    FACE.forEach((v, k) => rgba.set([v, v, v, 255], 4 * k));
    const packed = c.classifyImage(rgba, 64, 64, 'rgba8');
    assert.equal(packed.label, 'angry');
    assert.deepEqual(c.classifyImage(rgba, 64, 64, 'rgba8', 256).probabilities(), packed.probabilities());
    assert.deepEqual(c.classifyImage(rgba, 64, 64, 'rgba8', undefined).probabilities(), packed.probabilities());
    const gray = c.classifyImage(new Uint8Array(FACE), 64, 64, 'gray8').probabilities();
    packed.probabilities().forEach((p, k) => assert.ok(Math.abs(p - gray[k]) < 1e-6));
  });

  test('classifyImage errors: input and limit kinds', () => {
    throwsResona(() => c.classifyImage(new Uint8Array(64), 8, 8, 'yuv420'), 'input', 'unknown_name');
    throwsResona(() => c.classifyImage(new Uint8Array(12288), 64, 64, 'rgb8', 100), 'input', 'stride_too_small');
    throwsResona(() => c.classifyImage(new Uint8Array(12287), 64, 64, 'rgb8'), 'input', 'buffer_too_short');
    throwsResona(() => c.classifyImage(new Uint8Array(16), 0, 4, 'gray8'), 'input', 'zero_dimension');
    const e = throwsResona(() => c.classifyImage(new Uint8Array(16385), 16385, 1, 'gray8'), 'limit', 'limit_exceeded');
    assert.match(e.message, /16385/);
  });

  test('free() releases the classifier', () => {
    const d = new ExpressionClassifier();
    d.free();
    assert.throws(() => d.classifyCrop(new Uint8Array(FACE), 64, 64));
  });
});

describe('TypeScript declarations', () => {
  for (const target of ['node', 'web']) {
    test(`pkg/${target}/resona.d.ts declares the public API`, () => {
      const dts = readFileSync(fileURLToPath(new URL(`../pkg/${target}/resona.d.ts`, import.meta.url)), 'utf8');
      for (const re of [
        /export class ExpressionClassifier \{/,
        /constructor\(\);/,
        /classifyCrop\(pixels: Uint8Array \| Uint8ClampedArray \| Float32Array, width: number, height: number\): EmotionScores;/,
        /classifyCrops\(pixels: Uint8Array \| Uint8ClampedArray, width: number, height: number\): EmotionScores\[\];/,
        /classifyImage\(pixels: Uint8Array \| Uint8ClampedArray, width: number, height: number, format: PixelFormat, stride\?: number \| null\): EmotionScores;/,
        /readonly backend: string;/,
        /export class EmotionScores \{/,
        /probabilities\(\): Float32Array;/,
        /readonly label: Emotion;/,
        /readonly confidence: number;/,
        /get\(name: string\): number;/,
        /toJSON\(\): Record<Emotion, number>;/,
        /export function emotionScoresFromLogits\(logits: Float32Array \| number\[\], labels\?: string\[\] \| null\): EmotionScores;/,
        /export function emotionScoresFromProbabilities\(/,
        /export function emotions\(\): Emotion\[\];/,
        /export type Emotion = "neutral" \| "happy"/,
        /export type PixelFormat = "rgb8" \| "rgba8" \| "bgr8" \| "gray8";/,
        /export interface ResonaError extends Error \{/,
        /free\(\): void;/,
      ]) {
        assert.match(dts, re);
      }
    });
  }
});
