// Trunk post_build hook: writes the service worker's precache list and a build id (a hash of every
// file of the build) into sw.js in Trunk's staging folder.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precache.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(dir)
  .map((path) => relative(dir, path).split(sep).join('/'))
  .filter((file) => file !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const file of files) {
  hash.update(file);
  hash.update(readFileSync(join(dir, file)));
}
const build = hash.digest('hex').slice(0, 16);
const list = ['./', ...files.filter((f) => f !== 'index.html').map((f) => `./${f}`)];

const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8')
  .replace("'__BUILD__'", JSON.stringify(build))
  .replace("['__FILES__']", JSON.stringify(list));
if (sw.includes('__BUILD__') || sw.includes('__FILES__')) {
  console.error('precache.mjs: placeholders not found in sw.js');
  process.exit(1);
}
writeFileSync(swPath, sw);
console.log(`precache.mjs: build ${build}, ${list.length} files`);
