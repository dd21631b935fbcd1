// Headless Chromium smoke test of the web package: serves pkg/web, this folder and the
// conformance data from 127.0.0.1, loads a tiny page that imports the module, and runs the
// whole conformance suite in the page with the same harness as the Node tests (the
// expression cases classify the real face crops, fetched from the server), plus a direct
// check of a thrown error object. Run by `node --test` (see test.sh) or on its own:
// `node tests/browser_smoke.mjs` exits non-zero on any failure.
//
// Needs Debian's /usr/bin/chromium (or $CHROMIUM) and playwright-core under
// ${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}/node/node_modules (see .ci/install.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TIMEOUT_MS = Number(process.env.RESONA_SMOKE_TIMEOUT_MS) || 180_000;
const TOOLS = process.env.RESONA_TOOLS_DIR || join(homedir(), '.cache', 'resona-tools');
const PLAYWRIGHT = join(TOOLS, 'node', 'node_modules', 'playwright-core', 'index.mjs');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
// Served as /wasm/... and /conformance/...; nothing outside these two folders.
const BINDINGS = fileURLToPath(new URL('../../', import.meta.url));
const ROOTS = ['wasm', 'conformance'];
const CASE_FILES = readdirSync(join(BINDINGS, 'conformance', 'cases')).filter((f) => f.endsWith('.json')).sort();
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm',
};

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

function serve() {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
        return;
      }
      const file = normalize(join(BINDINGS, path));
      if (!ROOTS.some((r) => file.startsWith(join(BINDINGS, r) + sep))) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

// Returns what the page computed; always closes the browser, the server and the profile.
async function runInChromium() {
  const { chromium } = await import(pathToFileURL(PLAYWRIGHT).href);
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'resona-chromium-'));
  let context;
  const pageErrors = [];
  try {
    return await withTimeout((async () => {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => window.smoke !== undefined);
      return { ...(await page.evaluate(() => window.smoke)), pageErrors };
    })(), TIMEOUT_MS, 'the browser smoke test');
  } finally {
    await context?.close().catch(() => {});
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections?.();
    rmSync(profile, { recursive: true, force: true });
  }
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
