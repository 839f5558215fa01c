// Dubbelen zoeken: open a generated BRP list and school list, find the pupils that are in both, review
// by keyboard (J, N, L, O), find the accepted pairs in the koppelbestand, accept all above the threshold
// after a confirmation. The work is in the tab's memory only: a reload asks first, then starts empty.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appReady, axe, goTo, koppelRows, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();
const FIXTURES = 'tests/fixtures/dubbelen';
// The true pairs of the generated registers (`genereer --rows 200 --seed 5`).
const truth = new Set(readFileSync(`${FIXTURES}/truth.csv`, 'utf8').trim().split('\n').slice(1)
  .map((line) => line.split(',').slice(0, 2).join(',')));

async function openFiles(page) {
  await goTo(page, 'Bestanden');
  await page.setInputFiles('#bestanden-kiezen', [`${FIXTURES}/brp.xlsx`, `${FIXTURES}/school.csv`]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
}

/** The pair at the front of the queue as "bsn,onderwijsnummer", once the worker has answered
 * (learning from the last decision, the details of the pair on screen). */
async function current(page) {
  await page.locator('#beoordelen[aria-busy="false"] table.pair').waitFor({ timeout: 30_000 });
  const cells = await page.locator('#beoordelen table.pair tbody tr').first().locator('td').allInnerTexts();
  return cells.map((c) => c.replace(/\D/g, '')).join(',');
}

/** The weight of the pair at the front of the queue. */
async function weight(page) {
  await current(page);
  const title = await page.locator('#beoordelen .pair-title strong').innerText();
  return Number(title.replace('Gewicht ', '').replace(',', '.'));
}

const waitCounts = (page, text) => page.waitForFunction(
  (t) => document.querySelector('#besluit-telling').textContent === t, text, { timeout: 30_000 });

const counts = (page) => page.locator('#besluit-telling').innerText();

/** The koppelbestand's rows once `n` are there (read on the Koppelbestand screen). */
const storedRows = (page, n) => koppelRows(page, n);

test('find the doubles, review by keyboard, link them; a reload asks first and starts empty', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await openFiles(page);
  const summary = await page.locator('section.review > p').first().innerText();
  assert.match(summary, /200 rijen vergeleken/);

  // The keys work only while the queue has focus; they are listed on screen.
  await page.locator('#drempel').focus();
  await page.keyboard.press('j');
  assert.equal(await counts(page), 'In koppelbestand gezet: 0. Geen dubbel: 0. Later: 0.');
  assert.match(await page.locator('#sneltoetsen').innerText(), /J \(ja\) in het koppelbestand zetten, N \(nee\) geen dubbel, L later,\s+O laatste besluit ongedaan maken/);

  await page.locator('#beoordelen').focus();
  const accepted = [];
  for (let i = 0; i < 3; i += 1) {
    const pair = await current(page);
    accepted.push(pair);
    await page.keyboard.press('j');
    await page.waitForFunction((p) => document.querySelector('#besluit-telling').textContent.startsWith(`In koppelbestand gezet: ${p}.`), i + 1);
  }
  // The strongest proposals are true pairs.
  for (const pair of accepted) assert.ok(truth.has(pair), `${pair} is not a true pair`);
  const rejected = await current(page);
  await page.keyboard.press('n');
  assert.equal(await counts(page), 'In koppelbestand gezet: 3. Geen dubbel: 1. Later: 0.');
  assert.notEqual(await current(page), rejected);
  await page.keyboard.press('o');
  assert.equal(await counts(page), 'In koppelbestand gezet: 3. Geen dubbel: 0. Later: 0.');
  assert.equal(await current(page), rejected, 'undo puts the pair back at the front');
  assert.match(await page.getByRole('status').filter({ hasText: 'ongedaan' }).innerText(), /Laatste besluit ongedaan gemaakt/);

  // The explanation: a bar per field, the prior and the total.
  const explanation = await page.locator('#beoordelen .explanation').innerText();
  assert.match(explanation, /Beginwaarde/);
  assert.match(explanation, /Achternaam: /);
  assert.match(explanation, /Geboortedatum: /);
  assert.match(explanation, /Totaal/);
  await axe(page, 'Dubbelen zoeken, review');
  await screenshot(page, 'dubbelen');

  // The accepted pairs are in the koppelbestand, with the BSN row's data.
  await goTo(page, 'Koppelbestand');
  const rows = await storedRows(page, accepted.length);
  assert.deepEqual(rows.map((r) => `${r.bsn},${r.onderwijsnummer}`).sort(), [...accepted].sort());
  assert.ok(rows.every((r) => r.achternaam && /^\d\d-\d\d-\d{4}$/.test(r.geboortedatum)));
  const values = await page.locator('main input').evaluateAll((inputs) => inputs.map((i) => i.value));
  for (const pair of accepted) assert.ok(values.includes(pair.split(',')[0]), `BSN of ${pair} shown`);

  // A reload asks first (the work is in memory only); afterwards the decisions and the files are
  // gone, and the same strongest pairs are proposed again.
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.accept(); });
  await page.reload();
  await appReady(page);
  assert.deepEqual(asked, ['beforeunload']);
  assert.deepEqual(await koppelRows(page), []);
  await goTo(page, 'Dubbelen zoeken');
  assert.doesNotMatch(await page.locator('#geen-bestanden').innerText(), /voorstellen beoordeeld/);
  await openFiles(page);
  assert.equal(await counts(page), 'In koppelbestand gezet: 0. Geen dubbel: 0. Later: 0.');
  await page.locator('#beoordelen').focus();
  for (let i = 0; i < 3; i += 1) {
    assert.ok(accepted.includes(await current(page)), 'the same strongest pairs');
    await page.keyboard.press('j');
    await page.waitForFunction((p) => document.querySelector('#besluit-telling').textContent.startsWith(`In koppelbestand gezet: ${p}.`), i + 1);
  }
  assert.ok(!accepted.includes(await current(page)), 'a decided pair is not asked again');

  // One pair put off (Later); accept all above the threshold, after a confirmation, leaves it
  // put off; one undo takes it all back.
  const later = await current(page);
  await page.keyboard.press('l');
  await waitCounts(page, 'In koppelbestand gezet: 3. Geen dubbel: 0. Later: 1.');
  const open = Number((await page.locator('#drempel-telling').innerText()).match(/(\d+) nog te beoordelen/)[1]) - 1;
  assert.ok(open > 10, `${open} pairs open`);
  await page.getByRole('button', { name: 'Alle paren boven de drempel in het koppelbestand zetten' }).click();
  await page.locator('#alles-bevestigen:focus').waitFor();
  const question = await page.locator('#alles-vraag').innerText();
  assert.match(question, new RegExp(`alle ${open} nog niet beoordeelde paren`));
  assert.match(question, /Het laagste gewicht daarvan is -?\d+,\d\d\./);
  assert.match(question, /Paren die u voor later hebt bewaard, blijven staan\./);
  await axe(page, 'Dubbelen zoeken, confirmation');
  await page.keyboard.press('Enter');
  await waitCounts(page, `In koppelbestand gezet: ${3 + open}. Geen dubbel: 0. Later: 1.`);
  assert.equal(await current(page), later, 'the pair put off is still asked');
  const linked = await storedRows(page, 3 + open);
  assert.ok(!linked.some((r) => `${r.bsn},${r.onderwijsnummer}` === later), 'the pair put off is not in the koppelbestand');
  const wrong = linked.filter((r) => !truth.has(`${r.bsn},${r.onderwijsnummer}`));
  assert.ok(wrong.length <= 1, `pairs above the threshold that are not true: ${JSON.stringify(wrong)}`);
  await page.locator('#beoordelen').focus();
  await page.keyboard.press('o');
  assert.equal(await counts(page), 'In koppelbestand gezet: 3. Geen dubbel: 0. Later: 1.');
  await storedRows(page, 3);

  // A lower threshold shows more pairs.
  const above = async () => Number((await page.locator('#drempel-telling').innerText()).match(/: (\d+) paren boven/)[1]);
  const before = await above();
  await page.locator('#drempel').fill('2');
  assert.ok(await above() >= before);

  // Above every pair the queue is empty, and a key says so instead of doing nothing.
  await page.locator('#drempel').fill('1000');
  await page.locator('#wachtrij-leeg').waitFor();
  await page.locator('#beoordelen').focus();
  await page.keyboard.press('j');
  await page.getByRole('status').filter({ hasText: 'Er is geen voorstel om te beoordelen.' }).waitFor();
  await done();
});

test('decisions re-weigh the queue, undo restores it, doubtful pairs first', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await openFiles(page);
  const highest = await weight(page);
  assert.equal(await page.locator('#geleerd').innerText(), '');

  // Twijfelgevallen eerst: the pair nearest the threshold (the lowest weight above it) comes first.
  await page.getByLabel('Twijfelgevallen eerst').check();
  const a = await current(page);
  const doubtful = await weight(page);
  assert.ok(doubtful >= 1 && doubtful < highest, `${doubtful} (highest ${highest})`);

  // A decision the model learns from: the next pair is shown with a weight learned from it.
  await page.locator('#beoordelen').focus();
  await page.keyboard.press(truth.has(a) ? 'j' : 'n');
  const b = await current(page);
  assert.notEqual(b, a);
  const learned = await weight(page);
  assert.equal(await page.locator('#geleerd').innerText(), 'De voorstellen zijn aangepast aan uw besluit.');
  await axe(page, 'Dubbelen zoeken, after learning');
  await screenshot(page, 'dubbelen-geleerd');

  // Undo: the weights as before, the same pair first again.
  await page.keyboard.press('o');
  assert.equal(await current(page), a);
  assert.equal(await weight(page), doubtful);
  assert.equal(await page.locator('#geleerd').innerText(), '');
  // Put off (Later teaches nothing): the same next pair, with the weight it had before learning.
  await page.keyboard.press('l');
  const unlearned = await weight(page);
  assert.equal(await current(page), b);
  assert.notEqual(unlearned, learned, 'the decision changed the pair\'s weight');
  await page.keyboard.press('o');
  assert.equal(await current(page), a);

  // Hoogste gewicht eerst again: the strongest pair first.
  await page.getByLabel('Hoogste gewicht eerst').check();
  assert.equal(await weight(page), highest);
  await done();
});

/** A BRP list of two (Piet Jansen born `brpBirth`, and Sem Bakker) and a school list of one (Piet Jansen
 * born `schoolBirth`), opened and searched in a fresh app; `check(page)` runs on the outcome. */
async function searchSmall(brpBirth, schoolBirth, check) {
  return searchLists(
    `999990019;Jansen;Piet;${brpBirth};M;1234AB;5\n999993653;Bakker;Sem;03-04-2011;M;2345BC;7\n`,
    `101000231;Jansen;Piet;${schoolBirth};M;1234AB;5\n`,
    check,
  );
}

/** A BRP list and a school list (their rows: BSN or onderwijsnummer; achternaam; voornamen;
 * geboortedatum; geslacht; postcode; huisnummer), opened and searched in a fresh app; the first
 * proposal is BSN 999990019 with onderwijsnummer 101000231; `check(page)` runs on the outcome. */
async function searchLists(brpRows, schoolRows, check, columns = 'Achternaam;Voornamen;Geboortedatum;Geslacht;Postcode;Huisnummer') {
  const dir = mkdtempSync(join(tmpdir(), 'kh-klein-'));
  writeFileSync(join(dir, 'brp.csv'), `BSN;${columns}\n${brpRows}`);
  writeFileSync(join(dir, 'school.csv'), `Onderwijsnummer;${columns}\n${schoolRows}`);
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  try {
    await appReady(page);
    await page.setInputFiles('#bestanden-kiezen', [join(dir, 'brp.csv'), join(dir, 'school.csv')]);
    for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 30_000 });
    await goTo(page, 'Dubbelen zoeken');
    await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
    await page.locator('#beoordelen:focus').waitFor({ timeout: 30_000 });
    assert.equal(await current(page), '999990019,101000231');
    await check(page);
    await done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a list of three: the identical pupil is proposed, with a note that starting values were used', () =>
  searchSmall('01-02-2012', '01-02-2012', async (page) => {
    assert.match(await page.locator('#uitleg-noot').innerText(), /uw lijsten zijn te klein om de gewichten uit te rekenen/);
    const total = Number((await page.locator('.explanation-total').innerText()).replace(/[^\d,+-]/g, '').replace(',', '.'));
    assert.ok(total >= 10, `weight ${total}`);
    assert.equal(await page.locator('#opmerking-duo').count(), 0, 'no remark when the records agree');
    await axe(page, 'Dubbelen zoeken, small list');
  }));

test('a pair whose records differ: a remark for DUO is proposed, edited, and goes into the koppelbestand', () =>
  searchSmall('03-07-2011', '07-03-2011', async (page) => {
    const remark = page.locator('#opmerking-duo');
    // The remark names each record's file and row, not "BRP" and "school".
    assert.equal(await remark.inputValue(), 'Geboortedatum verschilt: 03-07-2011 (brp.csv, rij 2) en 07-03-2011 (school.csv, rij 2).');
    await axe(page, 'Dubbelen zoeken, proposed remark');
    await screenshot(page, 'dubbelen-opmerking');
    // Typing in the remark is text, not the queue's keys (j, n, l, o in the words).
    await remark.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' Zelfde leerling volgens de school.');
    assert.equal(await counts(page), 'In koppelbestand gezet: 0. Geen dubbel: 0. Later: 0.');
    await page.locator('#beoordelen').focus();
    await page.keyboard.press('j');
    const [row] = await storedRows(page, 1);
    assert.equal(row.opmerking, 'Geboortedatum verschilt: 03-07-2011 (brp.csv, rij 2) en 07-03-2011 (school.csv, rij 2). Zelfde leerling volgens de school.');
    assert.equal(row.geboortedatum, '03-07-2011', 'the row itself comes from the BSN record');
    // Before the download, Koppelbestand counts the rows with a remark: DUO treats them as questions.
    await goTo(page, 'Koppelbestand');
    assert.equal(await page.locator('#vragen-telling').innerText(),
      '1 regel heeft een opmerking; DUO behandelt die als vraag. Wilt u alleen een koppeling? Haal dan de opmerking bij die regel weg.');
    await axe(page, 'Koppelbestand, a row with a remark');
    await screenshot(page, 'koppelbestand-vragen-telling');
    await goTo(page, 'Dubbelen zoeken');
    await page.locator('#beoordelen').waitFor();
    // Removed: undo, take the remark away, put the pair in again: no remark in the row.
    await page.locator('#beoordelen').focus();
    await page.keyboard.press('o');
    await waitCounts(page, 'In koppelbestand gezet: 0. Geen dubbel: 0. Later: 0.');
    await page.locator('#opmerking-weghalen').click();
    assert.equal(await remark.inputValue(), '');
    await page.locator('#beoordelen').focus();
    await page.keyboard.press('j');
    await waitCounts(page, 'In koppelbestand gezet: 1. Geen dubbel: 0. Later: 0.');
    const [again] = await koppelRows(page, 1);
    assert.deepEqual([again.bsn, again.opmerking], ['999990019', '']);
    assert.equal(await page.locator('#vragen-telling').count(), 0, 'no count when no row has a remark');
  }));

test('a voorvoegsel in its own column is not a difference: no remark is proposed', () =>
  searchLists(
    '999990019;de;Vries;Anna;01-02-2012;V;1234AB;5\n999993653;;Bakker;Sem;03-04-2011;M;2345BC;7\n',
    '101000231;;Vries;Anna;01-02-2012;V;1234AB;5\n',
    async (page) => {
      assert.equal(await page.locator('#opmerking-duo').count(), 0, 'no remark for "de Vries" against "Vries"');
      await page.locator('#beoordelen').focus();
      await page.keyboard.press('j');
      await waitCounts(page, 'In koppelbestand gezet: 1. Geen dubbel: 0. Later: 0.');
      const [row] = await koppelRows(page, 1);
      assert.deepEqual([row.voorvoegsel, row.achternaam, row.opmerking], ['de', 'Vries', '']);
    },
    'Voorvoegsel;Achternaam;Voornamen;Geboortedatum;Geslacht;Postcode;Huisnummer',
  ));

test('a name with an unreadable letter: a warning on Bestanden and on the pair, no remark, the readable spelling goes in', () =>
  searchLists(
    '999990019;?uckiewicz;Zofia;01-02-2012;V;1234AB;5\n999993653;Duda\uFFFDa;Sem;03-04-2011;M;2345BC;7\n',
    '101000231;Luckiewicz;Zofia;01-02-2012;V;1234AB;5\n',
    async (page) => {
      assert.equal(await page.locator('#opmerking-duo').count(), 0, 'no remark for an unreadable letter');
      assert.equal(await page.locator('#onleesbare-naam').innerText(),
        'Een naam in dit paar heeft een letter die Koppelhulp niet kan lezen (? of \uFFFD). Zet u het paar in het '
        + 'koppelbestand, dan gaat de leesbare schrijfwijze mee: Zofia Luckiewicz.');
      await axe(page, 'Dubbelen zoeken, unreadable name');
      await screenshot(page, 'dubbelen-onleesbare-naam');
      await page.locator('#beoordelen').focus();
      await page.keyboard.press('j');
      await waitCounts(page, 'In koppelbestand gezet: 1. Geen dubbel: 0. Later: 0.');
      const [row] = await koppelRows(page, 1);
      assert.deepEqual([row.bsn, row.achternaam, row.voornamen, row.opmerking], ['999990019', 'Luckiewicz', 'Zofia', '']);
      // On the koppelbestand's row such a name is a warning too.
      await goTo(page, 'Koppelbestand');
      await page.getByLabel('Achternaam, regel 1', { exact: true }).fill('?uckiewicz');
      await page.keyboard.press('Tab');
      await page.locator('tbody tr').first().locator('.cell-message', { hasText: 'In deze naam staat een letter die Koppelhulp niet kan lezen' }).waitFor();
      await page.locator('#tellingen', { hasText: '1 met waarschuwingen' }).waitFor();
      await axe(page, 'Koppelbestand, unreadable name in a row');
      // Bestanden: the BRP list says how many rows have such a name and what to do; the school list says nothing.
      await goTo(page, 'Bestanden');
      const brp = page.locator('.file-card', { hasText: 'brp.csv' });
      assert.match(await brp.innerText(), /In 2 rijen staat een naam met een letter die Koppelhulp niet kan lezen \(\? of \uFFFD\), bijvoorbeeld „\?uckiewicz” in rij 2\. Het bestand is waarschijnlijk opgeslagen met een andere tekenset\. Sla het in Excel opnieuw op/);
      assert.doesNotMatch(await page.locator('.file-card', { hasText: 'school.csv' }).innerText(), /niet kan lezen/);
      await axe(page, 'Bestanden, unreadable names');
      await screenshot(page, 'bestanden-onleesbare-naam');
    },
  ));

/** A BRP list and a school list of `n` generated pupils each, as CSV; the first `same` school pupils
 * are BRP pupils written alike (same name, first name, birth date, address). */
/** `rare`: the record number whose pair gets a first name no other has (it weighs most in the
 * whole list, not in the surest pairs, which have no term frequencies). Returns the numbers. */
function bigRegisters(dir, n, same, rare = -1) {
  const syllables = ['ba', 'ke', 'lo', 'mi', 'nu', 'ra', 'se', 'ti', 'vo', 'de', 'ga', 'hu', 'jo', 'pe', 'wi', 'zo'];
  const name = (i) => {
    let s = '';
    for (let k = 0; k < 5; k += 1) s += syllables[(i >> (4 * k)) % 16];
    return s[0].toUpperCase() + s.slice(1);
  };
  const given = ['Daan', 'Emma', 'Sem', 'Julia', 'Mohamed', 'Zoë', 'Noah', 'Fatima', 'Lucas', 'Saar'];
  const pupil = (i) => {
    const day = 1 + (i % 28);
    const month = 1 + ((i >> 2) % 12);
    const year = 2008 + ((i >> 5) % 10);
    return [name(i), i === rare ? 'Xandrijn' : given[(i * 7) % 10], `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`,
      i % 2 ? 'V' : 'M', `${1000 + (i % 9000)}AB`, String(1 + (i % 150))];
  };
  const bsns = testBsns(800);
  const owns = testOnderwijsnummers(n);
  const header = 'Achternaam;Voornamen;Geboortedatum;Geslacht;Postcode;Huisnummer';
  const brp = [`BSN;${header}`];
  const school = [`Onderwijsnummer;${header}`];
  for (let i = 0; i < n; i += 1) {
    brp.push([bsns[i % bsns.length], ...pupil(i)].join(';'));
    school.push([owns[i], ...pupil(i < same ? i : 100_000 + i)].join(';'));
  }
  writeFileSync(join(dir, 'brp.csv'), `${brp.join('\n')}\n`);
  writeFileSync(join(dir, 'school.csv'), `${school.join('\n')}\n`);
  return { bsns, owns };
}

test('the review floor: the pairs under it are counted, and a lower floor lists them', async () => {
  const { page, done } = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  await appReady(page);
  await openFiles(page);
  const found = async () => Number((await page.locator('#zoek-uitkomst').innerText()).match(/(\d+) mogelijke paren gevonden/)[1]);
  const before = await found();
  const line = await page.locator('#onder-ondergrens').innerText();
  const under = Number(line.match(/^(\d+) mogelijke? paa?r(en)? met een gewicht onder -5,0 niet getoond\.$/)[1]);
  assert.ok(under > 0, line);
  await axe(page, 'Dubbelen zoeken, pairs under the floor');
  await page.getByLabel('Ook paren tonen vanaf gewicht').fill('-100');
  await page.getByRole('button', { name: 'Opnieuw zoeken vanaf dit gewicht' }).click();
  await page.locator('#onder-ondergrens', { hasText: 'Alle mogelijke paren staan in de lijst (vanaf gewicht -100,0).' }).waitFor({ timeout: 30_000 });
  assert.equal(await found(), before + under, 'the pairs counted under the floor are listed now');
  assert.equal(await page.locator('#drempel').getAttribute('min'), '-100.0', 'the threshold can go down to the floor');
  await done();
});

test('a pair that differs only in a roepnaam is offered, and the explanation says so', () =>
  searchLists(
    '999990019;Bakker;Sebastiaan Jan;01-02-2012;M;1234AB;5\n999993653;Jansen;Sem;03-04-2011;M;2345BC;7\n',
    '101000231;Bakker;Bas;01-02-2012;M;1234AB;5\n',
    async (page) => {
      assert.match(await page.locator('#beoordelen .explanation').innerText(), /Voorna\w+: roepnaam/);
      await axe(page, 'Dubbelen zoeken, roepnaam');
    },
  ));

/** Open the app, read the big registers in `dir` and press Dubbelen zoeken (the search runs on). */
async function searchBig(dir) {
  const app = await openApp(env.browser, env.server.url, { path: '#/bestanden' });
  const { page } = app;
  await appReady(page);
  await page.setInputFiles('#bestanden-kiezen', [join(dir, 'brp.csv'), join(dir, 'school.csv')]);
  for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 60_000 });
  await goTo(page, 'Dubbelen zoeken');
  await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
  return app;
}

test('a big search shows the surest pairs at once, and a decision taken meanwhile counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-groot-'));
  bigRegisters(dir, 25_000, 8_000);
  try {
    const { page, done } = await searchBig(dir);

    // The surest pairs while the search runs: said so, with the progress bar, a pair to judge.
    await page.locator('#zoek-uitkomst', { hasText: 'Koppelhulp zoekt nog' }).waitFor({ timeout: 30_000 });
    await page.locator('#beoordelen table.pair').waitFor();
    assert.ok(await page.locator('progress').count() > 0, 'the search goes on, with progress');
    assert.match(await page.locator('#uitleg-noot').innerText(), /voorlopig gewicht/);
    assert.ok(await page.locator('#alles-koppelen').isDisabled(), 'accept all waits for the whole list');
    const first = await page.locator('#beoordelen table.pair tbody tr').first().locator('td').allInnerTexts();
    const firstKey = first.map((c) => c.replace(/\D/g, '')).join(',');
    await screenshot(page, 'dubbelen-eerste-paren');
    await axe(page, 'Dubbelen zoeken, the surest pairs while searching');
    await page.locator('#beoordelen').focus();
    await page.keyboard.press('j');

    // The whole list: the decision stays, the model learned from it, the pair is in the koppelbestand.
    await page.locator('#zoek-uitkomst', { hasText: 'vergeleken' }).waitFor({ timeout: 60_000 });
    await waitCounts(page, 'In koppelbestand gezet: 1. Geen dubbel: 0. Later: 0.');
    await page.locator('#geleerd', { hasText: 'aangepast aan uw besluit' }).waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#zoek-uitkomst').innerText(), /50\.000 rijen vergeleken/);
    const rows = await storedRows(page, 1);
    assert.equal(`${rows[0].bsn},${rows[0].onderwijsnummer}`, firstKey);
    assert.notEqual(await current(page), firstKey);
    await axe(page, 'Dubbelen zoeken, the whole list after a search with the surest pairs first');
    await done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when the whole list replaces the surest pairs, the card shows its strongest pair and J moves on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kh-groot-'));
  const { bsns, owns } = bigRegisters(dir, 25_000, 8_000, 1);
  const pair = (i) => `${bsns[i % bsns.length]},${owns[i]}`;
  try {
    const { page, done } = await searchBig(dir);
    await page.locator('#zoek-uitkomst', { hasText: 'Koppelhulp zoekt nog' }).waitFor({ timeout: 30_000 });
    assert.equal(await current(page), pair(0), 'the surest pairs come in the records\' order');

    // No decision meanwhile. The whole list starts with the rare first name's pair: the card shows it.
    await page.locator('#zoek-uitkomst', { hasText: 'vergeleken' }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('#beoordelen .explanation')?.textContent.includes('voorlopig gewicht'));
    assert.equal(await current(page), pair(1), 'the card shows the whole list\'s strongest pair');

    // J puts the pair on screen in the koppelbestand and the next one comes; J again takes that one.
    await page.locator('#beoordelen').focus();
    await page.keyboard.press('j');
    await waitCounts(page, 'In koppelbestand gezet: 1. Geen dubbel: 0. Later: 0.');
    const second = await current(page);
    assert.notEqual(second, pair(1), 'the next pair is on screen');
    await page.keyboard.press('j');
    await waitCounts(page, 'In koppelbestand gezet: 2. Geen dubbel: 0. Later: 0.');
    const rows = (await storedRows(page, 2)).map((r) => `${r.bsn},${r.onderwijsnummer}`).sort();
    assert.deepEqual(rows, [pair(1), second].sort(), 'both pairs judged are in the koppelbestand');
    await done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
