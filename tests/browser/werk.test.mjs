// Werk opslaan en hervatten: 20 koppelbestand rows (17 pasted, 3 from accepted pairs), 5 decisions on
// Dubbelen zoeken, 2 marks on DUO's answer → Werk opslaan with a password → a new browser context
// (empty storage) → Werk openen: a wrong password says so and changes nothing; the right one brings
// back the rows, the decisions and the marks; a different file under a register's name is refused;
// the registers opened again are recognised and decided pairs are not asked again. axe on each state.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, axe, goTo, koppelRows, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();
const DUBBELEN = 'tests/fixtures/dubbelen';
const ANTWOORD = 'tests/fixtures/antwoord';
const PASSWORD = 'fiets regen boom lamp';

const tsv = (table) => table.map((r) => r.join('\t')).join('\r\n') + '\r\n';

function pastedRows() {
  const bsns = testBsns(17, 999980000);
  const owns = testOnderwijsnummers(17, 101500000);
  return bsns.map((bsn, i) => [bsn, owns[i], `Achternaam${i}`, '', `Kind ${i + 1}`, '05-03-2012', i % 2 ? 'V' : 'M', '']);
}

/** The koppelbestand's rows once `n` are there (the work is in the tab's memory only: read on
 * the Koppelbestand screen). */
const storedRows = (page, n) => koppelRows(page, n);

async function openRegisters(page, files = [`${DUBBELEN}/brp.xlsx`, `${DUBBELEN}/school.csv`]) {
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', files);
  for (const n of files.keys()) {
    await page.locator('.file-card').nth(n).locator('.accounting, .alert-error').first().waitFor({ timeout: 30_000 });
  }
}

async function findPairs(page) {
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
}

async function current(page) {
  const cells = await page.locator('#beoordelen table.pair tbody tr').first().locator('td').allInnerTexts();
  return cells.map((c) => c.replace(/\D/g, '')).join(',');
}

const counts = (page) => page.locator('#besluit-telling').innerText();

async function openAnswer(page) {
  await goTo(page, 'Antwoord van DUO');
  await page.setInputFiles('#verzonden-kiezen', `${ANTWOORD}/20261128G0363.koci.xlsx`);
  await page.getByText('Verzonden bestand: 20261128G0363.koci.xlsx (5 rijen).').waitFor();
  await page.setInputFiles('#antwoord-kiezen', `${ANTWOORD}/antwoord-gewijzigd.koci.xlsx`);
  await page.locator('#antwoord-uitkomst:focus').waitFor();
}

test('save the work with a password and open it again in a new browser context', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kh-werk-'));
  const first = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true },
  });
  let page = first.page;
  let werkFile;
  const decided = [];
  try {
    await appReady(page);
    // 17 rows pasted.
    await goTo(page, 'Koppelbestand');
    await page.evaluate((text) => navigator.clipboard.writeText(text), tsv(pastedRows()));
    await page.getByLabel('BSN, regel 1', { exact: true }).focus();
    await page.keyboard.press('Control+V');
    await page.locator('#melding', { hasText: '17 regels geplakt' }).waitFor();

    // 5 decisions: 3 in the koppelbestand, 1 no double, 1 later.
    await openRegisters(page);
    await findPairs(page);
    await page.locator('#beoordelen').focus();
    for (const [key, after] of [['j', '1. Geen dubbel: 0. Later: 0'], ['j', '2. Geen dubbel: 0. Later: 0'],
      ['j', '3. Geen dubbel: 0. Later: 0'], ['n', '3. Geen dubbel: 1. Later: 0'], ['l', '3. Geen dubbel: 1. Later: 1']]) {
      decided.push(await current(page));
      await page.keyboard.press(key);
      await page.waitForFunction((t) => document.querySelector('#besluit-telling').textContent === `In koppelbestand gezet: ${t}.`, after);
    }
    assert.equal((await storedRows(page, 20)).length, 20);

    // 2 marks on DUO's answer.
    await openAnswer(page);
    await page.getByLabel('Afhandeling rij 2').selectOption({ label: 'Afgehandeld' });
    await page.getByLabel('Afhandeling rij 4').selectOption({ label: 'Actie nodig' });
    await page.getByLabel('Notitie rij 4').fill('BRP nakijken');
    await page.getByLabel('Notitie rij 4').press('Tab');
    assert.equal(await page.locator('#status-telling').innerText(), 'Afgehandeld: 1. Actie nodig: 1. Nog niet bekeken: 3.');

    // Werk opslaan: the dialog, its checks, the download.
    await page.locator('#werk-opslaan').click();
    const dialog = page.getByRole('dialog', { name: 'Werk opslaan' });
    await dialog.waitFor();
    await page.locator('#werk-wachtwoord:focus').waitFor();
    assert.match(await dialog.innerText(), /20 regels, 5 besluiten en 2 markeringen/);
    assert.match(await dialog.innerText(), /Bent u het wachtwoord vergeten, dan kan niemand het bestand nog openen/);
    await axe(page, 'Werk opslaan dialog');
    await screenshot(page, 'werk-opslaan');
    await page.locator('#werk-wachtwoord').fill('te kort');
    await page.locator('#werk-wachtwoord-herhaal').fill('te kort');
    await page.locator('#werk-opslaan-knop').click();
    assert.match(await page.locator('#werk-opslaan-fout').innerText(), /7 tekens; gebruik er minstens 12\. Een zin of een paar losse woorden/);
    assert.equal(await page.locator('#werk-wachtwoord').getAttribute('aria-invalid'), 'true');
    await page.locator('#werk-wachtwoord:focus').waitFor();
    await axe(page, 'Werk opslaan dialog with an error');
    await screenshot(page, 'werk-opslaan-fout');
    await page.locator('#werk-wachtwoord').fill(PASSWORD);
    await page.locator('#werk-wachtwoord-herhaal').fill(`${PASSWORD}x`);
    await page.locator('#werk-opslaan-knop').click();
    assert.match(await page.locator('#werk-opslaan-fout').innerText(), /niet gelijk/);
    // Show/hide.
    assert.equal(await page.locator('#werk-wachtwoord').getAttribute('type'), 'password');
    await page.getByLabel('Wachtwoord tonen').check();
    assert.equal(await page.locator('#werk-wachtwoord').getAttribute('type'), 'text');
    assert.equal(await page.locator('#werk-wachtwoord-herhaal').getAttribute('type'), 'text');
    await page.getByLabel('Wachtwoord tonen').uncheck();
    await page.locator('#werk-wachtwoord-herhaal').fill(PASSWORD);
    const download = page.waitForEvent('download');
    await page.locator('#werk-opslaan-knop').click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^Koppelhulp-werk-\d{8}-\d{4}\.xlsx$/);
    werkFile = join(tmp, file.suggestedFilename());
    await file.saveAs(werkFile);
    await page.locator('#werk-opgeslagen:focus').waitFor();
    assert.equal(await page.locator('#werk-wachtwoord').inputValue(), '', 'the password is not kept');
    // An encrypted OLE file, not a readable zip.
    assert.deepEqual([...readFileSync(werkFile).subarray(0, 4)], [0xd0, 0xcf, 0x11, 0xe0]);
    await axe(page, 'Werk opslaan dialog, saved');
    await screenshot(page, 'werk-opgeslagen');
    await page.keyboard.press('Escape');
    await page.locator('#werk-opslaan:focus').waitFor();
    // Nothing of the password in the tab's storage.
    const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!storage.includes(PASSWORD));
    await first.done();

    // A new browser context: empty storage.
    const second = await openApp(env.browser, env.server.url, { path: '#/koppelbestand' });
    page = second.page;
    await appReady(page);
    assert.deepEqual(await koppelRows(page), []);
    await page.locator('#werk-openen').click();
    const open = page.getByRole('dialog', { name: 'Werk openen' });
    await open.waitFor();
    await page.locator('#werk-bestand:focus').waitFor();
    await axe(page, 'Werk openen dialog');
    await page.setInputFiles('#werk-bestand', werkFile);
    await page.locator('#werk-open-wachtwoord').fill('een verkeerd wachtwoord');
    await page.locator('#werk-openen-knop').click();
    await page.locator('#werk-openen-fout', { hasText: 'Het wachtwoord klopt niet.' }).waitFor({ timeout: 30_000 });
    await page.locator('#werk-open-wachtwoord:focus').waitFor();
    await axe(page, 'Werk openen dialog, wrong password');
    await screenshot(page, 'werk-openen-fout');
    assert.deepEqual(await koppelRows(page), [], 'a wrong password changes nothing');
    await page.locator('#werk-open-wachtwoord').fill(PASSWORD);
    await page.locator('#werk-openen-knop').click();
    await open.waitFor({ state: 'hidden', timeout: 30_000 });
    await page.locator('#werk-openen:focus').waitFor();
    const notice = await page.getByRole('status').filter({ hasText: 'Uw werk is geopend' }).innerText();
    assert.match(notice, /20 regels, 5 besluiten en 2 markeringen/);
    assert.match(notice, /brp\.xlsx, school\.csv/);

    // The rows, the decisions and the marks are back.
    const rows = await storedRows(page, 20);
    assert.ok(rows.some((r) => r.achternaam === 'Achternaam0'));
    await page.locator('#tellingen', { hasText: '20 regels' }).waitFor();
    // (The decisions by verdict: Dubbelen zoeken's counts below, once the registers are open.)
    await axe(page, 'Koppelbestand after Werk openen');
    await screenshot(page, 'werk-geopend');
    await openAnswer(page);
    // The message was about opening the work, on the screen it was given on: gone on the next one.
    assert.equal(await page.getByRole('status').filter({ hasText: 'Uw werk is geopend' }).count(), 0);
    assert.equal(await page.getByLabel('Notitie rij 4').inputValue(), 'BRP nakijken');
    assert.equal(await page.locator('#status-telling').innerText(), 'Afgehandeld: 1. Actie nodig: 1. Nog niet bekeken: 3.');

    // Dubbelen zoeken names the files it needs; another file under one of their names is refused.
    await goTo(page, 'Dubbelen zoeken');
    const needed = page.locator('#nodige-bestanden');
    assert.match(await needed.innerText(), /brp\.xlsx — nog niet geopend/);
    assert.match(await needed.innerText(), /school\.csv — nog niet geopend/);
    await axe(page, 'Dubbelen zoeken, files needed');
    await screenshot(page, 'werk-nodige-bestanden');
    const other = join(tmp, 'school.csv');
    writeFileSync(other, readFileSync(`${DUBBELEN}/school.csv`, 'utf8').replace('degraaf', 'de Graaf'));
    await openRegisters(page, [other]);
    assert.match(await page.locator('.file-card').first().innerText(), /niet hetzelfde bestand als 'school\.csv'/);
    await page.locator('.file-card').first().getByRole('button', { name: /Sluiten/ }).click();
    await openRegisters(page);
    await goTo(page, 'Dubbelen zoeken');
    assert.match(await needed.innerText(), /brp\.xlsx — geopend/);
    assert.match(await needed.innerText(), /school\.csv — geopend/);
    await findPairs(page);
    assert.equal(await counts(page), 'In koppelbestand gezet: 3. Geen dubbel: 1. Later: 1.');
    const next = await current(page);
    assert.ok(!decided.slice(0, 4).includes(next), `a decided pair (${next}) is asked again`);
    await axe(page, 'Dubbelen zoeken after Werk openen');
    await second.done();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('an ordinary koppelbestand chosen under Werk openen says where it belongs', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/privacy' });
  await appReady(page);
  assert.match(await page.locator('main').innerText(), /Uw werk bewaren: het werkbestand/);
  await page.locator('#werk-openen').click();
  await page.setInputFiles('#werk-bestand', `${ANTWOORD}/20261128G0363.koci.xlsx`);
  await page.locator('#werk-open-wachtwoord').fill(PASSWORD);
  await page.locator('#werk-openen-knop').click();
  await page.locator('#werk-openen-fout', { hasText: 'Dit is een koppelbestand, geen werkbestand. Open het onder Koppelbestand' }).waitFor();
  await done();
});

test('Werk opslaan refuses an easy password with the reason next to the field, and proposes a strong one', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { contextOptions: { acceptDownloads: true } });
  await appReady(page);
  // An organisation, so that its name counts as one of the app's own words.
  await goTo(page, 'Instellingen');
  await page.locator('#org-zoek').fill('0363');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
  await page.locator('#werk-opslaan').click();
  await page.locator('#werk-wachtwoord:focus').waitFor();
  // Not offered to the browser's password manager, not to the spell checker (ARCHITECTURE.md).
  for (const id of ['werk-wachtwoord', 'werk-wachtwoord-herhaal']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('autocomplete'), 'off', id);
    assert.equal(await page.locator(`#${id}`).getAttribute('spellcheck'), 'false', id);
  }
  const error = page.locator('#werk-opslaan-fout');
  const refusals = [
    ['aaaaaaaaaaaa', /herhaalt steeds dezelfde tekens/],
    ['123456789012', /vooral een reeks/],
    ['qwertyuiop12', /toetsenbord/],
    ['Welkom123456', /wachtwoord dat veel mensen gebruiken/],
    ['Zomer2026!!!', /seizoen met een jaartal/],
    ['Koppelhulp2026', /woorden die bij dit werk horen/],
    ['Amsterdam2026!', /naam van uw organisatie/],
  ];
  for (const [password, reason] of refusals) {
    await page.locator('#werk-wachtwoord').fill(password);
    await page.locator('#werk-wachtwoord-herhaal').fill(password);
    await page.locator('#werk-opslaan-knop').click();
    await page.locator('#werk-wachtwoord:focus').waitFor();
    const text = await error.innerText();
    assert.match(text, reason, password);
    assert.match(text, /Stel een wachtwoord voor/, 'the message says what to do');
  }
  assert.equal(await page.locator('#werk-wachtwoord').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#werk-wachtwoord').getAttribute('aria-describedby'), /werk-opslaan-fout/);
  // The message stands right under the field it is about.
  assert.equal(await page.evaluate(() => document.querySelector('#werk-wachtwoord').closest('.field').nextElementSibling.id), 'werk-opslaan-fout');
  await axe(page, 'Werk opslaan, a refused password');
  await screenshot(page, 'werk-wachtwoord-geweigerd');

  // A proposal: five words and a number, in both fields and shown, the error gone.
  await page.getByRole('button', { name: 'Stel een wachtwoord voor' }).click();
  await page.locator('#werk-voorstel:focus').waitFor();
  const proposed = await page.locator('#werk-voorstel-tekst').innerText();
  assert.match(proposed, /^([a-z]{3,11}-){5}\d\d$/);
  assert.equal(await page.locator('#werk-wachtwoord').inputValue(), proposed);
  assert.equal(await page.locator('#werk-wachtwoord-herhaal').inputValue(), proposed);
  assert.equal(await page.locator('#werk-wachtwoord').getAttribute('type'), 'text', 'shown, to copy');
  assert.equal(await error.innerText(), '');
  await axe(page, 'Werk opslaan, a proposed password');
  await screenshot(page, 'werk-wachtwoord-voorstel');
  // Another click, another proposal; changing the field hides the proposal.
  await page.getByRole('button', { name: 'Stel een wachtwoord voor' }).click();
  await page.waitForFunction((old) => document.querySelector('#werk-voorstel-tekst')?.textContent !== old, proposed);
  const second = await page.locator('#werk-voorstel-tekst').innerText();
  assert.notEqual(second, proposed);
  await page.locator('#werk-wachtwoord').press('End');
  await page.keyboard.type('x');
  assert.equal(await page.locator('#werk-voorstel').count(), 0);
  await page.locator('#werk-wachtwoord').fill(second);
  // The worker accepts it: the file is made.
  const download = page.waitForEvent('download');
  await page.locator('#werk-opslaan-knop').click();
  await download;
  await page.locator('#werk-opgeslagen:focus').waitFor();
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!storage.includes(second) && !storage.includes(proposed), 'no proposal in storage');
  await done();
});
