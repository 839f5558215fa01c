// Werk opslaan / Werk openen in the browser, for BENCHMARKS.md: the shipped build's background worker
// saving and opening a work file of 10,000 koppelbestand rows, 2,000 decisions and 500 marks (the
// same requests the dialogs send; the 100,000 SHA-512 rounds included). Native baseline:
// `cargo run --profile bench-native --example werkbestand_bench`.
// Usage: node benches/werkbestand.mjs [dist] [runs]   (after a release build)
import { launch, serve } from '../tests/browser/fixture.mjs';
import { testBsns, testOnderwijsnummers } from '../tests/browser/numbers.mjs';

const dist = process.argv[2] ?? 'dist';
const runs = Number(process.argv[3] ?? 5);

const bsns = testBsns(9000, 999000000).concat(testBsns(3000, 999900000));
const owns = testOnderwijsnummers(12000, 100000000);
const regels = Array.from({ length: 10000 }, (_, i) => ({
  bsn: bsns[i], onderwijsnummer: owns[i], achternaam: `Achternaam${i}`, voorvoegsel: i % 4 ? '' : 'van der',
  voornamen: 'Anna Maria', geboortedatum: `${String((i % 28) + 1).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-2012`,
  geslacht: i % 2 ? 'M' : 'V', opmerking: '',
}));
const verdicts = ['Koppelen', 'GeenDubbel', 'Later'];
const review = Array.from({ length: 2000 }, (_, i) => [bsns[10000 + i], owns[10000 + i], verdicts[i % 3], '2026-11-30']);
const marks = Object.fromEntries(Array.from({ length: 500 }, (_, i) =>
  [`${bsns[i]}|${owns[i]}`, { status: 'Afgehandeld', note: `notitie ${i}` }]));
const password = 'een zin als wachtwoord';
const save = JSON.stringify({
  op: 'save_work',
  work: { format_version: 1, koppelbestand: { regels, unsaved: false, today: [2026, 334] }, review, marks, files: [], antwoord_file: '' },
  about: { app_version: 'bench', organisation: 'G0363 Amsterdam', saved_at: '30-11-2026 14:00', format_version: 1 },
  password,
});
const open = JSON.stringify({ op: 'open_work', password });

const browser = await launch();
const server = await serve({ dir: dist });
const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('html[data-boot="started"]');

const result = await page.evaluate(async ({ save, open, runs }) => {
  const boot = document.querySelector('script[type="module"][src*="boot.js"]').src;
  const worker = new Worker(boot.replace('boot.js', 'worker.js'), { type: 'module' });
  let progress = 0;
  const ask = (message, transfer = []) => new Promise((resolve) => {
    worker.onmessage = (e) => { if (e.data.progress) progress += 1; else resolve(e.data); };
    worker.postMessage(message, transfer);
  });
  await ask({ id: 0, request: JSON.stringify({ op: 'forget', file_id: 0 }) }); // start the wasm
  const saves = [];
  const opens = [];
  const progressPerOpen = [];
  let size = 0;
  let rows = 0;
  for (let i = 0; i < runs; i += 1) {
    let t = performance.now();
    const saved = await ask({ id: 1, request: save });
    saves.push(performance.now() - t);
    const bytes = saved.result.bytes;
    if (!bytes) throw new Error(`save failed: ${saved.result.problem}`);
    size = bytes.length;
    progress = 0;
    t = performance.now();
    const opened = await ask({ id: 2, request: open, bytes: bytes.buffer }, [bytes.buffer]);
    opens.push(performance.now() - t);
    progressPerOpen.push(progress);
    if (!opened.result.json) throw new Error(`open failed: ${opened.result.problem}`);
    rows = JSON.parse(opened.result.json).work.koppelbestand.regels.length;
  }
  worker.terminate();
  return { saves, opens, size, rows, progressPerOpen };
}, { save, open, runs });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`werkbestand in the browser worker: ${result.rows} rows, 2,000 decisions, 500 marks; file ${Math.round(result.size / 1024)} KB`);
console.log(`  save (Werk opslaan, request to bytes): median ${median(result.saves).toFixed(0)} ms  [${result.saves.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`  open (Werk openen, bytes to work):     median ${median(result.opens).toFixed(0)} ms  [${result.opens.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`  progress messages per open: ${result.progressPerOpen.join(', ')}`);
await context.close();
await browser.close();
await server.close();
