// The review on Dubbelen zoeken at a big gemeente's size, for BENCHMARKS.md: the shipped build opens
// a generated BRP list and school list through the screens (`cargo run --release --example genereer --
// --rows N --out DIR`), finds the pairs, then — as the officer does — judges pairs with J and N
// (event to next paint, as INP), accepts all pairs above the threshold and undoes that.
// Usage: node benches/review.mjs DIR [dist]   (after a release build)
import { launch, serve } from '../tests/browser/fixture.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node benches/review.mjs DIR [dist]');
  process.exit(2);
}
const dist = process.argv[3] ?? 'dist';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (page) => page.evaluate(() => performance.now());

const browser = await launch();
const server = await serve({ dir: dist });
const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await page.goto(`${server.url}#/bestanden`);
await page.waitForSelector('html[data-boot="started"]');
await page.setInputFiles('#bestanden-kiezen', [`${dir}/brp.xlsx`, `${dir}/school.csv`]);
for (const n of [0, 1]) await page.locator('.file-card').nth(n).locator('.accounting').waitFor({ timeout: 120_000 });
await page.evaluate(() => { location.hash = '#/dubbelen'; });
await page.getByRole('button', { name: 'Dubbelen zoeken' }).click();
await page.locator('#uitkomst').waitFor({ timeout: 120_000 });
const telling = await page.locator('#drempel-telling').innerText();

await page.evaluate(() => {
  window.khEvents = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.khEvents.push({ name: e.name, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16 });
});
await page.locator('#beoordelen').focus();
for (let i = 0; i < 20; i += 1) {
  await page.keyboard.press(i % 4 === 3 ? 'n' : 'j');
  await page.waitForTimeout(50);
}
await page.waitForTimeout(300);
const keys = await page.evaluate(() => window.khEvents.filter((e) => e.name === 'keydown').map((e) => e.duration));

const counts = () => page.locator('#besluit-telling').innerText();
let t0 = await now(page);
await page.getByRole('button', { name: 'Alle paren boven de drempel in het koppelbestand zetten' }).click();
await page.locator('#alles-bevestigen').click();
await page.locator('#wachtrij-leeg').waitFor({ timeout: 120_000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
const acceptAll = (await now(page)) - t0;
const accepted = await counts();

await page.locator('#beoordelen').focus();
t0 = await now(page);
await page.keyboard.press('o');
await page.waitForFunction((before) => document.querySelector('#besluit-telling').textContent !== before, accepted, { timeout: 120_000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
const undo = (await now(page)) - t0;

console.log(`${telling}`);
console.log(`J/N: ${keys.length} of 20 key presses took 16 ms or more to the next paint`
  + (keys.length ? ` (median ${median(keys)} ms, worst ${Math.max(...keys)} ms)` : ''));
console.log(`accept all above the threshold: ${Math.round(acceptAll)} ms (${accepted}); undo: ${Math.round(undo)} ms (${await counts()})`);
await browser.close();
await server.close();
