// Where the keyboard focus is after every action that adds or removes something (issue 24): *Regel
// toevoegen* (the new row's BSN cell), *Verwijder* (the row that takes its place), a decision and
// an undo on Dubbelen zoeken (the review box keeps it), and closing each dialog and confirmation
// (the button that opened it). Focus on <body> after such an action sends a keyboard user back to
// the top of the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, useBrowserAndServer } from './fixture.mjs';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/dubbelen';

/** The id of the focused element, once it matches `expected` (or what it is after 5 s). */
async function focusedId(page, expected) {
  try {
    await page.waitForFunction((re) => new RegExp(re).test(document.activeElement?.id ?? ''), expected.source, { timeout: 5_000 });
  } catch { /* reported below */ }
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}

async function assertFocus(page, expected, after) {
  const id = await focusedId(page, expected);
  assert.match(id, expected, `focus after ${after}`);
}

test('focus after Regel toevoegen and Verwijder', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/koppelbestand' });
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Koppelbestand' }).waitFor();

  // By mouse and by keyboard: the new row's BSN cell (field 0), each time a new row.
  await page.locator('#regel-toevoegen').click();
  await assertFocus(page, /^cel-\d+-0$/, 'Regel toevoegen (click)');
  const first = await focusedId(page, /^cel-/);
  await page.keyboard.type('999900018');
  await page.locator('#regel-toevoegen').focus();
  await page.keyboard.press('Enter');
  await assertFocus(page, /^cel-\d+-0$/, 'Regel toevoegen (Enter)');
  const second = await focusedId(page, /^cel-/);
  assert.notEqual(second, first, 'the focus is in the new row');
  const rows = await page.locator('table.koppeltabel tbody tr').count();

  // Verwijder the first row: the focus goes to the Verwijder button of the row now in its place.
  const next = await page.locator('table.koppeltabel tbody tr').nth(1).locator('button[id^="verwijder-"]').getAttribute('id');
  await page.locator('table.koppeltabel tbody tr').first().getByRole('button', { name: /Verwijder/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('table.koppeltabel tbody tr').length === n - 1, rows);
  await assertFocus(page, /^verwijder-\d+$/, 'Verwijder');
  assert.equal(await focusedId(page, /^verwijder-/), next, 'the row that took its place');
  // The last row: the focus goes to the row before it.
  const last = page.locator('table.koppeltabel tbody tr').last();
  const before = await page.locator('table.koppeltabel tbody tr').nth(-2).locator('button[id^="verwijder-"]').getAttribute('id');
  await last.getByRole('button', { name: /Verwijder/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('table.koppeltabel tbody tr').length === n - 2, rows);
  assert.equal(await focusedId(page, /^verwijder-/), before, 'the row before the removed last row');
  await done();
});

test('focus after a decision and an undo on Dubbelen zoeken', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  // After the search the focus is on the first proposal: J works at once (issue 27).
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
  const ready = () => page.locator('#beoordelen[aria-busy="false"] table.pair').waitFor({ timeout: 30_000 });

  await ready();
  await page.keyboard.press('j');
  await page.locator('#besluit-telling', { hasText: 'In koppelbestand gezet: 1.' }).waitFor();
  await assertFocus(page, /^beoordelen$/, 'a decision (J)');
  await ready();
  await page.keyboard.press('o');
  await page.getByText('Laatste besluit ongedaan gemaakt.').waitFor();
  await assertFocus(page, /^beoordelen$/, 'an undo (O)');

  // By mouse: the button keeps the focus, and J/N still act on the next pair.
  await ready();
  const button = page.getByRole('button', { name: 'Geen dubbel (N)' });
  await button.click();
  await page.locator('#besluit-telling', { hasText: 'Geen dubbel: 1.' }).waitFor();
  assert.ok(await button.evaluate((b) => b === document.activeElement), 'focus after Geen dubbel (click)');
  await page.getByRole('button', { name: 'Ongedaan maken (O)' }).click();
  await page.getByText('Laatste besluit ongedaan gemaakt.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Ongedaan maken (O)' }).evaluate((b) => b === document.activeElement),
    'focus after Ongedaan maken (click)');
  await done();
});

test('focus after closing each dialog and confirmation', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/koppelbestand' });
  await appReady(page);

  // The two dialogs: opened by their button, closed by Escape or their own close button.
  for (const [opener, inside] of [['werk-opslaan', /^werk-wachtwoord$/], ['werk-openen', /^werk-bestand$/]]) {
    await page.locator(`#${opener}`).click();
    await assertFocus(page, inside, `opening ${opener}`);
    await page.keyboard.press('Escape');
    await assertFocus(page, new RegExp(`^${opener}$`), `closing ${opener} with Escape`);
    await page.locator(`#${opener}`).click();
    await assertFocus(page, inside, `opening ${opener} again`);
    await page.locator(`#${opener}-dialoog`).getByRole('button', { name: /Annuleren|Sluiten/ }).first().click();
    await assertFocus(page, new RegExp(`^${opener}$`), `closing ${opener} with its button`);
  }

  // Alles wissen's confirmation: Annuleren goes back to the button.
  await goTo(page, 'Privacy en hulp');
  await page.locator('#alles-wissen').click();
  await assertFocus(page, /^wissen-nee$/, 'asking to confirm Alles wissen: the safe choice first');
  await page.getByRole('button', { name: 'Annuleren' }).click();
  await assertFocus(page, /^alles-wissen$/, 'cancelling Alles wissen');
  await done();
});

test('Verwijder says which row went, with Ongedaan maken that puts it back with the focus in it', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/koppelbestand' });
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Koppelbestand' }).waitFor();
  // Two rows, typed as an officer does: Regel toevoegen, the number, Tab.
  for (const bsn of ['999900018', '999900031']) {
    await page.locator('#regel-toevoegen').click();
    await assertFocus(page, /^cel-\d+-0$/, 'Regel toevoegen');
    await page.keyboard.type(bsn);
    await page.keyboard.press('Tab');
  }
  const rows = page.locator('table.koppeltabel tbody tr');
  const values = () => rows.locator('input[id$="-0"]').evaluateAll((cells) => cells.map((c) => c.value));
  const before = await values();
  const at = before.indexOf('999900018');
  assert.ok(at >= 0, before.join(','));

  await rows.nth(at).getByRole('button', { name: /Verwijder/ }).click();
  await page.locator('#verwijderd', { hasText: `Regel ${at + 1} is verwijderd.` }).waitFor();
  assert.ok(!(await values()).includes('999900018'));
  await axe(page, 'Koppelbestand after Verwijder');
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await assertFocus(page, /^cel-\d+-0$/, 'Ongedaan maken');
  assert.equal(await page.evaluate(() => document.activeElement.value), '999900018');
  // Back in its place among the filled rows (an empty row is only a place to type; the table drops it).
  const after = await values();
  assert.ok(after.indexOf('999900018') < after.indexOf('999900031'), after.join(','));
  assert.equal(await page.locator('#verwijderd').count(), 0);
  await done();
});
