// Trunk post_build hook, in Trunk's staging folder: gives the background worker's wasm and glue
// hashed names (Trunk leaves worker files unhashed) and writes them into worker.js; minifies the
// JavaScript (esbuild: the page's download has a budget, and comments help no browser); then writes
// into sw.js the SHA-256 of every other file of the build (the service worker serves a cached file
// only when its bytes still have that hash) and a build id (a hash of all of them).
import { transformSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precache.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}

function fail(message) {
  console.error(`precache.mjs: ${message}`);
  process.exit(1);
}

// The worker's module under hashed names, so that no browser cache can pair an old one with a new page.
const glue = join(dir, 'koppelhulp-worker.js');
const module = join(dir, 'koppelhulp-worker_bg.wasm');
const workerPath = join(dir, 'worker.js');
const workerHash = createHash('sha256').update(readFileSync(glue)).update(readFileSync(module));
const stem = `koppelhulp-worker-${workerHash.digest('hex').slice(0, 16)}`;
renameSync(glue, join(dir, `${stem}.js`));
renameSync(module, join(dir, `${stem}_bg.wasm`));
const worker = readFileSync(workerPath, 'utf8')
  .replace("'__WORKER_JS__'", JSON.stringify(`./${stem}.js`))
  .replace("'__WORKER_WASM__'", JSON.stringify(`./${stem}_bg.wasm`));
if (worker.includes('__WORKER_')) fail('placeholders not found in worker.js');
writeFileSync(workerPath, worker);

/** Minify a script in place. `options` narrow what esbuild may change. */
function minify(path, options = { minify: true }) {
  const code = readFileSync(path, 'utf8');
  // esnext: the syntax is kept as written (e.g. boot.js's `import(…, { with: { type: 'json' } })`).
  const out = transformSync(code, { ...options, target: 'esnext', legalComments: 'none', charset: 'utf8' }).code;
  writeFileSync(path, out);
}

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The page's and the worker's scripts (modules: esbuild keeps their imports and exports).
for (const file of walk(dir).filter((f) => f.endsWith('.js') && relative(dir, f) !== 'sw.js')) minify(file);
// index.html names the page's glue with its SHA-384 (Trunk's subresource integrity): the minified one.
const indexPath = join(dir, 'index.html');
const index = readFileSync(indexPath, 'utf8').replace(
  /href="\.\/([^"]+\.js)"([^>]*?) integrity="sha384-[^"]*"/g,
  (_, file, between) => `href="./${file}"${between} integrity="sha384-${createHash('sha384').update(readFileSync(join(dir, file))).digest('base64')}"`,
);
writeFileSync(indexPath, index);

const files = walk(dir)
  .map((path) => relative(dir, path).split(sep).join('/'))
  .filter((file) => file !== 'sw.js')
  .sort();
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const hash = createHash('sha256');
const expected = {};
for (const file of files) {
  const bytes = readFileSync(join(dir, file));
  hash.update(file);
  hash.update(bytes);
  // index.html is the folder's own URL ('./'): that is what the service worker asks for.
  expected[file === 'index.html' ? './' : `./${file}`] = sha256(bytes);
}
if (!expected['./']) fail('no index.html in the build');
const build = hash.digest('hex').slice(0, 16);
// './' first, then the rest in path order.
const list = Object.fromEntries(Object.entries(expected).sort(([a], [b]) => (a === './' ? -1 : b === './' ? 1 : a < b ? -1 : 1)));

const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8')
  .replace("'__BUILD__'", JSON.stringify(build))
  .replace("{ '__FILES__': '' }", JSON.stringify(list));
if (sw.includes('__BUILD__') || sw.includes('__FILES__')) fail('placeholders not found in sw.js');
writeFileSync(swPath, sw);
// The service worker: white space and local names only, so that `const BUILD` and `const FILES`
// stay as they are (tests and a redeploy read them).
minify(swPath, { minifyWhitespace: true, minifyIdentifiers: true });
console.log(`precache.mjs: build ${build}, ${Object.keys(list).length} files with their SHA-256, worker ${stem}`);
