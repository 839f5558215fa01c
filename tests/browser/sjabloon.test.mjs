// Koppelbestand with DUO's own template, and reading back a koci file the app made.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, appReady, axe, goTo, launch, openApp, screenshot, serve } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve({ dir: DIST });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('DUO template: rows written under its headers; the file read back continues the work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-tpl-'));
  const app = await openApp(browser, server.url, {
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
    await page.locator('#sjabloon-status', { hasText: 'Koppeling' }).waitFor();
    assert.match(await page.locator('#sjabloon-status').innerText(), /Burgerservicenummer, Onderwijsnummer, Geslachtsnaam/);

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
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true', '--outdir', dir, saved], { stdio: 'ignore', timeout: 120_000 });
    const csv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.csv'))), 'utf8').trim().split(/\r?\n/);
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
