// Start (issue 27, point 9): a first visit opens on Instellingen; once an organisation is set the app
// opens on Start, the five steps with where the officer is in each, the next step marked; every
// screen of the steps ends in a *Volgende stap* link; DUO's description of the process lives here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, tabTo, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/dubbelen';

const steps = (page) => page.getByRole('list', { name: 'De stappen' }).locator(':scope > li');

test('Start: the steps and where the officer is, the next step after every screen', async () => {
  const app = await openApp(env.browser, env.server.url);
  const { page } = app;
  await appReady(page);

  // A first visit: Instellingen, and no next step until an organisation is set.
  await page.getByRole('heading', { level: 1, name: 'Instellingen' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Volgende stap' }).count(), 0);
  await tabTo(page, '#org-zoek');
  await page.keyboard.type('363');
  await page.locator('#code-voorbeeld', { hasText: 'G0363' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('#toegevoegd', { hasText: 'G0363 — Amsterdam' }).waitFor();
  await page.getByRole('navigation', { name: 'Volgende stap' }).getByRole('link', { name: /Start/ }).waitFor();

  // The next visit opens on Start.
  await page.goto(env.server.url);
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
  assert.equal(await page.title(), 'Start — Koppelhulp');
  assert.equal(await steps(page).count(), 5);
  assert.deepEqual(await steps(page).getByRole('link').allInnerTexts(),
    ['Bestanden', 'Dubbelen zoeken', 'Koppelbestand', 'Versturen', 'Antwoord van DUO']);
  assert.match(await steps(page).nth(0).innerText(), /volgende stap[\s\S]*Nog geen bestand geopend\./);
  assert.match(await steps(page).nth(2).innerText(), /Nog leeg\./);
  assert.match(await steps(page).nth(3).innerText(), /Nog geen koppelbestand gemaakt\./);
  // DUO's own steps are here now, not under Privacy en hulp.
  await page.getByRole('heading', { level: 2, name: 'Zo werkt het koppelen bij DUO' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Koppeling OWN\/BSN/);
  await axe(page, 'Start, nothing done');
  await screenshot(page, 'start-leeg');

  // The step's link leads there; the focus goes to the screen's heading.
  await steps(page).nth(0).getByRole('link').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Bestanden' }).waitFor();
  await page.locator('#screen-title:focus').waitFor();
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });

  // Bestanden ends with the next step, Dubbelen zoeken, reachable by keyboard.
  const next = page.getByRole('navigation', { name: 'Volgende stap' }).getByRole('link');
  assert.equal(await next.innerText(), 'Volgende stap: Dubbelen zoeken');
  await next.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Dubbelen zoeken' }).waitFor();
  await page.locator('#screen-title:focus').waitFor();
  assert.equal(await next.innerText(), 'Volgende stap: Koppelbestand');

  // Start now says what was read, and that the search is next.
  await goTo(page, 'Start');
  assert.match(await steps(page).nth(0).innerText(), /2 bestanden gelezen: 200 rijen, waarvan \d+ met BSN, \d+ met alleen een onderwijsnummer\./);
  assert.doesNotMatch(await steps(page).nth(0).innerText(), /volgende stap/);
  assert.match(await steps(page).nth(1).innerText(), /volgende stap[\s\S]*Nog niet gezocht\./);
  assert.equal(await next.innerText(), 'Volgende stap: Dubbelen zoeken');
  await axe(page, 'Start, files read');

  // After a search: the pairs still to judge.
  await steps(page).nth(1).getByRole('link').click();
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
  await goTo(page, 'Start');
  assert.match(await steps(page).nth(1).innerText(), /volgende stap[\s\S]*\d+ paren? nog te beoordelen\./);
  await screenshot(page, 'start-bezig');

  // Privacy en hulp points to Start for the help.
  await goTo(page, 'Privacy en hulp');
  await page.getByRole('main').getByRole('link', { name: 'Start', exact: true }).waitFor();
  await app.done();
});
