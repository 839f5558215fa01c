// Instellingen and Privacy en hulp: find an organisation by code and by name, keep it after a
// reload, choose the active one, clear everything — by keyboard alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, koppelRows, openApp, screenshot, tabTo, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();

const saved = (page) => page.locator('#organisaties .card-title');

test('finds Amsterdam by code and by name, keeps it after a reload; Alles wissen clears it', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await appReady(page);
  await page.getByText('U hebt nog geen organisatie ingesteld').waitFor();

  // By code, typed without its leading zero, added with Enter.
  await tabTo(page, '#org-zoek');
  await page.keyboard.type('363');
  await page.locator('#code-voorbeeld', { hasText: 'G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam)' }).waitFor();
  await axe(page, 'Instellingen with a typed code');
  await page.keyboard.press('Enter');
  await page.locator('#toegevoegd', { hasText: 'G0363 — Amsterdam' }).waitFor();
  assert.deepEqual(await saved(page).allInnerTexts(), ['G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam) Actief']);

  // By name, as an RMC-regio, chosen from the result list with the keyboard.
  await tabTo(page, '#soort-gemeente');
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.locator('#soort-regio').isChecked());
  await tabTo(page, '#org-zoek');
  await page.keyboard.type('agglomeratie amst');
  await page.locator('#org-zoek-status', { hasText: '1 organisatie gevonden.' }).waitFor();
  await tabTo(page, '.result-button');
  assert.match(await page.evaluate(() => document.activeElement.innerText), /R0021 — Agglomeratie Amsterdam/);
  await page.keyboard.press('Enter');
  await page.locator('#toegevoegd', { hasText: 'R0021' }).waitFor();
  assert.equal(await saved(page).count(), 2);
  await axe(page, 'Instellingen with two organisations');
  await screenshot(page, 'instellingen-twee-organisaties');

  // The header chooses the active one; it survives a reload.
  const select = page.getByLabel('Organisatie', { exact: true });
  await select.focus();
  await select.selectOption({ label: 'G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam)' });
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  await page.reload();
  await appReady(page);
  // With an organisation set, the app opens on Start (issue 27).
  await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
  await goTo(page, 'Instellingen');
  assert.equal(await saved(page).count(), 2);
  await page.locator('.card-active', { hasText: 'G0363 — Amsterdam' }).waitFor();

  // Alles wissen, with a confirmation, by keyboard.
  await goTo(page, 'Privacy en hulp');
  await tabTo(page, '#alles-wissen');
  await page.keyboard.press('Enter');
  // The safe choice has the focus: Enter twice does not wipe everything.
  await page.locator('#wissen-nee:focus').waitFor();
  await axe(page, 'Alles wissen confirmation');
  await page.keyboard.press('Shift+Tab');
  await page.locator('#wissen-ja:focus').waitFor();
  await page.keyboard.press('Enter');
  await page.locator('#gewist').waitFor();
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('koppelhulp.')).length), 0);
  await page.reload();
  await appReady(page);
  await goTo(page, 'Instellingen');
  await page.getByText('U hebt nog geen organisatie ingesteld').waitFor();
  await app.done();
});

test('a code not in the list warns but can be saved; a wrong entry shows an error summary with focus', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await appReady(page);
  await tabTo(page, '#org-zoek');
  await page.keyboard.type('9999');
  await page.locator('#code-voorbeeld', { hasText: 'staat niet in de lijst van Koppelhulp: de 342 gemeenten op 1 januari 2026 (CBS)' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('#organisaties', { hasText: 'G9999 — onbekende gemeentecode' }).waitFor();

  await tabTo(page, '#org-zoek');
  await page.keyboard.type('12345');
  await page.keyboard.press('Enter');
  const summary = page.locator('#fout-samenvatting');
  await summary.waitFor();
  await page.locator('#fout-samenvatting:focus').waitFor();
  assert.match(await summary.innerText(), /Een gemeentecode heeft 4 cijfers/);
  assert.equal(await page.getAttribute('#org-zoek', 'aria-invalid'), 'true');
  await axe(page, 'Instellingen with an error');
  await screenshot(page, 'instellingen-fout');
  // The summary's link takes the focus back to the field.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#org-zoek:focus').waitFor();

  // Regio 14 and 41 both find Arnhem, with a note.
  await page.locator('#soort-regio').check();
  await page.locator('#org-zoek').fill('14');
  await page.locator('#code-voorbeeld', { hasText: 'R0014 — Arnhem' }).waitFor();
  await page.locator('#code-voorbeeld', { hasText: 'Welke van de twee DUO gebruikt, is niet bekend' }).waitFor();

  // A gemeente is found by the name people use, not only by its CBS name.
  await page.locator('#soort-gemeente').check();
  await page.locator('#org-zoek').fill('Den Bosch');
  await page.locator('.results', { hasText: "'s-Hertogenbosch" }).waitFor();
  await app.done();
});

test('automatic clearing of pupil data after the chosen idle time', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await page.clock.install();
  await page.reload();
  await appReady(page);
  await goTo(page, 'Privacy en hulp');
  assert.equal(await page.locator('#auto-wissen').inputValue(), '30', 'on by default: 30 minutes');
  assert.match(await page.locator('#auto-wissen-hint').innerText(), /Standaard staat dit aan: na 30 minuten\./);
  await page.locator('#auto-wissen').selectOption('15');
  // A row of pupil data, in memory.
  await goTo(page, 'Koppelbestand');
  await page.locator('#regel-toevoegen').click();
  await page.keyboard.type('999900018');
  await page.keyboard.press('Tab');
  await page.clock.runFor(10 * 60_000);
  assert.equal((await koppelRows(page)).length, 1, 'kept while the 15 minutes have not passed');
  await page.clock.runFor(6 * 60_000);
  await page.getByText('Leerlinggegevens zijn automatisch gewist na 15 minuten zonder gebruik').waitFor();
  assert.deepEqual(await koppelRows(page), []);
  await page.reload();
  await appReady(page);
  await goTo(page, 'Privacy en hulp');
  assert.equal(await page.locator('#auto-wissen').inputValue(), '15', 'the choice is kept');
  await app.done();
});

test("the release's instellingen.json sets the default for automatic clearing", async () => {
  const app = await openApp(env.browser, env.server.url, { path: '#/privacy' });
  const { page } = app;
  await page.context().route('**/instellingen.json', (route) => route.fulfill({
    contentType: 'application/json', body: '{"automatisch_wissen_minuten": 0}',
  }));
  await page.reload();
  await appReady(page);
  assert.equal(await page.locator('#auto-wissen').inputValue(), '0', 'off, as IT set it');
  assert.equal(await page.locator('#auto-wissen option:checked').innerText(), 'Uit (standaard)');
  assert.match(await page.locator('#auto-wissen-hint').innerText(), /uit, want uw organisatie heeft dat zo ingesteld/);
  await app.done();
});

test('a second organisation does not take over; changing it with a koppelbestand open asks first', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await appReady(page);
  const amsterdam = 'G0363 — Amsterdam (RMC-regio 21, Agglomeratie Amsterdam)';
  await tabTo(page, '#org-zoek');
  await page.keyboard.type('363');
  await page.keyboard.press('Enter');
  await page.locator('#toegevoegd', { hasText: 'is nu de actieve organisatie' }).waitFor();
  // A second one is added, but the first stays active: the file name does not change behind the officer's back.
  await page.locator('#soort-regio').check();
  await page.locator('#org-zoek').fill('21');
  await page.keyboard.press('Enter');
  const added = page.locator('#toegevoegd', { hasText: 'R0021' });
  await added.waitFor();
  assert.match(await added.innerText(),
    new RegExp(`^R0021 — .+ is toegevoegd\\. De actieve organisatie blijft ${amsterdam.replace(/[()]/g, '\\$&')}\\. `
      + 'Wilt u met R0021 — .+ werken\\? Kies dan bij die organisatie Actief maken\\.$'));
  await page.locator('#toegevoegd:focus').waitFor();
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  assert.equal(await page.locator('.card-active').count(), 1);

  // Koppelbestand names the organisation as a confirm line; a row makes the koppelbestand open.
  await goTo(page, 'Koppelbestand');
  assert.equal(await page.locator('#organisatie-regel').innerText(),
    `Organisatie: ${amsterdam}. Die staat met haar code in de naam van het bestand. Klopt dit niet? Kies bovenaan de juiste organisatie.`);
  await page.getByLabel('BSN, regel 1', { exact: true }).fill('999990019');
  await page.keyboard.press('Tab');

  // Changing it in the header asks first, with "Nee" focused; Enter keeps Amsterdam.
  const select = page.getByLabel('Organisatie', { exact: true });
  await select.selectOption({ index: 1 });
  const question = page.locator('#org-wissel');
  await question.waitFor();
  assert.match(await page.locator('#org-wissel-tekst').innerText(),
    /^U hebt een koppelbestand open\. Wisselt u naar R0021 — .+, dan krijgt het bestand de code van die organisatie in de naam, niet meer die van G0363 — Amsterdam/);
  await page.locator('#org-wissel-nee:focus').waitFor();
  assert.equal(await select.inputValue(), '0', 'the header shows the active organisation while asking');
  await axe(page, 'Koppelbestand, asked before changing the organisation');
  await screenshot(page, 'koppelbestand-organisatie-wisselen');
  await page.keyboard.press('Enter');
  await question.waitFor({ state: 'detached' });
  await page.locator('#actieve-organisatie:focus').waitFor();
  assert.match(await page.locator('#organisatie-regel').innerText(), /^Organisatie: G0363 — Amsterdam/);
  assert.match(await page.locator('.file-name').first().innerText(), /G0363\.koci\.xlsx$/);

  // Asked again, and "Ja, wisselen": now the file name carries R0021.
  await select.selectOption({ index: 1 });
  await page.locator('#org-wissel-nee:focus').waitFor();
  await page.keyboard.press('Shift+Tab');
  await page.locator('#org-wissel-ja:focus').waitFor();
  await page.keyboard.press('Enter');
  await question.waitFor({ state: 'detached' });
  await page.locator('#actieve-organisatie:focus').waitFor();
  assert.match(await page.locator('#organisatie-regel').innerText(), /^Organisatie: R0021 — /);
  assert.match(await page.locator('.file-name').first().innerText(), /R0021\.koci\.xlsx$/);
  await app.done();
});
