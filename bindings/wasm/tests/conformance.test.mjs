// The conformance suite (bindings/conformance/cases/*.json) against the Node package: every
// case of every file, one subtest each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCase, runCase, sharedClassifier } from './harness.mjs';

const resona = createRequire(import.meta.url)('../pkg/node/resona.js');
const CONFORMANCE = fileURLToPath(new URL('../../conformance/', import.meta.url));
const load = async (path) => new Uint8Array(await readFile(join(CONFORMANCE, path)));
const classifier = sharedClassifier(resona);

const files = readdirSync(join(CONFORMANCE, 'cases')).filter((f) => f.endsWith('.json')).sort();

test('the conformance suite has case files', () => {
  assert.ok(files.length > 0, 'no cases/*.json found');
});

for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(CONFORMANCE, 'cases', file), 'utf8'));
  describe(file.replace(/\.json$/, ''), () => {
    test('has cases', () => assert.ok(cases.length > 0));
    for (const c of cases) {
      test(c.name, async () => checkCase(resona, c, await runCase(resona, c, load, classifier)));
    }
  });
}
