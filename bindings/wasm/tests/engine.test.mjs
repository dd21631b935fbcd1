// The Engine from Node: a message-driven session, crisis flag, persistence, typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');

test('a crisis message is flagged at once and the session summarises it', () => {
  const engine = new resona.Engine();
  assert.equal(engine.state(), null);
  engine.pushText('Had a calm day, lunch with friends', 1000);
  const calm = engine.state();
  assert.equal(calm.crisis, false);
  assert.ok(calm.stress.score >= 0 && calm.stress.score <= 100);
  engine.pushText("I want to end it all, I can't go on", 2000);
  const s = engine.state();
  assert.equal(s.crisis, true);
  assert.equal(s.guidance.surface_crisis_resources, true);
  const summary = engine.endSession(3000);
  assert.ok(summary.risk_events.length > 0);
  assert.equal(engine.state(), null);
});

test('baseline and history round-trip; corrupted bytes are typed errors', () => {
  const engine = new resona.Engine();
  engine.pushText('fine thanks', 0);
  engine.endSession(1000);
  const baseline = engine.saveBaseline();
  const history = engine.saveHistory();
  const other = new resona.Engine();
  other.loadBaseline(baseline);
  other.loadHistory(history);
  assert.deepEqual(other.saveHistory(), history);
  assert.throws(() => other.loadBaseline(baseline.slice(0, 10)), (e) => e.name === 'ResonaInputError' && e.code === 'invalid_state');
  assert.ok(['low', 'medium', 'high'].includes(other.burnout().level));
  assert.deepEqual(engine.pushAudio(new Float32Array(1600), 16000, 1, 0), []);
});

test('frames are read at the face interval; 0 reads every frame', () => {
  const frame = new Uint8ClampedArray(320 * 240 * 4);
  const byDefault = new resona.Engine();
  const read = [];
  for (let t = 0; t < 330; t += 33) if (byDefault.pushFrame(frame, 320, 240, t) !== null) read.push(t);
  assert.deepEqual(read, [0, 132, 264]);
  const every = new resona.Engine(0, 0);
  for (const t of [0, 33]) assert.equal(every.pushFrame(frame, 320, 240, t).faces.length, 0);
});
