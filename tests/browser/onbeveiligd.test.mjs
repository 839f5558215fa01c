// Over plain http (not localhost) Koppelhulp opens no file with pupil data, and says why: anyone on
// the network could read the traffic or change the page. Chromium treats localhost and 127.0.0.0/8
// as secure, so the app is opened as http://koppelhulp.test:PORT/ (the name mapped to 127.0.0.1),
// which is not a secure context. Every file input is disabled with the Dutch reason next to it, a
// dropped file is refused before it is read, and the shell says it once for the whole app.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DIST, appReady, axe, goTo, launch, openApp, screenshot, serve } from './fixture.mjs';

const REASON = 'Koppelhulp opent geen bestanden met leerlinggegevens over een onbeveiligde verbinding (http). '
  + 'Vraag de afdeling ICT om Koppelhulp via https aan te bieden.';
let browser;
let server;
let url;

before(async () => {
  browser = await launch(['--host-resolver-rules=MAP koppelhulp.test 127.0.0.1']);
  server = await serve({ dir: DIST });
  url = `http://koppelhulp.test:${new URL(server.url).port}/`;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The file input `id` is disabled and described by the reason, which is shown. */
async function refused(page, id) {
  const input = page.locator(`#${id}`);
  assert.equal(await input.isDisabled(), true, `#${id} is disabled`);
  const describedBy = await input.getAttribute('aria-describedby');
  assert.ok(describedBy, `#${id} is described`);
  const reason = page.locator(`#${describedBy}`);
  assert.equal(await reason.isVisible(), true);
  assert.equal((await reason.innerText()).trim(), REASON);
}

test('over http no file input opens a file, each says why, and a dropped file is not read', async () => {
  // Over plain HTTP Chromium ignores Cross-Origin-Opener-Policy and says so as a console error.
  const app = await openApp(browser, url, { expectErrors: [/Cross-Origin-Opener-Policy header has been ignored/] });
  const { page } = app;
  await appReady(page);
  assert.equal(await page.evaluate(() => window.isSecureContext), false, 'http://koppelhulp.test is not a secure context');
  const notice = page.locator('#niet-beveiligd');
  assert.match(await notice.innerText(), /niet beveiligd \(http\).*opent\s+Koppelhulp geen bestanden met leerlinggegevens.*Offline gebruik is niet beschikbaar.*https/s);

  await goTo(page, 'Bestanden');
  await refused(page, 'bestanden-kiezen');
  await axe(page, 'Bestanden over http');
  await screenshot(page, 'onbeveiligd-bestanden');
  // A file dropped on the drop zone: refused with the reason, not read.
  const csv = readFileSync('tests/fixtures/dubbelen/school.csv', 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'school.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer });
  const card = page.locator('.file-card').first();
  await card.getByText(REASON).waitFor();
  assert.equal(await card.locator('.accounting').count(), 0, 'nothing was read');

  await goTo(page, 'Koppelbestand');
  await refused(page, 'koci-openen');
  await refused(page, 'sjabloon-laden');
  await goTo(page, 'Antwoord van DUO');
  await refused(page, 'verzonden-kiezen');
  await refused(page, 'antwoord-kiezen');
  await axe(page, 'Antwoord van DUO over http');

  await page.locator('#werk-openen').click();
  await page.getByRole('dialog', { name: 'Werk openen' }).waitFor();
  await refused(page, 'werk-bestand');
  await axe(page, 'Werk openen over http');
  await screenshot(page, 'onbeveiligd-werk-openen');
  await page.keyboard.press('Escape');
  await app.done();
});

test('on 127.0.0.1 (a secure context) the same inputs are enabled and say nothing of http', async () => {
  const app = await openApp(browser, server.url, { path: '#/bestanden' });
  const { page } = app;
  await appReady(page);
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  assert.equal(await page.locator('#bestanden-kiezen').isDisabled(), false);
  assert.equal(await page.getByText(REASON).count(), 0);
  await app.done();
});
