// Speed of the face pipeline (detection + landmarks + expression) in WebAssembly on one 640x480
// RGBA frame: in headless Chromium, timed with performance.now() inside the page, and in Node
// on the same module for comparison, with the full-range and the short-range detector.
// Frames, configurations and the timing loop live in wasm_face_frames.mjs, which both
// environments run.
//
//   node benches/peers/wasm_face_pipeline.mjs [--pkg DIR] [--runs 50] [--warmup 5]
//        [--only browser|node] [--json FILE]
//
// --pkg is the folder with web/ and node/ as bindings/wasm/build.sh writes them (default
// bindings/wasm/pkg). Time the shipped build: `RESONA_WASM_PROFILE=small-release
// bindings/wasm/build.sh` first; the default dev build leaves the workspace crates
// unoptimised. Needs what bindings/wasm/tests/chromium.mjs needs: Debian's Chromium and
// playwright-core (see .ci/install.sh).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { basename, join, normalize, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateInChromium } from '../../bindings/wasm/tests/chromium.mjs';
import { DATA_FILES, makeFrames, timeAll } from './wasm_face_frames.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..', '..');
const DATA = join(REPO, 'bindings', 'conformance', 'data');
const TIMEOUT_MS = 600_000;

const { values: opts } = parseArgs({
  options: {
    pkg: { type: 'string', default: join(REPO, 'bindings', 'wasm', 'pkg') },
    runs: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});
const PKG = resolve(opts.pkg);
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);
if (![undefined, 'browser', 'node'].includes(opts.only) || !(RUNS > 0) || !(WARMUP >= 0)) {
  console.error('usage: wasm_face_pipeline.mjs [--pkg DIR] [--runs N] [--warmup N] [--only browser|node] [--json FILE]');
  process.exit(2);
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>resona face pipeline bench</title>
<script type="module">
import init, * as resona from '/pkg/web/resona.js';
import { DATA_FILES, HEIGHT, WIDTH, makeFrames, timeAll } from '/peers/wasm_face_frames.mjs';

async function main() {
  await init();
  const data = {};
  for (const f of DATA_FILES) {
    const r = await fetch('/data/' + f);
    if (!r.ok) throw new Error(f + ': HTTP ' + r.status);
    data[f] = new Uint8Array(await r.arrayBuffer());
  }
  // Hand analyze the buffer of a real ImageData, as a canvas caller would.
  const frames = makeFrames(data).map((f) => ({ ...f, pixels: new ImageData(f.pixels, WIDTH, HEIGHT).data }));
  const rows = timeAll(resona, frames, { runs: ${RUNS}, warmup: ${WARMUP}, now: () => performance.now() });
  return { rows, userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated };
}
window.bench = main().catch((e) => ({ error: String(e && e.stack || e) }));
</script>
`;

// The page may fetch the package (/pkg/), this folder's wasm_face_* files (/peers/) and the
// conformance data (/data/); nothing else.
async function inChromium() {
  const roots = { pkg: PKG, peers: HERE, data: DATA };
  const resolveFile = (path) => {
    const [, top, ...rest] = path.split('/');
    const root = roots[top];
    const file = root && normalize(join(root, ...rest));
    if (!file || !file.startsWith(root.replace(/\/?$/, sep))) return null;
    return top === 'peers' && !basename(file).startsWith('wasm_face_') ? null : file;
  };
  const { value: out, pageErrors } = await evaluateInChromium({
    page: PAGE, resolve: resolveFile, variable: 'bench', timeoutMs: TIMEOUT_MS, what: 'the browser bench',
  });
  if (out.error || pageErrors.length) throw new Error(out.error ?? pageErrors.join('\n'));
  const version = /Chrome\/([\d.]+)/.exec(out.userAgent)?.[1] ?? 'unknown';
  return { env: `headless Chromium ${version}`, ...out };
}

function inNode() {
  const resona = createRequire(import.meta.url)(join(PKG, 'node', 'resona.js'));
  const data = Object.fromEntries(DATA_FILES.map((f) => [f, new Uint8Array(readFileSync(join(DATA, f)))]));
  const rows = timeAll(resona, makeFrames(data), { runs: RUNS, warmup: WARMUP, now: () => performance.now() });
  return { env: `Node ${process.version} (V8 ${process.versions.v8})`, rows };
}

// Custom sections of a wasm binary by name (a small walk over the section headers).
function customSections(bytes) {
  const out = {};
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const len = leb();
      out[bytes.subarray(at, at + len).toString('latin1')] = bytes.subarray(at + len, end);
    }
    at = end;
  }
  return out;
}

// tract compiles its wasm SIMD kernels (tract_linalg::wasm::*) only under the crate-wide
// `+simd128` target feature, else it runs generic scalar ones. The target_features section
// cannot tell: it lists simd128 as soon as one function enables it (rustfft, memchr and
// zlib-rs do), so look for the kernels' names in the name section.
function simdNote(wasm) {
  const names = customSections(readFileSync(wasm)).name;
  if (!names) return 'unknown (the module has no name section)';
  return names.includes('tract_linalg::wasm::')
    ? 'yes: built with +simd128, tract runs its wasm SIMD kernels'
    : 'no: built without +simd128, tract runs its generic scalar kernels';
}

function table(result) {
  const f = (x) => x.toFixed(1);
  const lines = [
    `## ${result.env}`,
    ...(result.userAgent ? [`user agent: ${result.userAgent}`] : []),
    '',
    '| configuration | frame | faces | median ms | p90 ms | min ms | mean ms | new FaceAnalyzer ms |',
    '|---|---|---|---|---|---|---|---|',
    ...result.rows.map((r) =>
      `| ${r.config} | ${r.frame} | ${r.faces} | ${f(r.median)} | ${f(r.p90)} | ${f(r.min)} | ${f(r.mean)} | ${f(r.constructMs)} |`),
  ];
  return lines.join('\n');
}

async function main() {
  const wasm = join(PKG, 'web', 'resona_bg.wasm');
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`module: ${wasm} (${(statSync(wasm).size / 1e6).toFixed(1)} MB)`);
  console.log(`SIMD: ${simdNote(wasm)}; single-threaded`);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; ${RUNS} timed runs after ${WARMUP} warm-up`);
  const loadBefore = load();
  console.log(`load average before: ${loadBefore}\n`);
  const results = [];
  if (opts.only !== 'node') results.push(await inChromium());
  if (opts.only !== 'browser') results.push(inNode());
  for (const r of results) console.log(`${table(r)}\n`);
  const loadAfter = load();
  console.log(`load average after: ${loadAfter}`);
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({ date: new Date().toISOString(), module: wasm, loadBefore, loadAfter, results }, null, 1));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
