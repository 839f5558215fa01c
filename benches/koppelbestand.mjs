// The Koppelbestand screen at the size of a big gemeente, for BENCHMARKS.md: the shipped build in
// headless Chromium, as a user works — paste N rows from Excel, come back to the screen, type in a
// cell, leave a cell (the checks between rows included), go to the last page, download, reload.
// Input delay is measured as the browser's INP does: from the event to the next paint (Event
// Timing API, `duration`), median and worst of 20 inputs.
// Usage: node benches/koppelbestand.mjs [dist] [sizes…]   (after a release build; default 1000 10000)
import { launch, serve } from '../tests/browser/fixture.mjs';
import { testBsns, testOnderwijsnummers } from '../tests/browser/numbers.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1000, 10000];

// The BRP test range (9999xxxxx) holds 9,090 valid BSNs: above that, rows are questions about an
// onderwijsnummer (an opmerking and one number), as officers also send them.
const BSNS = testBsns(9000, 999900000);
const OWNS = testOnderwijsnummers(12000);
function rows(n) {
  return Array.from({ length: n }, (_, i) => {
    const date = `${String((i % 28) + 1).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}-20${10 + (i % 8)}`;
    return i < BSNS.length
      ? [BSNS[i], OWNS[i], `Achternaam${i}`, '', `Kind${i}`, date, i % 2 ? 'V' : 'M', '']
      : ['', OWNS[i], `Achternaam${i}`, '', `Kind${i}`, date, i % 2 ? 'V' : 'M', 'Is dit dezelfde leerling?'];
  });
}
const tsv = (table) => table.map((r) => r.join('\t')).join('\r\n') + '\r\n';
const ms = (x) => `${Math.round(x)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Time until `predicate` holds in the page, polled every frame, from `since` (performance.now()). */
const until = (page, predicate, arg) => page.waitForFunction(predicate, arg, { polling: 'raf', timeout: 120_000 });
const step = (what) => process.stderr.write(`  ${what}\n`);

const browser = await launch();
const server = await serve({ dir: dist });
for (const n of sizes) {
  const context = await browser.newContext({
    serviceWorkers: 'block', acceptDownloads: true, viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  await page.goto(`${server.url}#/instellingen`);
  await page.waitForSelector('html[data-boot="started"]');
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active').waitFor();
  await page.evaluate(() => { location.hash = '#/koppelbestand'; });
  await page.locator('#tellingen').waitFor();
  // Input delays, as the browser measures them.
  await page.evaluate(() => {
    window.khEvents = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.khEvents.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  });
  const out = { rows: n };

  step('paste');
  // Paste n rows.
  await page.evaluate((text) => navigator.clipboard.writeText(text), tsv(rows(n)));
  await page.getByLabel('BSN, regel 1', { exact: true }).focus();
  let t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Control+V');
  await until(page, (want) => document.querySelector('#melding')?.textContent.includes(want), `${n.toLocaleString('nl-NL')} regels geplakt`);
  out.paste = (await page.evaluate(() => performance.now())) - t0;

  step('screen');
  // Leave and come back: the screen with n rows on it.
  await page.evaluate(() => { location.hash = '#/versturen'; });
  await page.locator('h1', { hasText: 'Versturen' }).waitFor();
  t0 = await page.evaluate(() => performance.now());
  await page.evaluate(() => { location.hash = '#/koppelbestand'; });
  await until(page, () => document.querySelectorAll('.koppeltabel tbody tr').length > 0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  out.screen = (await page.evaluate(() => performance.now())) - t0;

  step('type');
  // Type 20 characters in a cell (event → next paint).
  await page.evaluate(() => { window.khEvents.length = 0; });
  await page.getByLabel('Opmerking Gemeente/Regio, regel 1', { exact: true }).focus();
  for (let i = 0; i < 20; i += 1) await page.keyboard.type('a', { delay: 30 });
  await page.waitForTimeout(300);
  const typed = await page.evaluate(() => window.khEvents.filter((e) => e.name === 'keydown' || e.name === 'keypress' || e.name === 'input').map((e) => e.duration));
  out.type = typed.length ? { median: median(typed), worst: Math.max(...typed), counted: typed.length } : { median: '<16', worst: '<16', counted: 0 };
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');

  step('leave');
  // Leave a cell 20 times on the last page: the last row's BSN becomes row 1's (an error on both
  // rows, found through the index of numbers) and empty again.
  await page.locator('#pagina-laatste').click();
  const leaves = [];
  const cell = page.getByLabel(`BSN, regel ${n}`, { exact: true });
  await cell.waitFor();
  const original = await cell.inputValue();
  for (let i = 0; i < 20; i += 1) {
    await cell.focus();
    await page.keyboard.press('Control+A');
    if (i % 2 === 0) await page.keyboard.type(BSNS[0]);
    else await page.keyboard.press('Delete');
    const d = await page.evaluate(() => new Promise((resolve) => {
      const el = document.activeElement;
      el.addEventListener('change', () => {
        const start = performance.now();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
      }, { once: true });
      el.blur();
    }));
    leaves.push(d);
  }
  out.leave = { median: median(leaves), worst: Math.max(...leaves) };

  step('download');
  // Put the row back as it was, download (written in the worker), reload.
  await cell.focus();
  await page.keyboard.press('Control+A');
  if (original) await page.keyboard.type(original);
  else await page.keyboard.press('Delete');
  await page.keyboard.press('Tab');
  await page.locator('#tellingen', { hasText: ' 0 met fouten' }).waitFor();
  t0 = await page.evaluate(() => performance.now());
  const download = page.waitForEvent('download');
  await page.locator('#downloaden').click();
  await download;
  await page.locator('#gedownload').waitFor();
  out.download = (await page.evaluate(() => performance.now())) - t0;
  await page.reload();
  await page.locator('#tellingen').waitFor();
  out.afterReload = await page.locator('#tabel-bereik').innerText();

  console.log(`${n} rows: paste ${ms(out.paste)}, screen ${ms(out.screen)}, `
    + `typed character median ${out.type.median} ms worst ${out.type.worst} ms (${out.type.counted} events ≥ 16 ms of 20), `
    + `leave a cell median ${ms(out.leave.median)} worst ${ms(out.leave.worst)}, download ${ms(out.download)}, `
    + `after reload: ${out.afterReload}`);
  await context.close();
}
await browser.close();
await server.close();
