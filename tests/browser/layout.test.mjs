// Layout at the screen sizes officers use: at 1280×800 the navigation fits on one line and the
// koppelbestand keeps BSN and onderwijsnummer in view when it scrolls sideways; at 1920×1080 the
// tables use the width. Every screen is photographed at both sizes (tests/browser/screenshots/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appReady, axe, goTo, openApp, screenshot, useBrowserAndServer } from './fixture.mjs';
import { testBsns, testOnderwijsnummers } from './numbers.mjs';

const env = useBrowserAndServer();

const SCREENS = ['Start', 'Instellingen', 'Bestanden', 'Dubbelen zoeken', 'Koppelbestand', 'Versturen',
  'Antwoord van DUO', 'Routering', 'Privacy en hulp'];

function rows(n) {
  const bsns = testBsns(n);
  const owns = testOnderwijsnummers(n);
  return bsns.map((bsn, i) => [bsn, owns[i], `Achternaam ${i + 1}`, i % 3 ? '' : 'van', `Voornaam ${i + 1}`,
    `0${(i % 9) + 1}-03-2012`, i % 2 ? 'V' : 'M', i % 4 ? '' : 'Een vraag over deze leerling aan DUO'].join('\t'))
    .join('\r\n') + '\r\n';
}

for (const [width, height] of [[1280, 800], [1920, 1080]]) {
  test(`every screen at ${width}×${height}`, async () => {
    const app = await openApp(env.browser, env.server.url, {
      contextOptions: { viewport: { width, height }, permissions: ['clipboard-read', 'clipboard-write'] },
    });
    const { page } = app;
    await appReady(page);
    await page.locator('#org-zoek').fill('Den Haag');
    await page.keyboard.press('Enter');
    await page.locator('.card-active', { hasText: 'G0518' }).waitFor();

    // The navigation on one line: every link at the same height.
    const tops = await page.locator('nav[aria-label="Hoofdmenu"] a').evaluateAll(
      (links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
    assert.equal(tops.length, SCREENS.length);
    assert.equal(new Set(tops).size, 1, `navigation wraps at ${width} px: ${tops}`);

    await goTo(page, 'Koppelbestand');
    await page.evaluate((text) => navigator.clipboard.writeText(text), rows(12));
    await page.getByLabel('BSN, regel 1', { exact: true }).focus();
    await page.keyboard.press('Control+V');
    await page.locator('#melding', { hasText: '12 regels geplakt' }).waitFor();
    const headers = await page.locator('.koppeltabel thead th').allInnerTexts();
    assert.deepEqual(headers.slice(1, 3), ['BSN', 'Onderwijsnummer']);

    const wrap = page.locator('.koppeltabel').locator('xpath=..');
    const wrapBox = await wrap.boundingBox();
    if (width >= 1920) {
      // The table uses the width of a wide screen, and needs no sideways scrolling there.
      assert.ok(wrapBox.width > 1600, `table area is ${wrapBox.width} px wide at ${width}`);
    }
    // Scrolled sideways, BSN and onderwijsnummer stay where they were.
    const bsnCell = page.getByLabel('BSN, regel 1', { exact: true });
    const ownCell = page.getByLabel('Onderwijsnummer, regel 1', { exact: true });
    const before = [(await bsnCell.boundingBox()).x, (await ownCell.boundingBox()).x];
    await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    const scrolled = await wrap.evaluate((el) => el.scrollLeft);
    const after = [(await bsnCell.boundingBox()).x, (await ownCell.boundingBox()).x];
    assert.deepEqual(after.map(Math.round), before.map(Math.round), `scrolled ${scrolled} px`);
    if (width < 1920) assert.ok(scrolled > 0, 'at 1280 px the table scrolls sideways');
    await screenshot(page, `layout-${width}-koppelbestand-scrolled`);
    await wrap.evaluate((el) => { el.scrollLeft = 0; });

    for (const screen of SCREENS) {
      await goTo(page, screen);
      const name = screen.toLowerCase().replaceAll(' ', '-');
      await page.screenshot({ path: `tests/browser/screenshots/layout-${width}-${name}.png` });
      // Nothing wider than the window: no page-level sideways scrolling.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${screen} is ${overflow} px wider than the window at ${width}`);
    }
    await axe(page, `Privacy en hulp at ${width}`);
    await app.done();
  });
}
