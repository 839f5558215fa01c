// Import speed in the browser, for BENCHMARKS.md: the shipped build's background worker reading a
// register (the same request the Bestanden screen sends), against SheetJS (npm `xlsx`, dev-only)
// parsing the same bytes in the same browser run.
// Usage: node benches/import.mjs FILE [dist] [runs]   (after a release build)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { launch, serve } from '../tests/browser/fixture.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node benches/import.mjs FILE [dist] [runs]');
  process.exit(2);
}
const dist = process.argv[3] ?? 'dist';
const runs = Number(process.argv[4] ?? 5);
const bytes = readFileSync(file);

const browser = await launch();
const server = await serve({ dir: dist });
// SheetJS is injected as a script: allowed for this benchmark context only.
const context = await browser.newContext({ serviceWorkers: 'block', bypassCSP: true });
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('html[data-boot="started"]');
await page.addScriptTag({ path: 'node_modules/xlsx/dist/xlsx.full.min.js' });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = [];
const warm = [];
const sheetjs = [];
const inner = [];
const innerWarm = [];
let wasmBytes = 0;
let records = 0;
const base64 = bytes.toString('base64');
for (let i = 0; i < runs; i += 1) {
  // A fresh worker per run: its wasm memory starts small, so its final size is the run's peak.
  const r = await page.evaluate(async ({ base64, name }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const boot = document.querySelector('script[type="module"][src*="boot.js"]').src;
    const worker = new Worker(boot.replace('boot.js', 'worker.js'), { type: 'module' });
    const ask = (message, transfer = []) => new Promise((resolve) => {
      worker.onmessage = (e) => { if (!e.data.progress) resolve(e.data); };
      worker.postMessage(message, transfer);
    });
    await ask({ id: 0, request: JSON.stringify({ op: 'forget', file_id: 0 }) }); // start the wasm
    const request = JSON.stringify({ op: 'open', file_id: 1, name, sheet: null, today: [2026, 332] });
    const copy = data.slice();
    const t0 = performance.now();
    const reply = await ask({ id: 1, request, bytes: data.buffer }, [data.buffer]);
    const ms = performance.now() - t0;
    const wasmBytes = reply.wasmBytes;
    // The same file again in the same worker, the first one forgotten: the module is compiled and
    // its hot functions optimised by now, as for every file after the first in the app.
    await ask({ id: 2, request: JSON.stringify({ op: 'forget', file_id: 1 }) });
    const t1 = performance.now();
    const again = await ask({ id: 3, request, bytes: copy.buffer }, [copy.buffer]);
    const warm = performance.now() - t1;
    worker.terminate();
    // The reply envelope: { json } or { problem } (crates/protocol/src/lib.rs, `Response`).
    const summary = reply.result?.json ? JSON.parse(reply.result.json) : null;
    const ok = summary && again.result?.json;
    const warmSummary = ok ? JSON.parse(again.result.json) : null;
    const failure = reply.fatal ?? reply.result?.problem ?? again.fatal ?? again.result?.problem;
    return {
      ms, warm, wasmBytes, records: summary?.summary?.records ?? -1, error: ok ? null : failure,
      inner: summary?.millis, innerWarm: warmSummary?.millis,
    };
  }, { base64, name: basename(file) });
  if (r.error) throw new Error(`import failed: ${r.error}`);
  ours.push(r.ms);
  warm.push(r.warm);
  inner.push(r.inner);
  innerWarm.push(r.innerWarm);
  wasmBytes = Math.max(wasmBytes, r.wasmBytes ?? 0);
  records = r.records;
  sheetjs.push(await page.evaluate((base64) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    const wb = globalThis.XLSX.read(data, { type: 'array', dense: true });
    const ms = performance.now() - t0;
    if (!wb.SheetNames.length) throw new Error('SheetJS read nothing');
    return ms;
  }, base64));
}
await browser.close();
await server.close();
console.log(`file: ${basename(file)} (${(bytes.length / 1e6).toFixed(1)} MB), ${records} records, ${runs} runs`);
console.log(`koppelhulp (worker, wasm, read + header + values): median ${median(ours).toFixed(0)} ms (min ${Math.min(...ours).toFixed(0)}, max ${Math.max(...ours).toFixed(0)})`);
console.log(`koppelhulp, a second file in the same worker (module compiled and warm): median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)})`);
console.log(`  of which io::import::import inside the wasm (the native example's scope): cold median ${median(inner).toFixed(0)} ms, warm median ${median(innerWarm).toFixed(0)} ms`);
console.log(`SheetJS XLSX.read (dense, main thread, parse only): median ${median(sheetjs).toFixed(0)} ms (min ${Math.min(...sheetjs).toFixed(0)}, max ${Math.max(...sheetjs).toFixed(0)})`);
console.log(`peak wasm memory of the worker: ${(wasmBytes / 1048576).toFixed(0)} MiB`);
