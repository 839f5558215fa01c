// Koppelbestand with DUO's own template, and reading back a koci file the app made.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, spreadsheetAsCsv, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();

test('DUO template: rows written under its headers; the file read back continues the work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-tpl-'));
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true },
  });
  const { page } = app;
  try {
    await appReady(page);
    await page.locator('#soort-regio').check();
    await page.locator('#org-zoek').fill('21');
    await page.keyboard.press('Enter');
    await page.locator('.card-active', { hasText: 'R0021' }).waitFor();
    await goTo(page, 'Koppelbestand');

    await page.locator('#sjabloon-laden').setInputFiles('tests/fixtures/templates/duo-template.xls');
    await page.locator('#sjabloon-status', { hasText: 'werkblad „Koppeling”' }).waitFor();
    assert.match(await page.locator('#sjabloon-status').innerText(), /Burgerservicenummer, Onderwijsnummer, Geslachtsnaam/);
    // An xls template: its layout in a new xlsx, and the screen says so; the file is not kept.
    assert.match(await page.locator('#melding').innerText(), /Dit sjabloon is een \.xls-bestand\. Koppelhulp maakt er een \.xlsx-bestand van/);
    assert.match(await page.locator('#sjabloon-status').innerText(), /nieuw \.xlsx-bestand/);
    assert.equal(await page.evaluate(() => localStorage.getItem('koppelhulp.sjabloon.bestand')), null);

    const [bsn] = testBsns(1, 999991000);
    const [own] = testOnderwijsnummers(1, 102000000);
    await page.getByLabel('BSN, regel 1', { exact: true }).fill(bsn);
    await page.getByLabel('Onderwijsnummer, regel 1', { exact: true }).fill(own);
    await page.getByLabel('Achternaam, regel 1', { exact: true }).fill('Kowalenko');
    await page.getByLabel('Geboortedatum, regel 1', { exact: true }).fill('2011-05-04');
    await page.getByLabel('Geslacht, regel 1', { exact: true }).fill('meisje');
    await page.getByLabel('Opmerking Gemeente/Regio, regel 1', { exact: true }).fill('=1+1 is geen formule');
    await page.keyboard.press('Tab');
    await page.locator('#tellingen', { hasText: '1 regel klaar · 0 met fouten' }).waitFor();
    await axe(page, 'Koppelbestand with a template');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#downloaden').click()]);
    assert.match(download.suggestedFilename(), /^\d{8}R0021\.koci\.xlsx$/);
    const saved = join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    const csv = spreadsheetAsCsv(saved);
    const header = csv.findIndex((l) => l.startsWith('Burgerservicenummer'));
    assert.ok(header >= 0, `DUO's header row is there: ${csv.join(' | ')}`);
    assert.equal(csv[header], 'Burgerservicenummer,Onderwijsnummer,Geslachtsnaam,Voorvoegsels,Voornamen,Geboortedatum,Geslacht,Postcode,Opmerking Gemeente/Regio');
    assert.equal(csv[header + 1], `${bsn},${own},Kowalenko,,,04-05-2011,V,,=1+1 is geen formule`);

    // A new tab: open the file again and go on with it.
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await appReady(page);
    await goTo(page, 'Koppelbestand');
    await page.locator('#koci-openen').setInputFiles(saved);
    await page.locator('#melding').waitFor();
    assert.match(await page.locator('#melding').innerText(), /1 regel gelezen/);
    assert.equal(await page.getByLabel('BSN, regel 1', { exact: true }).inputValue(), bsn);
    assert.equal(await page.getByLabel('Opmerking Gemeente/Regio, regel 1', { exact: true }).inputValue(), '=1+1 is geen formule');
    await screenshot(page, 'koppelbestand-sjabloon');
    await app.done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The Python with openpyxl: KOPPELHULP_PYTHON, else scripts/setup's .venv, else python3. */
const PYTHON = process.env.KOPPELHULP_PYTHON ?? (existsSync('.venv/bin/python') ? '.venv/bin/python' : 'python3');

/** What openpyxl reads in an xlsx (tests/support/workbook_summary.py). */
function openpyxlSummary(file) {
  return JSON.parse(execFileSync(PYTHON, ['tests/support/workbook_summary.py', file], { encoding: 'utf8' }));
}

test("DUO's own xlsx: kept without data, filled in, its other sheets and names still there", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-tpl-'));
  const app = await openApp(env.browser, env.server.url, { contextOptions: { acceptDownloads: true } });
  const { page } = app;
  try {
    await appReady(page);
    await page.locator('#org-zoek').fill('0363');
    await page.keyboard.press('Enter');
    await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
    await goTo(page, 'Koppelbestand');

    // No template: the download area says whose layout the file gets, and where DUO's file is.
    assert.match(await page.locator('#indeling-uitleg').innerText(), /indeling van Koppelhulp/);
    assert.match(await page.locator('#sjabloon-status').innerText(), /Gegevenskoppeling en routering/);
    await screenshot(page, 'koppelbestand-zonder-sjabloon');

    await page.locator('#sjabloon-laden').setInputFiles('tests/fixtures/templates/duo-werkmap.xlsx');
    await page.locator('#sjabloon-status', { hasText: 'vult het Excel-bestand van DUO zelf in' }).waitFor();
    assert.match(await page.locator('#melding').innerText(), /duo-werkmap\.xlsx wordt nu gebruikt: Koppelhulp vult het bestand van DUO zelf in/);
    assert.match(await page.locator('#indeling-uitleg').innerText(), /Excel-bestand van DUO, ingevuld/);
    const kept = await page.evaluate(() => localStorage.getItem('koppelhulp.sjabloon.bestand'));
    assert.ok(kept && kept.length <= 1024 * 1024, 'the template is kept, within 1 MiB');
    // What is kept is the template with its formulas taken out (a template is DUO's layout, nothing
    // more): an xlsx, no longer the file as chosen, and the message says so.
    const keptBytes = Buffer.from(kept, 'base64');
    assert.equal(keptBytes.subarray(0, 2).toString('latin1'), 'PK');
    assert.notEqual(keptBytes.compare(readFileSync('tests/fixtures/templates/duo-werkmap.xlsx')), 0);
    assert.match(await page.locator('#melding').innerText(), /formules uit het sjabloon gehaald/);

    // Kept over a reload (a new tab): the layout and the file.
    await page.reload();
    await appReady(page);
    await goTo(page, 'Koppelbestand');
    await page.locator('#sjabloon-status', { hasText: 'vult het Excel-bestand van DUO zelf in' }).waitFor();

    const [bsn] = testBsns(1, 999992000);
    const [own] = testOnderwijsnummers(1, 103000000);
    await page.getByLabel('BSN, regel 1', { exact: true }).fill(bsn);
    await page.getByLabel('Onderwijsnummer, regel 1', { exact: true }).fill(own);
    await page.getByLabel('Achternaam, regel 1', { exact: true }).fill('Kowalenko');
    await page.getByLabel('Voornamen, regel 1', { exact: true }).fill('Olena');
    await page.getByLabel('Geboortedatum, regel 1', { exact: true }).fill('04-05-2011');
    await page.getByLabel('Geslacht, regel 1', { exact: true }).fill('V');
    await page.getByLabel('Opmerking Gemeente/Regio, regel 1', { exact: true }).fill('=1+1 is geen formule');
    await page.keyboard.press('Tab');
    await page.locator('#tellingen', { hasText: '1 regel klaar · 0 met fouten' }).waitFor();
    await axe(page, 'Koppelbestand with DUO\'s own xlsx');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#downloaden').click()]);
    assert.match(download.suggestedFilename(), /^\d{8}G0363\.koci\.xlsx$/);
    const saved = join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    await page.locator('#gedownload').waitFor();
    await screenshot(page, 'koppelbestand-sjabloon-xlsx');

    // openpyxl: DUO's extra sheets and defined name are there, the row is under DUO's header.
    const book = openpyxlSummary(saved);
    assert.deepEqual(book.sheets, ['Koppeling', 'Toelichting', 'Lijsten']);
    assert.deepEqual(book.defined_names, { Geslachten: 'Lijsten!$A$1:$A$3' });
    const sheet = book.sheet.Koppeling;
    assert.deepEqual(sheet.validations, [['G4:G1000', 'list', 'Geslachten']]);
    const value = (cell) => sheet.cells[cell]?.value;
    assert.equal(value('A3'), 'str:Burgerservicenummer');
    assert.equal(value('A4'), `str:${bsn}`);
    assert.equal(value('B4'), `str:${own}`);
    assert.equal(value('C4'), 'str:Kowalenko');
    assert.equal(value('F4'), 'date:2011-05-04');
    assert.equal(value('G4'), 'str:V');
    assert.equal(value('I4'), 'str:=1+1 is geen formule');
    assert.equal(sheet.cells.I4.quote_prefix, true);
    assert.equal(book.sheet.Toelichting.cells.A1.value, 'str:Vul per leerling één regel in.');
    // LibreOffice shows the row as written.
    const csv = spreadsheetAsCsv(saved);
    assert.equal(csv[3], `${bsn},${own},Kowalenko,,Olena,04-05-2011,V,,=1+1 is geen formule`);

    // Back to Koppelhulp's own layout: the kept file goes too.
    await page.getByRole('button', { name: 'Standaardindeling gebruiken' }).click();
    await page.locator('#sjabloon-status', { hasText: 'Gegevenskoppeling en routering' }).waitFor();
    await page.waitForFunction(() => localStorage.getItem('koppelhulp.sjabloon.bestand') === null);
    await app.done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
