// Routering: fill DUO's routing form by keyboard with one error per kind of pupil, see the error
// summary take the focus, fix, fill the (always shown) verwerker section, check the mailto and the print view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();

/** Focus a field, type into it (replacing what was there) and leave it with Tab. */
async function type(page, id, text) {
  await page.locator(`#${id}`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

/**
 * Press Controleren by keyboard. (A mouse click can miss under load: fixing a field removes the error
 * summary above the form, and the button moves while the click is on its way.)
 */
async function submit(page) {
  await page.getByRole('button', { name: 'Controleren' }).focus();
  await page.keyboard.press('Enter');
}

test('routing form: errors per kind, summary with focus, verwerker section, mailto, print', async () => {
  const app = await openApp(env.browser, env.server.url, {
    contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  const { page } = app;
  // The Permissions-Policy forbids reading the clipboard (clipboard-read=()), also to this test: it
  // records what the app writes instead.
  await page.evaluate(() => {
    const write = Clipboard.prototype.writeText;
    Clipboard.prototype.writeText = function (text) {
      window.copiedText = text;
      return write.call(this, text);
    };
  });
  await appReady(page);
  await page.locator('#org-zoek').fill('0014');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0014' }).waitFor();
  await goTo(page, 'Routering');
  await axe(page, 'Routering empty');

  await type(page, 'startdatum', '01-08-2027');
  // One error per kind: a bad address, a list of two, a missing one.
  const kinds = [
    ['Leerplichtzaken Groningen', 'leerplicht@groningen'],
    ['Leerplichtzaken Groningen', 'leerplicht@groningen.nl, rmc@groningen.nl'],
    ['RMC Groningen', ''],
  ];
  for (const [i, [naam, email]] of kinds.entries()) {
    await type(page, `instantie-${i}-naam`, naam);
    if (email) await type(page, `instantie-${i}-email`, email);
    await page.locator(`#instantie-${i}-eigen`).focus();
    await page.keyboard.press('Space');
  }
  await type(page, 'ondertekening-naam', 'A. de Tester');
  await type(page, 'ondertekening-functie', 'Teamleider leerplicht');
  await type(page, 'ondertekening-datum', '01-07-2027');

  await page.getByRole('button', { name: 'Controleren' }).focus();
  await page.keyboard.press('Enter');
  const summary = page.locator('#fout-samenvatting');
  await summary.waitFor();
  await page.locator('#fout-samenvatting:focus').waitFor();
  const links = await summary.getByRole('link').allInnerTexts();
  assert.equal(links.length, 3, links.join('\n'));
  await axe(page, 'Routering with errors');
  await screenshot(page, 'routering-fouten');

  // The first link takes the focus to the first wrong field; fix all three by keyboard.
  await summary.getByRole('link').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('#instantie-0-email:focus').waitFor();
  await type(page, 'instantie-0-email', 'leerplicht@groningen.nl');
  await type(page, 'instantie-1-email', 'leerplicht@groningen.nl');
  await type(page, 'instantie-2-email', 'rmc@groningen.nl');

  // The Verklaring section is always there, saying when it is needed; the third kind goes to another
  // organisation: a notice says the Verklaring is usually needed, to check on DUO's form.
  assert.equal(await page.locator('#verwerker-titel').count(), 1);
  assert.match(await page.locator('#verwerker-wanneer').innerText(), /nodig als een andere organisatie/);
  assert.equal(await page.locator('#routering-meldingen').count(), 0);
  await page.locator('#instantie-2-eigen-nee').focus();
  await page.keyboard.press('Space');
  await page.locator('#routering-meldingen', { hasText: 'Controleer dit op het formulier van DUO' }).waitFor();
  // With the Verklaring still empty that is a warning; it goes once the Verklaring is filled in.
  assert.match(await page.locator('#routering-meldingen').innerText(), /De Verklaring gegevensverstrekking aan verwerker is nog leeg\./);
  // Optional fields are grouped under one heading per group, not labelled one by one (B1: the
  // phrase was on the screen about twenty times); a wrong KvK-nummer is a warning, not an error.
  const optional = page.locator('fieldset.optional', { has: page.locator('#verwerker-kvk') });
  assert.equal(await optional.locator('legend').first().innerText(), 'Als het formulier van DUO erom vraagt');
  assert.equal(await page.locator('label', { hasText: /erom vraagt/ }).count(), 0);
  assert.equal(await page.locator('legend', { hasText: 'Als het formulier van DUO erom vraagt' }).count(), 7);
  await type(page, 'verwerker-naam', 'Regionaal Bureau Leerplicht');
  assert.doesNotMatch(await page.locator('#routering-meldingen').innerText(), /is nog leeg/);
  await type(page, 'verwerker-adres', 'Teststraat 1, 9700 AA Groningen');
  await type(page, 'verwerker-kvk', '1234567');
  await page.locator('#verwerker-kvk-fout', { hasText: 'KvK-nummer heeft 8 cijfers' }).waitFor();
  await type(page, 'verwerker-contactpersoon', 'B. Voorbeeld');
  await type(page, 'verwerker-email', 'rbl@example.nl');
  await type(page, 'verwerker-overeenkomst', '15-01-2026');
  await page.locator('#verwerker-verzuimmeldingen').focus();
  await page.keyboard.press('Space');
  await type(page, 'verwerker-ondertekening-naam', 'A. de Tester');
  await type(page, 'verwerker-ondertekening-functie', 'Teamleider leerplicht');
  await type(page, 'verwerker-ondertekening-datum', '01-07-2027');
  await type(page, 'verwerker-kvk', '12345678');
  await submit(page);
  try {
    await page.locator('#uitvoer-titel:focus').waitFor();
  } catch (error) {
    // Say what the page showed instead (a flake seen once under load; this makes it diagnosable).
    const summary = await page.locator('#fout-samenvatting').allInnerTexts();
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    throw new Error(`${error.message}\nerror summary: ${JSON.stringify(summary)}\nfocused: ${focused}`);
  }
  // Says what was checked, not that the form is complete.
  const checked = await page.locator('#gecontroleerd').innerText();
  assert.match(checked, /zes velden gecontroleerd/);
  assert.doesNotMatch(checked, /volledig/);
  assert.equal(await page.locator('#fout-samenvatting').count(), 0);
  await axe(page, 'Routering complete');
  await screenshot(page, 'routering-klaar');

  // The mailto: default recipient, the summary as body, nothing but what was typed.
  const href = await page.locator('#mail-routering').getAttribute('href');
  assert.ok(href.length <= 2000, `mailto is ${href.length} characters`);
  const mail = new URL(href);
  assert.equal(decodeURIComponent(mail.pathname), 'verzuim@duo.nl');
  assert.match(mail.searchParams.get('subject'), /G0014 — Groningen/);
  const body = mail.searchParams.get('body');
  for (const s of ['Leerplichtig', 'Kwalificatieplichtig', 'leerplicht@groningen.nl', 'rmc@groningen.nl', '12345678']) {
    assert.ok(body.includes(s), `body has ${s}`);
  }
  await page.locator('#ontvanger').fill('leerplicht@groningen.nl');
  await page.locator('#ontvanger').press('Tab');
  await page.waitForFunction(() => decodeURIComponent(new URL(document.querySelector('#mail-routering').href).pathname) === 'leerplicht@groningen.nl');

  // Copy as text.
  await page.getByRole('button', { name: 'Kopieer als tekst' }).click();
  await page.locator('#gekopieerd', { hasText: 'klembord' }).waitFor();
  assert.match(await page.evaluate(() => window.copiedText), /Alternatieve routering verzuimloket/);

  // The printed page: each form on its own page, titled as Koppelhulp's invulhulp (not DUO's form),
  // without signature lines; the screen's chrome hidden.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.print-page').count(), 2);
  for (const nav of await page.locator('nav').all()) assert.equal(await nav.isVisible(), false, 'no navigation on paper');
  const printed = await page.locator('.print-page').allInnerTexts();
  assert.match(printed[0], /^Invulhulp voor het formulier Alternatieve routering verzuimloket — G0014 — Groningen/);
  assert.match(printed[1], /^Invulhulp voor het formulier Verklaring gegevensverstrekking aan verwerker — G0014/);
  assert.ok(printed.every((p) => !/Handtekening/.test(p)), 'no signature lines');
  await screenshot(page, 'routering-print');
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  assert.equal(pages, 2, 'two A4 pages: one per form');
  await page.emulateMedia({ media: 'screen' });

  // The form is kept (organisation data, no pupils) after a reload.
  await page.reload();
  await appReady(page);
  await goTo(page, 'Routering');
  assert.equal(await page.locator('#verwerker-kvk').inputValue(), '12345678');
  await app.done();
});

test('routing printout: "Nee" with an empty Verklaring warns, and the invulhulp prints only what was filled in', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await appReady(page);
  await page.locator('#org-zoek').fill('0014');
  await page.keyboard.press('Enter');
  await page.locator('.card-active', { hasText: 'G0014' }).waitFor();
  await goTo(page, 'Routering');
  for (const i of [0, 1, 2]) {
    await type(page, `instantie-${i}-naam`, i === 2 ? 'RMC Groningen' : 'Leerplichtzaken Groningen');
    await type(page, `instantie-${i}-email`, i === 2 ? 'rmc@groningen.nl' : 'leerplicht@groningen.nl');
  }
  await page.locator('#instantie-2-eigen-nee').focus();
  await page.keyboard.press('Space');
  const warning = page.locator('#routering-meldingen.alert-warning');
  await warning.waitFor();
  assert.match(await warning.innerText(), /^Let op: U hebt aangegeven dat een andere organisatie .+ De Verklaring gegevensverstrekking aan verwerker is nog leeg\. Vul die hieronder in als u hem nodig hebt\. Een lege Verklaring staat niet in de invulhulp\.$/s);
  await submit(page);
  await page.locator('#uitvoer-titel:focus').waitFor();
  await axe(page, 'Routering, Nee with an empty Verklaring');
  await screenshot(page, 'routering-verklaring-leeg');
  // Printed: one page, the first form only, no empty signature block.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.print-page').count(), 1);
  const printed = await page.locator('.print-page').innerText();
  assert.match(printed, /^Invulhulp voor het formulier Alternatieve routering verzuimloket — G0014 — Groningen/);
  for (const absent of ['Verklaring gegevensverstrekking', 'Ondertekening', 'Handtekening']) {
    assert.ok(!printed.includes(absent), `${absent} is not printed: ${printed}`);
  }
  await screenshot(page, 'routering-print-alleen-ingevuld');
  await page.emulateMedia({ media: 'screen' });
  await app.done();
});
