// DUO's own file is the default path (issue 27, point 1): Koppelbestand asks for DUO's Excel file
// first, shows which field goes into which of DUO's columns once it is loaded, and without it the
// download's own confirmation says the file has Koppelhulp's layout, not DUO's form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();

async function withOrganisation(page) {
  await appReady(page);
  await page.locator('#org-zoek').fill('363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  await goTo(page, 'Koppelbestand');
}

async function fillOneRow(page) {
  const [bsn] = testBsns(1, 999992000);
  const [own] = testOnderwijsnummers(1, 103000000);
  await page.getByLabel('BSN, regel 1', { exact: true }).fill(bsn);
  await page.getByLabel('Onderwijsnummer, regel 1', { exact: true }).fill(own);
  await page.getByLabel('Geboortedatum, regel 1', { exact: true }).fill('2012-03-04');
  await page.getByLabel('Geslacht, regel 1', { exact: true }).fill('M');
  await page.keyboard.press('Tab');
  await page.locator('#tellingen', { hasText: '1 regel klaar · 0 met fouten' }).waitFor();
}

test('Koppelbestand asks for DUO\'s file first and shows its column mapping', async () => {
  const app = await openApp(env.browser, env.server.url, { contextOptions: { acceptDownloads: true } });
  const { page } = app;
  await withOrganisation(page);

  // Before the table: DUO's file first.
  const first = page.locator('#sjabloon-eerst');
  await first.waitFor();
  assert.match(await first.innerText(), /Eerst: het Excel-bestand van DUO/);
  await axe(page, 'Koppelbestand asking for DUO\'s file');
  await screenshot(page, 'koppelbestand-sjabloon-eerst');
  await page.locator('#sjabloon-eerst-laden').setInputFiles('tests/fixtures/templates/duo-werkmap.xlsx');
  await page.locator('#sjabloon-kolommen').waitFor({ timeout: 30_000 });
  assert.equal(await first.count(), 0, 'asked once: gone once loaded');
  const lines = await page.locator('#sjabloon-kolommen li').allInnerTexts();
  assert.ok(lines.some((l) => /^BSN → kolom [A-Z]+ „Burgerservicenummer”$/.test(l)), lines.join(' | '));
  assert.ok(lines.some((l) => /^Onderwijsnummer → kolom [A-Z]+ „Onderwijsnummer”$/.test(l)), lines.join(' | '));
  await axe(page, 'Koppelbestand with the column mapping');

  // Remembered in this browser: a new visit does not ask again.
  await page.reload();
  await appReady(page);
  await page.locator('#sjabloon-kolommen').waitFor();
  assert.equal(await page.locator('#sjabloon-eerst').count(), 0);

  // Downloaded into DUO's file: no warning about the layout.
  await fillOneRow(page);
  await Promise.all([page.waitForEvent('download'), page.locator('#downloaden').click()]);
  await page.locator('#gedownload:focus').waitFor();
  assert.doesNotMatch(await page.locator('#gedownload').innerText(), /indeling van Koppelhulp/);
  await goTo(page, 'Versturen');
  await page.getByRole('heading', { level: 2, name: 'Controleer de naam van het bestand' }).waitFor();
  assert.equal(await page.locator('#indeling-regel').count(), 0);
  await app.done();
});

test('without DUO\'s file the download says it has Koppelhulp\'s layout', async () => {
  const app = await openApp(env.browser, env.server.url, { contextOptions: { acceptDownloads: true } });
  const { page } = app;
  await withOrganisation(page);
  await fillOneRow(page);
  await Promise.all([page.waitForEvent('download'), page.locator('#downloaden').click()]);
  await page.locator('#gedownload:focus').waitFor();
  assert.match(await page.locator('#gedownload').innerText(),
    /Let op: dit bestand heeft de indeling van Koppelhulp, niet het Excel-bestand van DUO\./);
  // Versturen says it too, for the file made here.
  await goTo(page, 'Versturen');
  assert.match(await page.locator('#indeling-regel').innerText(), /indeling van Koppelhulp, niet het Excel-bestand van DUO/);
  await app.done();
});
