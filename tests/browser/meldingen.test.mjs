// Messages follow the state (issue 27, point 10): Antwoord in a fresh tab gives no count of rows
// beside the sentence that nothing was sent; a search over a register without rows that have only an
// onderwijsnummer says why there is nothing to judge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();

test('Antwoord in a fresh tab: no "(0 rijen)" beside "staat dat niet (meer)"', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/antwoord' });
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Antwoord van DUO' }).waitFor();
  await page.locator('#geen-verzonden').waitFor();
  const main = await page.getByRole('main').innerText();
  assert.doesNotMatch(main, /0 rijen/);
  assert.match(main, /staat dat niet \(meer\)/);
  await done();
});

test('a register with only BSNs: the search says what a pair is and why there is none', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await page.setInputFiles('#bestanden-kiezen', ['tests/fixtures/dubbelen/brp.xlsx']);
  await page.locator('.file-card').first().locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#zoek-uitkomst', { hasText: 'gevonden' }).waitFor({ timeout: 30_000 });
  const said = await page.locator('#zoek-uitkomst').innerText();
  assert.match(said, /0 mogelijke paren gevonden/);
  assert.match(said, /Een paar is een rij met een BSN en een rij met alleen een onderwijsnummer van dezelfde leerling\./);
  assert.match(said, /geen rijen met alleen een onderwijsnummer, dan is er niets te koppelen/);
  await axe(page, 'Dubbelen zoeken without pairs');
  await done();
});
