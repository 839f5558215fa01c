// Dubbelen zoeken in the browser, for BENCHMARKS.md: the shipped build's background worker opens a
// generated BRP list and school list (`cargo run --release --example genereer -- --rows N --out DIR`)
// and finds the pairs — the same requests the screens send. Prints the time (after import), the
// time until the page has the list of pairs (numbers and weights), learning from one and from 200
// decisions (the pairs nearest the threshold, decided from the truth) with the re-scored list back
// on the page, the details of the first 5 pairs, precision / recall / F1 at the default threshold
// against DIR/truth.csv (before and after the 200 decisions), the worker's peak memory, and in the
// app the time from pressing "Dubbelen zoeken" to the first pair on screen and to the whole list.
// Usage: node benches/dubbelen.mjs DIR [dist] [runs]   (after a release build)
import { readFileSync } from 'node:fs';
import { launch, serve } from '../tests/browser/fixture.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node benches/dubbelen.mjs DIR [dist] [runs]');
  process.exit(2);
}
const dist = process.argv[3] ?? 'dist';
const runs = Number(process.argv[4] ?? 3);
const THRESHOLD = 1.0; // core::matcher::DEFAULT_THRESHOLD
const files = ['brp.xlsx', 'school.csv'].map((name) => ({ name, base64: readFileSync(`${dir}/${name}`).toString('base64') }));
// truth.csv: bsn,onderwijsnummer,brp_index,school_index. Scored by the numbers, as the list has them
// (BSNs repeat in big generated sets: a pair with another record of the same BSN counts as right).
const truth = new Set(readFileSync(`${dir}/truth.csv`, 'utf8').trim().split('\n').slice(1)
  .map((line) => line.split(',').slice(0, 2).join(',')));

const browser = await launch();
const server = await serve({ dir: dist });
const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('html[data-boot="started"]');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (let i = 0; i < runs; i += 1) {
  const r = await page.evaluate(async ({ files, threshold, truth }) => {
    const boot = document.querySelector('script[type="module"][src*="boot.js"]').src;
    const worker = new Worker(boot.replace('boot.js', 'worker.js'), { type: 'module' });
    let id = 0;
    const stages = [];
    const ask = (request, bytes) => new Promise((resolve) => {
      id += 1;
      worker.onmessage = (e) => {
        const p = e.data.progress;
        if (!p) resolve(e.data);
        else if (stages.at(-1)?.stage !== p.stage) stages.push({ stage: p.stage, at: performance.now() });
      };
      worker.postMessage({ id, request: JSON.stringify(request), bytes }, bytes ? [bytes] : []);
    });
    const ids = [];
    for (const [n, f] of files.entries()) {
      const data = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      const reply = await ask({ op: 'open', file_id: n + 1, name: f.name, sheet: null, today: [2026, 332] }, data.buffer);
      if (!reply.result?.json) return { error: reply.result?.problem ?? reply.fatal };
      ids.push(n + 1);
    }
    stages.length = 0;
    const t0 = performance.now();
    const reply = await ask({ op: 'find_pairs', file_ids: ids });
    // The reply envelope: { json } or { problem } (crates/protocol/src/lib.rs, `Response`).
    if (!reply.result?.json) return { error: reply.result?.problem ?? reply.fatal };
    const found = JSON.parse(reply.result.json);
    const roundTrip = performance.now() - t0;
    let wasmBytes = reply.wasmBytes;
    const key = (p) => `${p.bsn},${p.onderwijsnummer}`;
    const t1 = performance.now();
    const shown = await ask({ op: 'pair_details', keys: found.pairs.slice(0, 5).map((p) => [p.bsn, p.onderwijsnummer]) });
    const detailsMs = performance.now() - t1;
    if (JSON.parse(shown.result.json).length !== Math.min(5, found.pairs.length)) return { error: 'details' };
    const nearest = [...found.pairs].sort((a, b) => Math.abs(a.weight - threshold) - Math.abs(b.weight - threshold));
    const decisions = (n) => nearest.slice(0, n).map((p) => ({ bsn: p.bsn, onderwijsnummer: p.onderwijsnummer, same: truth.includes(key(p)) }));
    const t2 = performance.now();
    const one = await ask({ op: 'learn', decisions: decisions(1) });
    const learnOneMs = performance.now() - t2;
    const t3 = performance.now();
    const many = await ask({ op: 'learn', decisions: decisions(200) });
    const learnManyMs = performance.now() - t3;
    if (!one.result?.json || !many.result?.json) return { error: 'learn' };
    wasmBytes = Math.max(wasmBytes, one.wasmBytes ?? 0, many.wasmBytes ?? 0, shown.wasmBytes ?? 0);
    const after = JSON.parse(many.result.json);
    const rejected = new Set(decisions(200).filter((d) => !d.same).map((d) => `${d.bsn},${d.onderwijsnummer}`));
    const accepted = new Set(decisions(200).filter((d) => d.same).map((d) => `${d.bsn},${d.onderwijsnummer}`));
    worker.terminate();
    return {
      millis: found.millis,
      roundTrip,
      detailsMs,
      learnOneMs,
      learnManyMs,
      wasmBytes,
      all: found.pairs.length,
      stages: stages.map((s) => `${s.stage} +${(s.at - t0).toFixed(0)} ms`).join(', '),
      pairs: found.pairs.filter((p) => p.weight >= threshold).map(key),
      after: after.pairs.filter((p) => !rejected.has(key(p)) && (accepted.has(key(p)) || p.weight >= threshold)).map(key),
    };
  }, { files, threshold: THRESHOLD, truth: [...truth] });
  if (r.error) throw new Error(`failed: ${r.error}`);
  results.push(r);
}
// As the user sees it: open both files on Bestanden, press "Dubbelen zoeken", wait for the review.
const ui = await context.newPage();
await ui.goto(`${server.url}#/bestanden`);
await ui.waitForSelector('html[data-boot="started"] nav');
await ui.setInputFiles('#bestanden-kiezen', ['brp.xlsx', 'school.csv'].map((n) => `${dir}/${n}`));
for (const n of [0, 1]) await ui.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 120_000 });
await ui.goto(`${server.url}#/dubbelen`);
const button = ui.getByRole('button', { name: 'Dubbelen zoeken' });
await button.waitFor();
const clicked = Date.now();
await button.click();
await ui.locator('#beoordelen table.pair').waitFor({ timeout: 120_000 });
const uiMs = Date.now() - clicked;
// The whole list: the summary counts the pupils compared (while the surest pairs are shown first,
// it says the search is still running).
await ui.locator('#zoek-uitkomst', { hasText: 'vergeleken' }).waitFor({ timeout: 120_000 });
const uiAllMs = Date.now() - clicked;
await browser.close();
await server.close();

const last = results.at(-1);
const score = (pairs) => {
  const tp = pairs.filter((p) => truth.has(p)).length;
  const precision = tp / Math.max(pairs.length, 1);
  const recall = tp / Math.max(truth.size, 1);
  const f1 = (2 * precision * recall) / Math.max(precision + recall, 1e-9);
  return `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${f1.toFixed(4)}`;
};
console.log(`${dir}: ${last.pairs.length} pairs ≥ ${THRESHOLD} (${last.all} handed to review), ${truth.size} true, ${runs} runs`);
console.log(`before decisions: ${score(last.pairs)}; after 200: ${score(last.after)}`);
console.log(`find pairs in the worker: median ${median(results.map((r) => r.millis)).toFixed(0)} ms; until the page has the list: median ${median(results.map((r) => r.roundTrip)).toFixed(0)} ms`);
console.log(`details of 5 pairs: median ${median(results.map((r) => r.detailsMs)).toFixed(0)} ms; learn from 1 decision and the list back: ${median(results.map((r) => r.learnOneMs)).toFixed(0)} ms; from 200: ${median(results.map((r) => r.learnManyMs)).toFixed(0)} ms`);
console.log(`in the app: from pressing "Dubbelen zoeken" to the first pair on screen: ${uiMs} ms; to the whole list: ${uiAllMs} ms`);
console.log(`stages (last run): ${last.stages}`);
console.log(`peak wasm memory of the worker: ${(Math.max(...results.map((r) => r.wasmBytes)) / 1048576).toFixed(0)} MiB`);
