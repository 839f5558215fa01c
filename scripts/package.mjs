// Writes the release zip from a release build in dist/ (scripts/package builds it first):
//   node scripts/package.mjs [--dist dist] [--out .]
// koppelhulp-VERSIE.zip holds one folder koppelhulp-VERSIE/ with
//   app/            what goes on the web server: the build, plus web.config (IIS) and .htaccess (Apache)
//   server/         the nginx snippet and the Apache vhost snippet
//   INSTALLEREN.txt the Dutch instructions for IT, LICENSE, sbom.cdx.json (the Rust crates built into
//                   the app, CycloneDX: scripts/sbom.mjs), and SHA256SUMS (every other file's SHA-256).
// The files are put in a folder and zipped by examples/pakket.rs (the zip crate the app itself uses):
// entries sorted by path, one fixed time (the commit's, or SOURCE_DATE_EPOCH), fixed file modes: the
// same input gives the same bytes. The zip's own SHA-256 is printed and written beside it, in
// koppelhulp-VERSIE.zip.sha256, for publishing next to the zip (a hash inside a zip cannot vouch for it).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sbom } from './sbom.mjs';
import { CACHE_HASHED, CACHE_OTHER, HASHED, MUST_REVALIDATE, SECURITY_HEADERS, TYPES } from '../deploy/headers.mjs';
import { apacheVhost, htaccess, nginxConf, webConfig } from '../deploy/generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Cargo.toml's version plus the commit's first 7 characters: the same rule as build.rs. */
export function version() {
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const pkg = /^\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!pkg) throw new Error('no version in Cargo.toml [workspace.package]');
  const commit = git('rev-parse', 'HEAD');
  return commit && /^[0-9a-f]{7,}$/.test(commit) ? `${pkg}-${commit.slice(0, 7)}` : pkg;
}

/** The zip's one time stamp, in seconds: SOURCE_DATE_EPOCH, else the commit's time. */
export function epoch() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  const t = git('log', '-1', '--format=%ct');
  return t ? Number(t) : 315532800; // 1980-01-01, the first time a zip can hold
}

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** INSTALLEREN.txt: the template in deploy/ with the version and the one list filled in; CRLF for Notepad. */
function installeren(v, app) {
  const hashed = app.filter((f) => HASHED.test(f));
  const other = app.filter((f) => !HASHED.test(f));
  const headers = [
    ...SECURITY_HEADERS.map(([n, val]) => `  ${n}: ${val}`),
    '  Cache-Control, verschillend per bestand:',
    `  - bestanden met een hash in de naam (${hashed.join(', ')}):`,
    `      Cache-Control: ${CACHE_HASHED}`,
    `  - alle andere bestanden (${other.join(', ')}) en de map zelf (.../koppelhulp/):`,
    `      Cache-Control: ${CACHE_OTHER}`,
    `  Zeker ${MUST_REVALIDATE.join(', ')} mogen nooit zonder navragen uit een cache komen.`,
  ].join('\n');
  const types = TYPES.map(([ext, t]) => `  ${ext.padEnd(13)} ${t}`).join('\n');
  const text = readFileSync(join(ROOT, 'deploy/INSTALLEREN.sjabloon.txt'), 'utf8')
    .replaceAll('{{VERSIE}}', v)
    .replace('{{HEADERS}}', headers)
    .replace('{{TYPES}}', types);
  if (text.includes('{{')) throw new Error('INSTALLEREN.sjabloon.txt has a placeholder that is not filled in');
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}

/** Every entry of the release zip as [path, bytes], sorted by path; SHA256SUMS covers all the others. */
export function releaseEntries(dist, v, seconds = epoch()) {
  const top = `koppelhulp-${v}`;
  const app = walk(dist).map((p) => relative(dist, p).split(sep).join('/'));
  const files = new Map();
  for (const f of app) files.set(`app/${f}`, readFileSync(join(dist, f)));
  files.set('app/web.config', Buffer.from(webConfig(app.filter((f) => HASHED.test(f)).sort())));
  files.set('app/.htaccess', Buffer.from(htaccess()));
  files.set('server/nginx-koppelhulp.conf', Buffer.from(nginxConf()));
  files.set('server/apache-koppelhulp-vhost.conf', Buffer.from(apacheVhost()));
  files.set('LICENSE', readFileSync(join(ROOT, 'LICENSE')));
  files.set('INSTALLEREN.txt', installeren(v, app.sort()));
  files.set('sbom.cdx.json', Buffer.from(sbom(v, seconds)));
  const sorted = [...files.keys()].sort();
  const sums = sorted.map((f) => `${createHash('sha256').update(files.get(f)).digest('hex')}  ${f}\n`).join('');
  files.set('SHA256SUMS', Buffer.from(sums));
  return [...files.keys()].sort().map((f) => [`${top}/${f}`, files.get(f)]);
}

/**
 * The zip of `entries` ([path, bytes]) with every entry's time `seconds`, written to `out` by
 * examples/pakket.rs. Returns its bytes.
 */
export function writeZip(entries, seconds, out) {
  const folder = mkdtempSync(join(tmpdir(), 'kh-pakket-'));
  try {
    for (const [path, bytes] of entries) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), bytes);
    }
    execFileSync('cargo', ['run', '--quiet', '--locked', '--example', 'pakket', '--', folder, resolve(out), String(seconds)],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    return readFileSync(out);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `sha256sum` format: the line to publish beside the zip. */
export const shaLine = (bytes, name) => `${createHash('sha256').update(bytes).digest('hex')}  ${name}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : process.argv[i + 1];
  };
  const dist = resolve(arg('--dist', join(ROOT, 'dist')));
  const out = resolve(arg('--out', ROOT));
  const v = version();
  // The build must carry the version it is named after (build.rs puts it in the page's wasm).
  const wasm = readdirSync(dist).filter((f) => /^koppelhulp-[0-9a-f]{1,16}_bg\.wasm$/.test(f));
  if (wasm.length !== 1) throw new Error(`expected one page wasm in ${dist}, found ${wasm.join(', ') || 'none'}`);
  if (!readFileSync(join(dist, wasm[0])).includes(Buffer.from(v))) {
    console.error(`package: ${dist}/${wasm[0]} does not carry version ${v}: rebuild (trunk build --release)`);
    process.exit(1);
  }
  const seconds = epoch();
  const file = join(out, `koppelhulp-${v}.zip`);
  const bytes = writeZip(releaseEntries(dist, v, seconds), seconds, file);
  const line = shaLine(bytes, basename(file));
  writeFileSync(`${file}.sha256.tmp`, line);
  renameSync(`${file}.sha256.tmp`, `${file}.sha256`);
  console.log(`${relative(process.cwd(), file) || file}: ${bytes.length} bytes`);
  console.log(`SHA-256 (publish it beside the zip; also in ${basename(file)}.sha256):`);
  console.log(`  ${line.trim()}`);
}
