// The browser's cloud features get nothing. Edge's Microsoft Editor and Chrome's enhanced spell
// check send the text of a field to a cloud service, and a translated page goes to a translation
// service. So every field that can hold text says spellcheck="false", and the page says
// translate="no" (with Google's notranslate meta).
//
// Walked through every screen, empty and with the fields that appear only with data: koppelbestand
// rows, a proposed remark for DUO on Dubbelen zoeken, DUO's answer with its notes, the Routering
// form, both Werk dialogs. And the app's source is read for every <input> and <textarea>, so that a
// field shown only in a state this walk does not reach is checked too.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, goTo, openApp, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();
const SCREENS = ['Bestanden', 'Dubbelen zoeken', 'Koppelbestand', 'Versturen', 'Antwoord van DUO', 'Routering', 'Instellingen', 'Privacy en hulp'];
const TEXT_FIELDS = 'input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=range]), textarea, [contenteditable]';

/** Check every text field on the page now and the page's translate; return the fields' ids. */
async function checkFields(page, where) {
  const found = await page.evaluate((selector) => ({
    translate: document.documentElement.translate,
    translateAttribute: document.documentElement.getAttribute('translate'),
    notranslate: document.querySelector('meta[name="google"]')?.getAttribute('content') ?? null,
    fields: [...document.querySelectorAll(selector)].map((el) => ({
      id: el.id || el.outerHTML.slice(0, 120),
      spellcheck: el.spellcheck,
      attribute: el.getAttribute('spellcheck'),
    })),
  }), TEXT_FIELDS);
  assert.equal(found.translate, false, `${where}: the page may be translated`);
  assert.equal(found.translateAttribute, 'no', `${where}: <html translate="no">`);
  assert.equal(found.notranslate, 'notranslate', `${where}: <meta name="google" content="notranslate">`);
  const bad = found.fields.filter((f) => f.spellcheck !== false || f.attribute !== 'false');
  assert.deepEqual(bad, [], `${where}: fields with spell check on`);
  return found.fields.map((f) => f.id);
}

const tsv = (table) => table.map((r) => r.join('\t')).join('\r\n') + '\r\n';

test('every text field of every screen, with and without data, has spell check off; the page is not translated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-velden-'));
  const { page, done } = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  const seen = new Set();
  const check = async (where) => { for (const id of await checkFields(page, where)) seen.add(id); };
  try {
    await appReady(page);
    for (const title of SCREENS) {
      await goTo(page, title);
      await check(title);
    }
    // An organisation, and koppelbestand rows (each cell a field).
    await goTo(page, 'Instellingen');
    await page.locator('#org-zoek').fill('0363');
    await page.keyboard.press('Enter');
    await page.locator('.card-active', { hasText: 'G0363' }).waitFor();
    await goTo(page, 'Koppelbestand');
    const bsns = testBsns(3, 999970000);
    const owns = testOnderwijsnummers(3, 101700000);
    await page.evaluate((text) => navigator.clipboard.writeText(text),
      tsv(bsns.map((b, i) => [b, owns[i], `Achternaam${i}`, '', `Kind ${i}`, '05-03-2012', 'M', 'een opmerking'])));
    await page.getByLabel('BSN, regel 1', { exact: true }).focus();
    await page.keyboard.press('Control+V');
    await page.locator('#melding', { hasText: '3 regels geplakt' }).waitFor();
    await check('Koppelbestand with rows');

    // A pair whose birth dates differ: the proposed remark for DUO.
    writeFileSync(join(dir, 'brp.csv'), 'BSN;Achternaam;Voornamen;Geboortedatum;Geslacht;Postcode;Huisnummer\n'
      + '999990019;Jansen;Piet;03-07-2011;M;1234AB;5\n999993653;Bakker;Sem;03-04-2011;M;2345BC;7\n');
    writeFileSync(join(dir, 'school.csv'), 'Onderwijsnummer;Achternaam;Voornamen;Geboortedatum;Geslacht;Postcode;Huisnummer\n'
      + '101000231;Jansen;Piet;07-03-2011;M;1234AB;5\n');
    await goTo(page, 'Bestanden');
    await page.setInputFiles('#bestanden-kiezen', [join(dir, 'brp.csv'), join(dir, 'school.csv')]);
    for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
    await check('Bestanden with two files');
    await goTo(page, 'Dubbelen zoeken');
    await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
    await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
    await page.locator('#opmerking-duo').waitFor();
    await check('Dubbelen zoeken with a proposed remark');

    // DUO's answer: a note per row.
    await goTo(page, 'Antwoord van DUO');
    await page.setInputFiles('#verzonden-kiezen', 'tests/fixtures/antwoord/20261128G0363.koci.xlsx');
    await page.getByText('Verzonden bestand: 20261128G0363.koci.xlsx (5 rijen).').waitFor();
    await page.setInputFiles('#antwoord-kiezen', 'tests/fixtures/antwoord/antwoord-gewijzigd.koci.xlsx');
    await page.locator('#antwoord-uitkomst:focus').waitFor();
    await check('Antwoord van DUO with the answer');

    await goTo(page, 'Routering');
    await check('Routering with an organisation');

    // The Werk dialogs.
    await page.locator('#werk-opslaan').click();
    await page.locator('#werk-wachtwoord:focus').waitFor();
    await page.getByLabel('Wachtwoord tonen').check();
    await check('Werk opslaan, password shown');
    await page.keyboard.press('Escape');
    await page.locator('#werk-openen').click();
    await page.locator('#werk-bestand:focus').waitFor();
    await check('Werk openen');
    await page.keyboard.press('Escape');

    // The walk reached the fields it is about.
    const expected = ['org-zoek', 'regels-zoeken', 'bestandsdatum', 'opmerking-duo', 'startdatum',
      'instantie-0-naam', 'instantie-0-email', 'ondertekening-naam', 'werk-wachtwoord', 'werk-wachtwoord-herhaal',
      'werk-open-wachtwoord'];
    for (const id of expected) assert.ok(seen.has(id), `the walk did not reach #${id}: ${[...seen].join(' ')}`);
    const cells = [...seen].filter((id) => /^cel-/.test(id));
    const notes = [...seen].filter((id) => /notitie/i.test(id));
    assert.ok(cells.length >= 3 * 8, `koppelbestand cells checked: ${cells.length}`);
    assert.ok(notes.length >= 5, `answer notes checked: ${notes.length}`);
    await done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every <input> and <textarea> in the app\'s source says spellcheck="false" (checkbox, radio, file and range aside)', () => {
  const dir = 'crates/app/src';
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.rs'));
  let fields = 0;
  const bad = [];
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8');
    // Leptos's view! closes every <input .../>; a <textarea ...> ends at </textarea>.
    for (const [tag] of source.matchAll(/<input\b[\s\S]*?\/>|<textarea\b[\s\S]*?<\/textarea>/g)) {
      if (/\btype="(checkbox|radio|file|range)"/.test(tag)) continue;
      fields += 1;
      if (!/\bspellcheck="false"/.test(tag)) bad.push(`${file}: ${tag.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  assert.ok(fields >= 10, `found only ${fields} text fields: is the pattern still right?`);
  assert.deepEqual(bad, [], 'text fields without spellcheck="false"');
});
