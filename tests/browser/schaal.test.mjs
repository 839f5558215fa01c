// The koppelbestand at a big gemeente's size (behaviour, not timing — timing is benches/
// koppelbestand.mjs): 10,000 rows pasted from Excel, shown a page at a time; a BSN typed into row
// 9,999 that row 1 has already gives the error between rows on both, the summary's link brings the
// row into view and focuses its cell, and the error goes when it is fixed; the download holds
// 10,000 rows; moving between screens keeps them; axe is clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as XLSX from 'xlsx';
import { appReady, axe, goTo, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();
const N = 10_000;
// The BRP test range (9999xxxxx) holds 9,090 valid BSNs: the rest are questions about an
// onderwijsnummer (one number and an opmerking).
const BSNS = testBsns(9000, 999900000);
const OWNS = testOnderwijsnummers(N);
const rows = Array.from({ length: N }, (_, i) => (i < BSNS.length
  ? [BSNS[i], OWNS[i], `Achternaam${i}`, '', `Kind${i}`, '01-02-2012', 'M', '']
  : ['', OWNS[i], `Achternaam${i}`, '', `Kind${i}`, '01-02-2012', 'V', 'Is dit dezelfde leerling?']));
const tsv = rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';

test('10,000 rows: pages, an error between rows far apart, download, and kept between screens', async () => {
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true },
  });
  const { page } = app;
  await appReady(page);
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  await goTo(page, 'Koppelbestand');

  await page.evaluate((text) => navigator.clipboard.writeText(text), tsv);
  await page.getByLabel('BSN, regel 1', { exact: true }).focus();
  await page.keyboard.press('Control+V');
  await page.locator('#melding', { hasText: '10.000 regels geplakt' }).waitFor({ timeout: 60_000 });
  await page.locator('#tellingen', { hasText: '10.000 regels klaar · 0 met fouten' }).waitFor();
  // One page on screen, and the table says how many rows it has.
  assert.equal(await page.locator('.koppeltabel tbody tr').count(), 50);
  assert.equal(await page.locator('#tabel-bereik').innerText(), 'Regel 1–50 van 10.000');
  assert.equal(await page.locator('.koppeltabel').getAttribute('aria-rowcount'), '10001');

  // Row 9,999 (a question about an onderwijsnummer) gets row 1's BSN: one BSN with two
  // onderwijsnummers, a warning on both rows (a pupil can have two); then row 1's onderwijsnummer
  // too: the same koppeling twice, an error on both rows.
  await page.locator('#pagina-laatste').click();
  await page.locator('#tabel-bereik', { hasText: 'Regel 9.951–10.000 van 10.000' }).waitFor();
  const far = page.getByLabel('BSN, regel 9999', { exact: true });
  await far.focus();
  await page.keyboard.type(BSNS[0]);
  await page.keyboard.press('Tab');
  await page.locator('#tellingen', { hasText: '· 0 met fouten · 2 met waarschuwingen' }).waitFor();
  const farOwn = page.getByLabel('Onderwijsnummer, regel 9999', { exact: true });
  await farOwn.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(OWNS[0]);
  await page.keyboard.press('Tab');
  await page.locator('#tellingen', { hasText: '· 2 met fouten' }).waitFor();
  assert.match(await page.locator('tr', { has: far }).innerText(), /ook in regel 1/);
  await page.locator('#pagina-eerste').click();
  assert.match(await page.locator('.koppeltabel tbody tr').first().innerText(), /ook in regel 9\.?999/);
  await axe(page, 'Koppelbestand, 10.000 regels met fouten');

  // The summary's link for row 9,999 brings its page and puts the focus in the cell.
  await page.locator('#downloaden').focus();
  await page.keyboard.press('Enter');
  await page.locator('#fout-samenvatting:focus').waitFor();
  await page.locator('#fout-samenvatting a', { hasText: /^Regel 9\.999/ }).first().click();
  await page.locator('#tabel-bereik', { hasText: 'Regel 9.951–10.000' }).waitFor();
  await page.waitForFunction(() => /^cel-\d+-\d$/.test(document.activeElement?.id ?? ''));
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.match(focused, /regel 9999$/);
  await screenshot(page, 'koppelbestand-10000');

  // Fixed: the error goes from both rows.
  await far.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Tab');
  await page.locator('#tellingen', { hasText: '10.000 regels klaar · 0 met fouten' }).waitFor();

  // The download holds every row (written in the worker).
  const download = page.waitForEvent('download');
  await page.locator('#downloaden').focus();
  await page.keyboard.press('Enter');
  const file = await download;
  const sheet = XLSX.read(readFileSync(await file.path())).Sheets;
  const table = XLSX.utils.sheet_to_json(Object.values(sheet)[0], { header: 1, raw: false });
  assert.equal(table.length, N + 1, 'a header and 10,000 rows');
  assert.equal(table[1][0], BSNS[0]);
  assert.equal(table[N][1], OWNS[N - 1]);

  // Another screen and back keeps them (the work is in the tab's memory).
  await goTo(page, 'Privacy en hulp');
  await goTo(page, 'Koppelbestand');
  await page.locator('#tabel-bereik', { hasText: 'Regel 1–50 van 10.000' }).waitFor();
  await page.locator('#tellingen', { hasText: '10.000 regels klaar' }).waitFor();
  await axe(page, 'Koppelbestand, 10.000 regels');
  await app.done();
});

test('when the browser\'s storage is full, the officer is told the settings are not kept', async () => {
  const app = await openApp(env.browser, env.server.url, { path: '#/instellingen' });
  const { page } = app;
  await appReady(page);
  // Another application on the same origin filled the browser's storage.
  await page.evaluate(() => {
    let i = 0;
    for (const size of [256 * 1024, 16 * 1024, 1024, 64]) {
      const block = 'x'.repeat(size);
      try { for (;;) { localStorage.setItem(`ander.${i}`, block); i += 1; } } catch { /* full at this size */ }
    }
  });
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  const warning = page.locator('#opslag-vol');
  await warning.waitFor();
  assert.match(await warning.innerText(), /Uw instellingen kunnen niet worden bewaard/);
  await axe(page, 'storage full');
  // Room again: the next save succeeds and the warning goes.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('ander.')) localStorage.removeItem(key);
  });
  await page.locator('#org-zoek').fill('0014');
  await page.keyboard.press('Enter');
  // Added, not made active: Amsterdam stays the active organisation (settings.test.mjs).
  await page.locator('#organisaties .card', { hasText: 'G0014' }).waitFor();
  await warning.waitFor({ state: 'detached' });
  await app.done();
});
