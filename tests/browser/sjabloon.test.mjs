// Koppelbestand with DUO's own template, and reading back a koci file the app made.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
