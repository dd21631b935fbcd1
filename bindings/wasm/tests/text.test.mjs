// The text API from Node: schema, spans in UTF-16 units, batch == single, typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const analyzer = new resona.TextAnalyzer();

test('analyze returns the shared schema with a crisis flag', () => {
  const r = analyzer.analyze("I can't go on anymore 😞 I want to end it all");
  for (const k of ['emotion', 'label', 'confidence', 'sentiment', 'sarcasm', 'risk', 'keywords', 'stressors', 'code_switch']) {
    assert.ok(k in r, `missing ${k}`);
  }
  assert.equal(r.risk.level, 'severe');
  assert.equal(r.risk.crisis, true);
  assert.ok(Math.abs(Object.values(r.emotion).reduce((a, b) => a + b, 0) - 1) < 1e-5);
});

test('spans slice JS strings (UTF-16 units) even after astral emoji', () => {
  const msg = '😩😩 nimechoka na kazi, I want to give up';
  const r = analyzer.analyze(msg);
  assert.ok(r.risk.matches.length > 0);
  for (const t of r.code_switch.tokens) {
    const word = msg.slice(t.span.start, t.span.end);
    assert.ok(word.length > 0 && !word.includes(' '), JSON.stringify(word));
  }
  const words = r.code_switch.tokens.map((t) => msg.slice(t.span.start, t.span.end));
  assert.ok(words.includes('nimechoka') && words.includes('kazi'), words.join('|'));
});

test('redaction, batch and bytes', () => {
  const red = analyzer.redactPii('📧 jane.doe@example.com');
  assert.equal(red.text, '📧 [EMAIL]');
  const e = red.items[0].span_in_original;
  assert.equal('📧 jane.doe@example.com'.slice(e.start, e.end), 'jane.doe@example.com');
  const msgs = ['Oh great, another meeting', 'niko sawa'];
  assert.deepEqual(analyzer.analyzeBatch(msgs), msgs.map((m) => analyzer.analyze(m)));
  assert.deepEqual(analyzer.analyze(new TextEncoder().encode('niko sawa')), analyzer.analyze('niko sawa'));
  assert.throws(() => analyzer.analyze(Uint8Array.from([72, 255])), (err) => err.name === 'ResonaInputError' && err.code === 'invalid_utf8');
  assert.ok(analyzer.sentiment('I love it').compound > 0.5);
});

// Bring your own transformer, on tract in WebAssembly: the repository's fine-tuned MiniLM
// emotion model (resona-text/models) given as bytes with its tokenizer.json, checked against
// Python tokenizers + onnxruntime on the same file (minilm_emotion_reference.json).
test('TransformerClassifier runs a real model: Python ids and labels', () => {
  const root = new URL('../../../resona-text/', import.meta.url);
  const model = readFileSync(new URL('models/emotion-minilm-int8.onnx', root));
  const tokenizer = readFileSync(new URL('models/minilm-tokenizer.json', root), 'utf8');
  const ref = JSON.parse(readFileSync(new URL('tests/data/transformer/minilm_emotion_reference.json', root), 'utf8'));
  const ekman = ['anger', 'disgust', 'fear', 'joy', 'neutral', 'sadness', 'surprise'];
  const clf = new resona.TransformerClassifier(model, tokenizer, {
    pooling: 'none', output: 'logits', labels: ekman, maxLength: ref.max_length,
  });
  const resonaName = { anger: 'angry', disgust: 'disgusted', fear: 'fearful', joy: 'happy', neutral: 'neutral', sadness: 'sad', surprise: 'surprised' };
  for (const m of ref.messages) {
    assert.deepEqual(clf.tokenize(m.text).input_ids, m.input_ids, m.text);
    const want = resonaName[ekman[m.logits.indexOf(Math.max(...m.logits))]];
    const r = clf.classify(new TextEncoder().encode(m.text));
    assert.equal(r.label, want, m.text);
    assert.equal(r.confidence, r.scores[r.label]);
  }
  clf.free();
});

test('TransformerClassifier settings are typed errors', () => {
  const tokenizer = readFileSync(new URL('../../../resona-text/models/minilm-tokenizer.json', import.meta.url));
  assert.throws(() => new resona.TransformerClassifier(new Uint8Array([1, 2]), tokenizer, { pooling: 'max' }),
    (e) => e.kind === 'input' && e.code === 'unknown_name');
  assert.throws(() => new resona.TransformerClassifier(new Uint8Array([1, 2]), tokenizer),
    (e) => e.kind === 'model' && e.code === 'model_load');
  assert.throws(() => new resona.TransformerClassifier(new Uint8Array(0), tokenizer, { head: { weights: [1, 2] }, labels: ['joy'] }),
    (e) => e.kind === 'config' && e.code === 'invalid_parameter');
  assert.throws(() => new resona.TransformerClassifier(new Uint8Array(0), 42), TypeError);
});
