// Headless Chromium smoke test of the web package: serves pkg/web, this folder and the
// conformance data from 127.0.0.1, loads a tiny page that imports the module, and runs the
// whole conformance suite in the page with the same harness as the Node tests (the
// expression cases classify the real face crops, fetched from the server), plus a direct
// check of a thrown error object. Run by `node --test` (see test.sh) or on its own:
// `node tests/browser_smoke.mjs` exits non-zero on any failure.
//
// Needs what chromium.mjs needs: Debian's Chromium and playwright-core (see .ci/install.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateInChromium } from './chromium.mjs';

const TIMEOUT_MS = Number(process.env.RESONA_SMOKE_TIMEOUT_MS) || 180_000;
// Served as /wasm/... and /conformance/...; nothing outside these two folders.
const BINDINGS = fileURLToPath(new URL('../../', import.meta.url));
const ROOTS = ['wasm', 'conformance'];
const CASE_FILES = readdirSync(join(BINDINGS, 'conformance', 'cases')).filter((f) => f.endsWith('.json')).sort();

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>resona smoke test</title>
<script type="module">
import init, * as resona from '/wasm/pkg/web/resona.js';
import { checkCase, runCase, sharedClassifier } from '/wasm/tests/harness.mjs';

const load = async (path) => {
  const r = await fetch('/conformance/' + path);
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return new Uint8Array(await r.arrayBuffer());
};

async function main() {
  await init();
  const classifier = sharedClassifier(resona);
  const results = [];
  for (const file of ${JSON.stringify(CASE_FILES)}) {
    const { cases } = await (await fetch('/conformance/cases/' + file)).json();
    for (const c of cases) {
      let error = null;
      try {
        checkCase(resona, c, await runCase(resona, c, load, classifier));
      } catch (e) {
        error = String(e && e.stack || e);
      }
      results.push({ file, name: c.name, op: c.op, error });
    }
  }
  // One thrown error, seen from the page.
  let thrown = null;
  try {
    classifier().classifyCrop(new Uint8Array(48 * 48), 48, 48);
  } catch (e) {
    thrown = { isError: e instanceof Error, name: e.name, kind: e.kind, code: e.code, message: e.message };
  }
  return { results, thrown, backend: classifier().backend };
}
window.smoke = main();
</script>
`;

// Returns what the page computed, and the page's uncaught errors.
async function runInChromium() {
  const resolve = (path) => {
    const file = normalize(join(BINDINGS, path));
    return ROOTS.some((r) => file.startsWith(join(BINDINGS, r) + sep)) ? file : null;
  };
  const { value, pageErrors } = await evaluateInChromium({
    page: PAGE, resolve, variable: 'smoke', timeoutMs: TIMEOUT_MS, what: 'the browser smoke test',
  });
  return { ...value, pageErrors };
}

test('conformance suite in headless Chromium', { timeout: TIMEOUT_MS + 30_000 }, async (t) => {
  const out = await runInChromium();
  assert.deepEqual(out.pageErrors, []);
  assert.equal(out.backend, 'tract');
  await t.test('a thrown error keeps name, kind and code', () => {
    assert.deepEqual(
      { ...out.thrown, message: undefined },
      { isError: true, name: 'ResonaInputError', kind: 'input', code: 'wrong_dimensions', message: undefined },
    );
    assert.match(out.thrown.message, /48x48/);
  });
  const crops = out.results.filter((r) => r.op === 'classify_face_crop' && r.file === 'expression.json');
  await t.test('the page ran the face crops of expression.json', () => assert.ok(crops.length >= 6));
  for (const r of out.results) {
    await t.test(`${r.file.replace(/\.json$/, '')}: ${r.name}`, () => assert.equal(r.error, null));
  }
});
