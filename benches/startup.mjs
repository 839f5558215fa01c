// Bundle size and time to a usable first screen, for BENCHMARKS.md.
// Usage: node benches/startup.mjs [dist] [runs]   (after a release build)
// Each run is a fresh browser context with service workers blocked (a first visit): from navigation
// start until the Instellingen screen's search field is there and the app has booted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, serve } from '../tests/browser/fixture.mjs';

const dist = process.argv[2] ?? 'dist';
const runs = Number(process.argv[3] ?? 9);

const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f));
for (const f of files) {
  const raw = readFileSync(join(dist, f));
  console.log(`${f.replace(/-[0-9a-f]{1,16}/, '')}\t${raw.length} B raw\t${gzipSync(raw, { level: 9 }).length} B gzip`);
}

const browser = await launch();
const server = await serve({ dir: dist });
const times = [];
for (let i = 0; i < runs; i += 1) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('html[data-boot="started"] #org-zoek');
  times.push(await page.evaluate(() => performance.now()));
  await context.close();
}
await browser.close();
await server.close();
times.sort((a, b) => a - b);
console.log(`time to usable first screen: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} loads (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`);
