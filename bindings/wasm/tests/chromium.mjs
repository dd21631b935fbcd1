// Headless Chromium for the web package's browser test (browser_smoke.mjs) and the WASM face
// pipeline bench (benches/peers/wasm_face_pipeline.mjs): a static server on 127.0.0.1 for a
// page and the files it may fetch, and one run of Debian's Chromium driven by playwright-core
// that loads the page and returns what it left in a window variable.
//
// Needs Debian's /usr/bin/chromium (or $CHROMIUM) and playwright-core under
// ${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}/node/node_modules (see .ci/install.sh).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TOOLS = process.env.RESONA_TOOLS_DIR || join(homedir(), '.cache', 'resona-tools');
const PLAYWRIGHT = join(TOOLS, 'node', 'node_modules', 'playwright-core', 'index.mjs');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As root on a machine with no network: without the background-networking flags Chromium's
// connections are refused many at a time. The module is single-threaded, so no thread flags.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm',
};

// Serves `page` at / and the file `resolve(path)` names for any other path (null: 404).
function serve(page, resolve) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
        return;
      }
      const file = resolve(path);
      if (!file) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Loads `page` in headless Chromium (files served through `resolve`), waits for the page to
 * set `window[variable]` (a value or a promise) and returns
 * `{ value, pageErrors }`. Always closes the browser, the server and the temporary
 * profile; rejects after `timeoutMs`.
 */
export async function evaluateInChromium({ page, resolve, variable, timeoutMs, what }) {
  const { chromium } = await import(pathToFileURL(PLAYWRIGHT).href);
  const server = await serve(page, resolve);
  const profile = mkdtempSync(join(tmpdir(), 'resona-chromium-'));
  let context;
  const pageErrors = [];
  try {
    return await withTimeout((async () => {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000,
      });
      const tab = context.pages()[0] ?? (await context.newPage());
      tab.on('pageerror', (e) => pageErrors.push(String(e)));
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      await tab.waitForFunction((name) => window[name] !== undefined, variable);
      const value = await tab.evaluate((name) => window[name], variable, { timeout: timeoutMs });
      return { value, pageErrors };
    })(), timeoutMs, what);
  } finally {
    await context?.close().catch(() => {});
    await new Promise((done) => server.close(done));
    server.closeAllConnections?.();
    rmSync(profile, { recursive: true, force: true });
  }
}
