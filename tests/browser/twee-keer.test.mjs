// The same register opened twice, in another format (issue 27, point 10): recognised by its rows,
// said on the second file, and counted once — on Start and in Dubbelen zoeken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const DIR = 'tests/fixtures/import';

test('the same rows as xlsx and as ods: the second file says so and counts once', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await page.setInputFiles('#bestanden-kiezen', [`${DIR}/libreoffice.xlsx`]);
  await page.locator('.file-card').nth(0).locator('.accounting').waitFor({ timeout: 30_000 });
  await page.setInputFiles('#bestanden-kiezen', [`${DIR}/libreoffice.ods`]);
  await page.locator('.file-card').nth(1).locator('.accounting').waitFor({ timeout: 30_000 });

  const warning = page.getByText('Dit bestand heeft dezelfde rijen als libreoffice.xlsx.');
  await warning.waitFor();
  assert.equal(await warning.count(), 1, 'said once, on the second file');
  await axe(page, 'Bestanden with the same register twice');

  // Counted once: Start reads one file's rows.
  await goTo(page, 'Start');
  const first = page.getByRole('list', { name: 'De stappen' }).getByRole('listitem').first();
  assert.match(await first.innerText(), /1 bestand gelezen: \d+ rijen, waarvan \d+ met BSN, \d+ met alleen een onderwijsnummer\./);

  // A file with other rows counts as its own.
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', ['tests/fixtures/dubbelen/school.csv']);
  await page.locator('.file-card').nth(2).locator('.accounting').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByText(/Dit bestand heeft dezelfde rijen als/).count(), 1);
  await goTo(page, 'Start');
  assert.match(await first.innerText(), /2 bestanden gelezen/);
  await done();
});
