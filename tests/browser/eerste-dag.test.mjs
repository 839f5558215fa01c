// The officer's first day (issue 27): from an empty browser to DUO's own file, filled in and
// downloaded, and the steps to send it — using only what the screens say: roles, labels and visible
// text, never an element id. Each step follows the app's own "Volgende stap".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, openApp, screenshot, spreadsheetAsCsv, useBrowserAndServer } from './fixture.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/dubbelen';

/** Follow the screen's own next step. */
async function nextStep(page, title) {
  const link = page.getByRole('navigation', { name: 'Volgende stap' }).getByRole('link');
  assert.match(await link.innerText(), new RegExp(title));
  await link.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

test('a new officer: organisation, files, pairs, DUO\'s file downloaded, the steps to send it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-eerste-dag-'));
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { acceptDownloads: true, viewport: { width: 1280, height: 900 } },
  });
  const { page } = app;
  await appReady(page);

  // 1. The app asks who the officer works for.
  await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
  await page.getByLabel('Code of naam').fill('Amsterdam');
  await page.getByRole('button', { name: /G0363 — Amsterdam/ }).click();
  await page.getByRole('main').getByText(/G0363 — Amsterdam/).first().waitFor();
  await nextStep(page, 'Start');

  // 2. Start shows the five steps; the first is next.
  const first = page.getByRole('list', { name: 'De stappen' }).getByRole('listitem').first();
  assert.match(await first.innerText(), /volgende stap/);
  await first.getByRole('link', { name: 'Bestanden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bestanden' }).waitFor();
  await page.getByLabel('Bestanden kiezen').setInputFiles([`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  await page.getByText('Rijen gelezen').nth(1).waitFor({ timeout: 30_000 });
  await nextStep(page, 'Dubbelen zoeken');

  // 3. Search, then put the sure pairs in the koppelbestand after the question.
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.getByRole('group', { name: /Beoordelen/ }).getByRole('table').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Alle paren boven de drempel in het koppelbestand zetten' }).click();
  await page.getByRole('button', { name: 'Ja, zet ze in het koppelbestand' }).click();
  await page.getByText(/\d+ paren in het koppelbestand gezet\./).first().waitFor({ timeout: 30_000 });
  await nextStep(page, 'Koppelbestand');

  // 4. Koppelbestand asks for DUO's own file first; then it shows where each field goes.
  await page.getByText('Eerst: het Excel-bestand van DUO.').waitFor();
  await page.getByLabel('Excel-bestand van DUO laden').setInputFiles('tests/fixtures/templates/duo-werkmap.xlsx');
  await page.getByText('Zo vult Koppelhulp de kolommen van DUO:').waitFor({ timeout: 30_000 });
  await page.getByText(/^BSN → kolom [A-Z]+ „Burgerservicenummer”$/).waitFor();
  await axe(page, 'Koppelbestand on the first day');
  await screenshot(page, 'eerste-dag-koppelbestand');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Downloaden' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^\d{8}G0363\.koci\.xlsx$/);
  const saved = join(dir, download.suggestedFilename());
  await download.saveAs(saved);
  await page.getByText(`${download.suggestedFilename()} is gedownload.`).waitFor();
  // DUO's own workbook, filled in: DUO's header, and the pairs under it.
  const csv = spreadsheetAsCsv(saved);
  const header = csv.findIndex((l) => l.startsWith('Burgerservicenummer'));
  assert.ok(header >= 0, csv.join(' | '));
  assert.ok(csv.length > header + 10, 'the pairs are in DUO\'s file');

  // 5. Versturen: the steps to DUO, for this file.
  await nextStep(page, 'Versturen');
  const main = await page.getByRole('main').innerText();
  assert.match(main, new RegExp(download.suggestedFilename().replace(/\./g, '\\.')));
  for (const step of ['Controleer de naam van het bestand', 'Zet het bestand op Mijn DUO', 'Laat DUO weten dat het bestand klaarstaat']) {
    await page.getByRole('heading', { level: 2, name: step }).waitFor();
  }
  assert.match(main, /Koppeling OWN\/BSN/);
  await axe(page, 'Versturen on the first day');
  await screenshot(page, 'eerste-dag-versturen');

  // Start now shows the work done.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Start' }).click();
  const steps = page.getByRole('list', { name: 'De stappen' }).getByRole('listitem');
  assert.match(await steps.nth(2).innerText(), /\d+ regels, gedownload\./);
  assert.match(await steps.nth(3).innerText(), /Laatst gemaakt: \d{8}G0363\.koci\.xlsx/);
  await app.done();
});
