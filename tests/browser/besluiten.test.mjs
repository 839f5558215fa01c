// Decisions visible and reversible (issue 27, point 7): after J, N or L a visible line says what
// happened, with *Ongedaan maken* beside it; the list of decided pairs, filtered by decision, changes
// a decision in place (and the koppelbestand with it); the focus stays where the work continues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, koppelRows, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/dubbelen';

/** The pair at the front of the queue as [bsn, onderwijsnummer], once the worker has answered. */
async function current(page) {
  await page.locator('#beoordelen[aria-busy="false"] table.pair').waitFor({ timeout: 30_000 });
  const cells = await page.locator('#beoordelen table.pair tbody tr').first().locator('td').allInnerTexts();
  return cells.map((c) => c.replace(/\D/g, ''));
}

const said = (page) => page.locator('#besluit-gezegd');
const decided = (page) => page.locator('#beoordeeld-tabel tbody tr');

test('J, N and L say so on screen with Ongedaan maken; the list of decided pairs changes a decision', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#beoordeeld-titel').innerText(), 'Beoordeelde paren (0)');
  await page.locator('#beoordeeld-leeg').waitFor();

  // J: a visible line, and Ongedaan maken beside it; undoing puts the focus back on the review.
  const [bsn, own] = await current(page);
  await page.keyboard.press('j');
  await said(page).filter({ hasText: `In het koppelbestand gezet: BSN ${bsn} met onderwijsnummer ${own}.` }).waitFor();
  assert.ok(await said(page).isVisible(), 'the confirmation is on screen, not only for screen readers');
  await axe(page, 'Dubbelen zoeken after J');
  await screenshot(page, 'dubbelen-na-besluit');
  await page.locator('#besluit-terug').click();
  await said(page).filter({ hasText: 'Laatste besluit ongedaan gemaakt.' }).waitFor();
  await page.locator('#beoordelen:focus').waitFor();
  assert.deepEqual(await current(page), [bsn, own], 'the same pair is back in front');
  assert.equal(await page.locator('#beoordeeld-titel').innerText(), 'Beoordeelde paren (0)');

  // J, then N, then L: three decisions in the list.
  const pairs = [];
  for (const [key, text] of [['j', 'In het koppelbestand gezet'], ['n', 'Gemarkeerd als geen dubbel.'], ['l', 'Voor later bewaard.']]) {
    pairs.push(await current(page));
    await page.keyboard.press(key);
    await said(page).filter({ hasText: text }).waitFor();
  }
  await page.locator('#beoordeeld-titel', { hasText: 'Beoordeelde paren (3)' }).waitFor();
  assert.equal(await decided(page).count(), 3);

  // Only the pairs kept for later; the pair is put in the koppelbestand from the list.
  await page.getByRole('group', { name: 'Toon' }).getByLabel('Later').check();
  assert.equal(await decided(page).count(), 1);
  const later = pairs[2];
  assert.match(await decided(page).first().innerText(), new RegExp(`${later[0]}\\s+${later[1]}[\\s\\S]*Later`));
  await axe(page, 'the list of decided pairs, filtered');
  await page.getByRole('button', { name: `In koppelbestand voor BSN ${later[0]}` }).click();
  await said(page).filter({ hasText: `Besluit gewijzigd: BSN ${later[0]} met onderwijsnummer ${later[1]} is nu in koppelbestand.` }).waitFor();
  await page.locator('#beoordeeld-titel:focus').waitFor();
  await page.locator('#beoordeeld-leeg').waitFor();
  await page.getByRole('group', { name: 'Toon' }).getByLabel('In koppelbestand').check();
  assert.equal(await decided(page).count(), 2);

  // The pair judged Geen dubbel is taken back into the koppelbestand too: three rows there.
  await page.getByRole('group', { name: 'Toon' }).getByLabel('Geen dubbel').check();
  await page.getByRole('button', { name: `In koppelbestand voor BSN ${pairs[1][0]}` }).click();
  await said(page).filter({ hasText: `BSN ${pairs[1][0]}` }).waitFor();
  const rows = await koppelRows(page, 3);
  assert.deepEqual(rows.map((r) => `${r.bsn},${r.onderwijsnummer}`).sort(), pairs.map((p) => p.join(',')).sort());

  // And out again: In koppelbestand → Geen dubbel removes the row.
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('group', { name: 'Toon' }).getByLabel('In koppelbestand').check();
  await page.getByRole('button', { name: `Geen dubbel voor BSN ${pairs[0][0]}` }).click();
  await said(page).filter({ hasText: `BSN ${pairs[0][0]}` }).waitFor();
  assert.equal((await koppelRows(page, 2)).length, 2);
  await done();
});
