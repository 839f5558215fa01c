// Antwoord van DUO at a big gemeente's size, for BENCHMARKS.md: a sent koppelbestand and DUO's answer
// of N rows (written here by SheetJS, a dev-only package: DUO's file as sent plus an answer column),
// opened through the screen; then 20 rows marked (change → the frame after).
// Usage: node benches/antwoord.mjs [dist] [sizes…]   (after a release build; default 1000 10000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { launch, serve } from '../tests/browser/fixture.mjs';
import { testBsns, testOnderwijsnummers } from '../tests/browser/numbers.mjs';

const dist = process.argv[2] ?? 'dist';
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1000, 10000];
const HEADERS = ['BSN', 'Onderwijsnummer', 'Achternaam', 'Voorvoegsel', 'Voornamen', 'Geboortedatum', 'Geslacht', 'Opmerking Gemeente/Regio'];
const BSNS = testBsns(9000, 999900000);
const OWNS = testOnderwijsnummers(12000);
const ms = (x) => `${Math.round(x)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function write(path, n, answer) {
  const rows = Array.from({ length: n }, (_, i) => {
    const row = [i < BSNS.length ? BSNS[i] : '', OWNS[i], `Achternaam${i}`, '', `Kind${i}`, '01-02-2012', i % 2 ? 'V' : 'M',
      i < BSNS.length ? '' : 'Is dit dezelfde leerling?'];
    return answer ? [...row, i % 3 ? 'Gekoppeld' : 'Niet gevonden'] : row;
  });
  const sheet = XLSX.utils.aoa_to_sheet([answer ? [...HEADERS, 'Resultaat'] : HEADERS, ...rows]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Koppelen');
  XLSX.writeFile(book, path);
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'kh-antwoord-'));
const browser = await launch();
const server = await serve({ dir: dist });
try {
  for (const n of sizes) {
    const sent = write(join(dir, `20261130G0363-${n}.koci.xlsx`), n, false);
    const answer = write(join(dir, `antwoord-${n}.koci.xlsx`), n, true);
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}#/antwoord`);
    await page.waitForSelector('html[data-boot="started"]');
    await page.setInputFiles('#verzonden-kiezen', sent);
    await page.getByText(`Verzonden bestand: ${sent.split('/').pop()}`).waitFor({ timeout: 120_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.setInputFiles('#antwoord-kiezen', answer);
    await page.locator('#antwoord-uitkomst').waitFor({ timeout: 120_000 });
    await page.locator('.answers tbody tr').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    const onScreen = (await page.evaluate(() => performance.now())) - t0;
    const marks = [];
    for (let i = 0; i < 20; i += 1) {
      const select = page.locator('.answers tbody tr select').nth(i % 10);
      await select.focus();
      marks.push(await page.evaluate((value) => new Promise((resolve) => {
        const el = document.activeElement;
        el.addEventListener('change', () => {
          const start = performance.now();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
        }, { once: true });
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }), i % 2 ? 'afgehandeld' : 'actie'));
    }
    const status = await page.locator('#status-telling').innerText();
    console.log(`${n} rows: answer on screen ${ms(onScreen)} (${await page.locator('#antwoord-bereik').innerText()}), `
      + `marking a row median ${ms(median(marks))} worst ${ms(Math.max(...marks))}; ${status}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
