// Bestanden: open a cp1252 csv and an xls made by real programs, change one column's meaning, see the
// row accounting and the problem list; broken files give their own message; a crashing parser ends
// one import, not the app; the page stays responsive while a 100,000-row register is read.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { appReady, axe, openApp, screenshot, serveTestBuild, useBrowserAndServer } from './fixture.mjs';
import { testBsns } from './numbers.mjs';
import { writeRegister } from './register.mjs';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/import';

async function openBestanden(options = {}) {
  const app = await openApp(env.browser, env.server.url, { path: '#/bestanden', ...options });
  await appReady(app.page);
  await app.page.getByRole('heading', { level: 1, name: 'Bestanden' }).waitFor();
  return app;
}

/** The card of the n-th opened file (1-based). */
const card = (page, n) => page.locator('.file-card').nth(n - 1);

/** The four counts of a file once it is read: gelezen, gebruikt, met problemen, leeg. */
async function counts(page, n) {
  const c = card(page, n);
  await c.locator('.accounting').waitFor({ timeout: 60_000 });
  return (await c.locator('.accounting dd').allInnerTexts()).map(Number);
}

test('a cp1252 csv and an xls: mapping, accounting, problem list', async () => {
  const { page, done } = await openBestanden();
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/libreoffice-cp1252.csv`, `${FIXTURES}/xlwt-getallen.xls`]);
  assert.deepEqual(await counts(page, 1), [6, 4, 1, 1]);
  assert.deepEqual(await counts(page, 2), [4, 3, 1, 0]);
  const csv = card(page, 1);
  // cp1252 decoded: Özdemir in the preview; the title rows skipped (header on row 4).
  assert.match(await csv.locator('.file-meta').innerText(), /kopregel op rij 4/);
  assert.match(await csv.locator('table').nth(1).innerText(), /Özdemir/);
  assert.match(await csv.innerText(), /Gelezen als tekstbestand, met een puntkomma tussen de kolommen\./);
  // The problem list names the row as the spreadsheet numbers it.
  assert.match(await csv.locator('.problem-list').innerText(), /Rij 9 \(Burgerservicenummer\): Dit is geen geldig BSN/);
  // The xls: numbers stored as numbers were read; the 3-digit onderwijsnummer is a problem.
  assert.match(await card(page, 2).locator('.problem-list').innerText(), /Rij 5 \(Onderwijsnummer\)/);

  // Change one mapping: the BSN column is not used; every row with data now lacks a number.
  const select = csv.getByLabel('Burgerservicenummer', { exact: true });
  await select.selectOption({ label: 'niet gebruiken' });
  await page.waitForFunction(() => document.querySelector('.file-card .accounting dd:nth-of-type(1)') &&
    [...document.querySelectorAll('.file-card')][0].querySelectorAll('.accounting dd')[1].textContent === '0');
  assert.deepEqual(await counts(page, 1), [6, 0, 5, 1]);
  assert.match(await csv.innerText(), /Zonder nummer kan Koppelhulp geen enkele rij gebruiken/);
  // And back: a persoonsgebonden nummer classifies each value by its check.
  await select.selectOption({ label: 'Persoonsgebonden nummer (BSN of onderwijsnummer)' });
  await page.waitForFunction(() => [...document.querySelectorAll('.file-card')][0].querySelectorAll('.accounting dd')[1].textContent === '4');
  await axe(page, 'Bestanden with two files');
  await screenshot(page, 'bestanden');

  // The problem list as xlsx: every problem, with its row.
  const download = page.waitForEvent('download');
  await card(page, 2).getByRole('button', { name: 'Alle problemen downloaden (Excel)' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^problemen xlwt-getallen\.xlsx$/);
  const book = XLSX.read(readFileSync(await file.path()));
  const rows = XLSX.utils.sheet_to_json(book.Sheets.Problemen, { header: 1 });
  assert.deepEqual(rows[2], ['Rij', 'Kolom', 'Soort', 'Probleem']);
  assert.equal(rows.length, 5);
  assert.equal(rows[3][0], 5);
  await done();
});

test('broken files each say what is wrong; dropping a file works too', async () => {
  const { page, done } = await openBestanden();
  const broken = [
    ['broken/wachtwoord.xlsx', /Sla het bestand op zonder wachtwoord en probeer opnieuw/],
    ['broken/pdf-als-xlsx.xlsx', /geen spreadsheet maar een PDF-document/],
    ['broken/zipbom.xlsx', /meer gegevens dan Koppelhulp veilig kan lezen/],
    ['broken/leeg.csv', /leeg \(0 bytes\)/],
  ];
  await page.setInputFiles('#bestanden-kiezen', broken.map(([f]) => `${FIXTURES}/${f}`));
  for (const [i, [, message]] of broken.entries()) {
    const alert = card(page, i + 1).getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), message);
  }
  // Drag and drop: an HTML table saved as .xls.
  const html = '<html><body><table><tr><th>BSN</th><th>Achternaam</th></tr><tr><td>999990007</td><td>Jansen</td></tr></table></body></html>';
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'export.xls', { type: 'application/vnd.ms-excel' }));
    return dt;
  }, html);
  await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer });
  assert.deepEqual(await counts(page, 5), [1, 1, 0, 0]);
  await axe(page, 'Bestanden with broken files');
  await screenshot(page, 'bestanden-kapot');
  await done();
});

test('a crash in the worker ends that import with a message, and the next file still works (the test build)', async () => {
  const testBuild = await serveTestBuild();
  try {
    const { page, done } = await openApp(env.browser, testBuild.url, {
      path: '?zelftest=werker#/bestanden', expectErrors: [/Koppelhulp-worker/, /zelftest/, /unreachable/i],
    });
    await appReady(page);
    await page.setInputFiles('#bestanden-kiezen', `${FIXTURES}/libreoffice.xlsx`);
    const alert = card(page, 1).getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /Er ging iets mis in het hulpprogramma voor bestanden/);
    await page.setInputFiles('#bestanden-kiezen', `${FIXTURES}/libreoffice.ods`);
    assert.deepEqual(await counts(page, 2), [6, 4, 1, 1]);
    await done();
  } finally {
    await testBuild.close();
  }
});

test('the release has no self-test: ?zelftest=werker reads the file as usual', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '?zelftest=werker#/bestanden' });
  await appReady(page);
  await page.setInputFiles('#bestanden-kiezen', `${FIXTURES}/libreoffice.ods`);
  assert.deepEqual(await counts(page, 1), [6, 4, 1, 1]);
  await done();
});

test('dates with two-digit years and English month names: read, and one note for the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-datums-'));
  const [a, b, c] = testBsns(3);
  const file = join(dir, 'datums.csv');
  writeFileSync(file, `BSN;Achternaam;Voornamen;Geboortedatum\n${a};Jansen;Daan;02-03-10\n${b};Vries;Noah;05-06-12\n${c};Bakker;Emma;12 March 2011\n`);
  const { page, done } = await openBestanden();
  await page.setInputFiles('#bestanden-kiezen', file);
  assert.deepEqual(await counts(page, 1), [3, 3, 0, 0]);
  const note = card(page, 1).locator('.alert-info');
  assert.match(await note.innerText(), /jaartal van twee cijfers .* „02-03-10” gelezen als 02-03-2010\. Dit geldt voor 2 rijen; de eerste is rij 2\./s);
  assert.match(await card(page, 1).locator('table').nth(1).innerText(), /12 March 2011/);
  await axe(page, 'Bestanden with a note on two-digit years');
  await done();
  rmSync(dir, { recursive: true, force: true });
});

test('the page stays responsive while a 100,000-row register is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'koppelhulp-100k-'));
  try {
    const file = writeRegister(join(dir, 'register-100k.xlsx'), 100_000);
    const { page, done } = await openBestanden();
    // Measure the longest gap between animation frames while the file is read.
    await page.evaluate(() => {
      window.__gaps = { max: 0, last: performance.now(), running: true };
      const tick = (t) => {
        const g = window.__gaps;
        g.max = Math.max(g.max, t - g.last);
        g.last = t;
        if (g.running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.setInputFiles('#bestanden-kiezen', file);
    await card(page, 1).locator('progress').waitFor({ timeout: 30_000 });
    assert.deepEqual(await counts(page, 1), [100000, 100000, 0, 0]);
    const maxGap = await page.evaluate(() => { window.__gaps.running = false; return window.__gaps.max; });
    // A frozen page would miss frames for seconds; 1 s is a generous bound for a loaded machine.
    assert.ok(maxGap < 1000, `the page froze for ${maxGap.toFixed(0)} ms`);
    await done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
