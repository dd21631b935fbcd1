// Runs the conformance cases (bindings/conformance/README.md) against a loaded `resona`
// module. Shared by the Node tests and the browser page, so both run the same code: file
// access goes through a `load(path) => Promise<Uint8Array>` given by the caller, with paths
// relative to the conformance folder.

/** Tolerance when a case names none. */
export const DEFAULT_TOLERANCE = 1e-6;

const num = (v) => (v === 'NaN' ? NaN : v);
const nums = (list) => list.map(num);
// Like Rust's `v as u8`: saturating, NaN to 0.
const toU8 = (v) => (Number.isNaN(v) ? 0 : Math.min(255, Math.max(0, Math.trunc(v))));

/** A pixel buffer spec ({file} | {values} | {fill, len}) as bytes. */
export async function bufferU8(spec, load) {
  if (spec.file !== undefined) return load(spec.file);
  if (spec.values !== undefined) return Uint8Array.from(nums(spec.values), toU8);
  return new Uint8Array(spec.len).fill(toU8(num(spec.fill ?? 0)));
}

/** A pixel buffer spec as floats (bytes from files become 0..255), with optional `nan_at`. */
export async function bufferF32(spec, load) {
  let out;
  if (spec.file !== undefined) out = Float32Array.from(await load(spec.file));
  else if (spec.values !== undefined) out = Float32Array.from(nums(spec.values));
  else out = new Float32Array(spec.len).fill(num(spec.fill ?? 0));
  if (spec.nan_at !== undefined) out[spec.nan_at] = NaN;
  return out;
}

function concat(parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

// Reads the case's buffers, then returns the Resona call to make, so that only the call
// itself is inside the try of `runCase`.
async function prepare(resona, c, load, classifier) {
  const i = c.input;
  switch (c.op) {
    case 'emotion_scores_from_logits':
      return () => resona.emotionScoresFromLogits(Float32Array.from(nums(i.logits)), i.labels);
    case 'emotion_scores_from_probabilities':
      return () => resona.emotionScoresFromProbabilities(Float32Array.from(nums(i.probabilities)), i.labels);
    case 'classify_face_crop': {
      const px = i.dtype === 'f32' ? await bufferF32(i.pixels, load) : await bufferU8(i.pixels, load);
      return () => classifier().classifyCrop(px, i.width, i.height);
    }
    case 'classify_face_crops': {
      const px = concat(await Promise.all(i.crops.map((s) => bufferU8(s, load))));
      return () => classifier().classifyCrops(px, i.width, i.height);
    }
    case 'classify_image': {
      const px = await bufferU8(i.pixels, load);
      return () => classifier().classifyImage(px, i.width, i.height, i.format, i.stride);
    }
    case 'text_sentiment':
    case 'text_analyze':
    case 'text_redact_pii': {
      const a = textAnalyzer(resona, i.swahili ?? true);
      const msg = i.bytes !== undefined ? Uint8Array.from(i.bytes) : i.text;
      const method = { text_sentiment: 'sentiment', text_analyze: 'analyze', text_redact_pii: 'redactPii' }[c.op];
      return () => a[method](msg);
    }
    case 'text_transformer': {
      const [model, tokenizer] = await Promise.all([bufferU8(i.model, load), bufferU8(i.tokenizer, load)]);
      const opts = {
        labels: i.labels, pooling: i.pooling, head: i.head, maxLength: i.max_length,
        normalize: i.normalize, inputs: i.inputs, output: i.output,
      };
      const method = { tokenize: 'tokenize', embed: 'embed', classify: 'classify' }[i.call];
      return () => {
        const clf = new resona.TransformerClassifier(model, tokenizer, opts);
        try {
          const out = clf[method](i.text);
          if (i.call === 'embed' && !(out instanceof Float32Array)) throw new Error('embed did not return a Float32Array');
          return out;
        } finally {
          clf.free();
        }
      };
    }
    case 'engine_session': {
      const loaded = await Promise.all(i.events.map(async (e) => {
        if (e.audio !== undefined) return pcm({ pcm: e.audio }, load);
        if (e.frame !== undefined) return load(e.frame.file);
        return null;
      }));
      return () => runEngine(resona, i, loaded);
    }
    case 'face_analyze': {
      const img = i.image;
      const px = await bufferU8(img, load);
      const a = faceAnalyzer(resona, i.landmarks ?? 'primary', i.rotation ?? 0, i.detector ?? 'full_range');
      return () => a.analyze(px, img.width, img.height, img.format, img.stride);
    }
    default:
      if (c.op.startsWith('audio_')) {
        const y = await pcm(i, load);
        return () => runAudio(resona, c.op, i, y);
      }
      throw new Error(`unknown op ${c.op}`);
  }
}

/** The case's samples: `pcm` (int16 LE file, as int16 / 32768) or `zeros`. */
async function pcm(i, load) {
  if (i.zeros !== undefined) return new Float32Array(i.zeros);
  const b = await load(i.pcm);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Float32Array.from({ length: b.byteLength >> 1 }, (_, k) => view.getInt16(2 * k, true) / 32768);
}

function runAudio(resona, op, i, y) {
  const sr = i.sr ?? 16000;
  switch (op) {
    case 'audio_mfcc': {
      const m = resona.mfcc(y, sr, { nMfcc: i.n_mfcc, nMels: i.n_mels, fmin: i.fmin, fmax: i.fmax, htk: i.htk });
      return { rows: m.rows, cols: m.cols, data: m.data };
    }
    case 'audio_rms':
    case 'audio_zcr':
      return { data: resona[op === 'audio_rms' ? 'rms' : 'zcr'](y, { frameLength: i.frame_length, hopLength: i.hop_length }) };
    case 'audio_pyin': {
      const t = resona.pyin(y, sr, { fmin: i.fmin, fmax: i.fmax });
      return { f0: t.f0, voiced: Array.from(t.voicedFlag, (v) => v === 1) };
    }
    case 'audio_yin':
      return { f0: resona.yin(y, sr, { fmin: i.fmin, fmax: i.fmax }) };
    case 'audio_crepe': {
      // The bundled CREPE model on tract, the only backend in wasm.
      const t = resona.crepe(y, sr, { fmin: i.fmin, fmax: i.fmax });
      return { f0: t.f0, voiced: Array.from(t.voicedFlag, (v) => v === 1), periodicity: t.periodicity };
    }
    case 'audio_voice_quality':
      return resona.voiceQuality(y, sr);
    case 'audio_resample':
      return { len: resona.resample(y, i.orig_sr, i.target_sr).length };
    case 'audio_stream': {
      const s = new resona.AudioStream(sr);
      const chunks = i.chunks ?? [Math.max(y.length, 1)];
      const frames = [];
      for (let at = 0, k = 0; at < y.length; k++) {
        const n = Math.max(chunks[k % chunks.length], 1);
        frames.push(...s.push(y.subarray(at, at + n), 0));
        at += n;
      }
      frames.push(...s.finish());
      return { n_frames: frames.length, n_mfcc: frames[0]?.mfcc.length ?? 0 };
    }
    case 'audio_features':
      return resona.features(y, sr);
    case 'audio_voice_emotion_segments':
      return voiceEmotion(resona).predict(y, sr, i.start_ms ?? 0);
    case 'audio_vocal_stress':
      return resona.vocalStress(y, sr);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

function runEngine(resona, i, loaded) {
  const engine = new resona.Engine();
  const summaries = [];
  i.events.forEach((e, k) => {
    const t = e.t ?? 0;
    if (e.text !== undefined) engine.pushText(e.text, t);
    else if (e.audio !== undefined) {
      const y = loaded[k];
      for (let at = 0; at < y.length; at += 320) engine.pushAudio(y.subarray(at, at + 320), 16000, 1, t + 20 * (at / 320));
    } else if (e.frame !== undefined) engine.pushFrame(loaded[k], e.frame.width, e.frame.height, t, e.frame.format);
    else if (e.end_session !== undefined) summaries.push(engine.endSession(t));
  });
  const reads = { state: () => engine.state(), summary: () => summaries.at(-1) ?? null, burnout: () => engine.burnout() };
  return Object.fromEntries((i.read ?? []).map((r) => [r, reads[r]()]));
}

const faceAnalyzers = new Map();
function faceAnalyzer(resona, landmarks, rotation, detector) {
  const key = `${landmarks}/${rotation}/${detector}`;
  if (!faceAnalyzers.has(key)) faceAnalyzers.set(key, new resona.FaceAnalyzer(landmarks, rotation, detector));
  return faceAnalyzers.get(key);
}

// The bundled voice-emotion model (tract, the only backend in wasm), built on first use.
let voiceEmotionModel;
function voiceEmotion(resona) {
  return (voiceEmotionModel ??= new resona.VoiceEmotion());
}

const textAnalyzers = new Map();
function textAnalyzer(resona, swahili) {
  if (!textAnalyzers.has(swahili)) textAnalyzers.set(swahili, new resona.TextAnalyzer(swahili));
  return textAnalyzers.get(swahili);
}

/** The rules of bindings/conformance/src/compare.rs: numbers within `tol`, named keys only. */
export function compareJson(expected, actual, tol, path = '$') {
  if (expected === 'NaN') {
    if (!(actual === null || Number.isNaN(actual))) throw new Error(`${path}: expected NaN, got ${JSON.stringify(actual)}`);
  } else if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !(Math.abs(expected - actual) <= tol)) {
      throw new Error(`${path}: expected ${expected}, got ${actual} (tolerance ${tol})`);
    }
  } else if (Array.isArray(expected)) {
    const a = ArrayBuffer.isView(actual) ? Array.from(actual) : actual;
    if (!Array.isArray(a) || a.length !== expected.length) {
      throw new Error(`${path}: expected ${expected.length} elements, got ${a?.length}`);
    }
    expected.forEach((e, k) => compareJson(e, a[k], tol, `${path}[${k}]`));
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, e] of Object.entries(expected)) {
      if (!(k in actual)) throw new Error(`${path}: missing key ${JSON.stringify(k)}`);
      compareJson(e, actual[k], tol, `${path}.${k}`);
    }
  } else if (expected !== actual) {
    throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/**
 * Runs one case: `{value}` or `{error}` (a thrown Resona error). Anything else thrown (a
 * broken case file, a TypeError) propagates. `classifier()` returns the shared classifier.
 */
export async function runCase(resona, c, load, classifier) {
  const call = await prepare(resona, c, load, classifier);
  try {
    return { value: call() };
  } catch (e) {
    if (e instanceof Error && typeof e.kind === 'string' && typeof e.code === 'string') return { error: e };
    throw e;
  }
}

function compareScores(resona, expected, scores, tol, where) {
  const names = resona.emotions();
  const p = scores.probabilities();
  if (!(p instanceof Float32Array) || p.length !== names.length) throw new Error(`${where}probabilities() is not a Float32Array of ${names.length}`);
  names.forEach((name, k) => {
    const want = expected[name];
    if (want === undefined) throw new Error(`${where}expected scores lack ${name}`);
    if (!(Math.abs(p[k] - want) <= tol)) throw new Error(`${where}${name}: expected ${want}, got ${p[k]} (tolerance ${tol})`);
  });
}

/** Throws an Error describing the first difference between the outcome and the case's expectation. */
export function checkCase(resona, c, outcome) {
  const tol = c.tolerance ?? DEFAULT_TOLERANCE;
  const want = c.expect;
  if (want.error !== undefined) {
    if (outcome.error === undefined) throw new Error(`expected error ${JSON.stringify(want.error)}, got a result`);
    const got = { kind: outcome.error.kind, code: outcome.error.code };
    if (got.kind !== want.error.kind || got.code !== want.error.code) {
      throw new Error(`expected error ${JSON.stringify(want.error)}, got ${JSON.stringify(got)} (${outcome.error.message})`);
    }
    return;
  }
  if (outcome.error !== undefined) {
    const e = outcome.error;
    throw new Error(`unexpected error ${e.kind}/${e.code}: ${e.message}`);
  }
  if (want.value !== undefined) {
    compareJson(want.value, outcome.value, tol);
  } else if (want.scores !== undefined) {
    compareScores(resona, want.scores, outcome.value, tol, '');
    if (want.label !== undefined && outcome.value.label !== want.label) {
      throw new Error(`expected label ${want.label}, got ${outcome.value.label}`);
    }
  } else if (want.scores_list !== undefined) {
    const list = outcome.value;
    if (!Array.isArray(list) || list.length !== want.scores_list.length) {
      throw new Error(`expected ${want.scores_list.length} results, got ${list?.length}`);
    }
    want.scores_list.forEach((s, k) => compareScores(resona, s, list[k], tol, `[${k}] `));
  } else {
    throw new Error(`case expects nothing known: ${JSON.stringify(want)}`);
  }
}

/** A lazily built classifier shared by all cases of one run (building one takes ~0.5 s). */
export function sharedClassifier(resona) {
  let c;
  return () => (c ??= new resona.ExpressionClassifier());
}
