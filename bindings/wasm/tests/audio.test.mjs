// resona's audio functions from Node against librosa 0.11.0 / Praat golden files
// (resona-audio/tests/data/golden), with the Rust tests' tolerances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const GOLDEN = fileURLToPath(new URL('../../../resona-audio/tests/data/golden/', import.meta.url));
const json = (f) => JSON.parse(readFileSync(GOLDEN + f, 'utf8'));
const load = (name) => {
  const b = readFileSync(`${GOLDEN}inputs/${name}.pcm16`);
  const i16 = new Int16Array(b.buffer, b.byteOffset, b.length / 2);
  return Float32Array.from(i16, (v) => v / 32768);
};
const MFCC_TOLERANCE = 1e-3;
const spectral = json('spectral.json');
const pitch = json('pitch.json');
const voice = json('voice.json');

test('mfcc (default and htk) equals librosa within 1e-3', () => {
  for (const name of ['tone_220', 'chirp_100_1000', 'espeak_en']) {
    const y = load(name);
    for (const [key, opts] of [['mfcc', {}], ['mfcc_htk', { htk: true }]]) {
      const g = spectral.signals[name][key];
      const m = resona.mfcc(y, 16000, opts);
      assert.equal(m.rows, 40);
      assert.equal(m.cols, g.n_frames);
      g.frames.forEach((col, j) => {
        for (let r = 0; r < 40; r++) {
          const want = g.data[r * g.frames.length + j];
          const got = m.data[r * m.cols + col];
          assert.ok(Math.abs(want - got) <= MFCC_TOLERANCE, `${name} ${key}[${r},${col}]: ${got} vs ${want}`);
        }
      });
    }
  }
});

test('rms and zcr equal librosa within 1e-5', () => {
  const y = load('espeak_en');
  for (const [key, fn] of [['rms_default', resona.rms], ['zcr_default', resona.zcr]]) {
    const g = spectral.signals.espeak_en[key];
    const out = fn(y, {});
    assert.equal(out.length, g.n_frames);
    g.frames.forEach((col, j) => assert.ok(Math.abs(out[col] - g.data[j]) <= 1e-5, `${key}[${col}]`));
  }
});

test('pyin voicing agrees with librosa on >= 97% of frames', () => {
  const c = pitch.cases.espeak_en;
  const { f0, voicedFlag, voicedProb } = resona.pyin(load('espeak_en'), 16000, { fmin: c.params.fmin, fmax: c.params.fmax, frameLength: c.params.frame_length, hopLength: c.params.hop_length });
  assert.equal(f0.length, c.pyin_f0.length);
  let agree = 0;
  c.pyin_voiced.forEach((v, k) => { if (Boolean(v) === Boolean(voicedFlag[k])) agree++; });
  assert.ok(agree / f0.length >= 0.97, `${agree}/${f0.length}`);
  voicedFlag.forEach((v, k) => assert.equal(Number.isNaN(f0[k]), v === 0));
  assert.ok(voicedProb.every((p) => p >= 0 && p <= 1));
});

test('voice quality is within 10% / 1 dB of Praat, null where undefined', () => {
  const want = voice.cases.pulses_120_j3_s10;
  const got = resona.voiceQuality(load('pulses_120_j3_s10'), 16000);
  for (const k of ['jitter_local', 'shimmer_local']) assert.ok(Math.abs(got[k] - want[k]) <= 0.1 * Math.abs(want[k]), k);
  assert.ok(Math.abs(got.hnr_db - want.hnr_db) <= 1);
  const silent = resona.voiceQuality(new Float32Array(16000), 16000);
  assert.equal(silent.jitter_local, null);
});

test('stream: same frames for any chunking; errors keep their code', () => {
  const y = load('espeak_en');
  const run = (sizes) => {
    const s = new resona.AudioStream(16000);
    const frames = [];
    let at = 0;
    for (let k = 0; at < y.length; k++) {
      const n = sizes[k % sizes.length];
      frames.push(...s.push(y.subarray(at, at + n), Math.floor(at / 16)));
      at += n;
    }
    frames.push(...s.finish());
    return frames.map((f) => [f.index, f.mfcc, f.rms, f.f0_hz, f.speech_probability]);
  };
  const whole = run([y.length]);
  assert.equal(whole.length, 1 + Math.floor(y.length / 160));
  assert.deepEqual(run([1, 999, 4096, 7]), whole);
  assert.throws(() => resona.mfcc(y, 1000, {}), (e) => e.name === 'ResonaInputError' && e.code === 'invalid_sample_rate');
  assert.throws(() => resona.pyin(y, 16000, { fmin: 500, fmax: 100 }), (e) => e.name === 'ResonaConfigError' && e.code === 'invalid_parameter');
  const f = resona.features(y, 16000);
  assert.ok(f.duration_s > 3 && f.voiced_ratio > 0 && f.voiced_ratio < 1);
});

test('voice emotion per segment and vocal stress', () => {
  const y = load('espeak_en');
  const segments = new resona.VoiceEmotion().predict(y, 16000, 0);
  assert.ok(segments.length > 0);
  for (const s of segments) {
    assert.ok(s.end > s.start && resona.emotions().includes(s.emotion.label));
    assert.equal(s.emotion.scores.surprised, 0);
  }
  const stress = resona.vocalStress(y, 16000);
  assert.ok(stress.score >= 0 && stress.score <= 1 && stress.indicators.length === 7);
});
