// Writes the release zip from a release build in dist/ (scripts/package builds it first):
//   node scripts/package.mjs [--dist dist] [--out .]
// koppelhulp-VERSIE.zip holds one folder koppelhulp-VERSIE/ with
//   app/            what goes on the web server: the build, plus web.config (IIS) and .htaccess (Apache)
//   server/         the nginx location block and the Apache vhost snippet
//   INSTALLEREN.txt the Dutch instructions for IT, LICENSE, and SHA256SUMS (every other file's SHA-256).
// The same input gives the same bytes: entries sorted by path, one fixed time (the commit's, or
// SOURCE_DATE_EPOCH), fixed file modes, deflate level 9 from Node's own zlib.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `entries` ([path, bytes], written in the order given), every entry with time `seconds`. */
export function zip(entries, seconds) {
  const d = new Date(seconds * 1000);
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [path, data] of entries) {
    const name = Buffer.from(path, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const [method, body] = packed.length < data.length ? [8, packed] : [0, data];
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the mode below counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
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
export function releaseEntries(dist, v) {
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
  const sorted = [...files.keys()].sort();
  const sums = sorted.map((f) => `${createHash('sha256').update(files.get(f)).digest('hex')}  ${f}\n`).join('');
  files.set('SHA256SUMS', Buffer.from(sums));
  return [...files.keys()].sort().map((f) => [`${top}/${f}`, files.get(f)]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : process.argv[i + 1];
  };
  const dist = resolve(arg('--dist', join(ROOT, 'dist')));
  const out = resolve(arg('--out', ROOT));
  const v = version();
  // The build must carry the version it is named after (build.rs puts it in the page's wasm).
  const wasm = readdirSync(dist).filter((f) => /^koppelhulp-[0-9a-f]{16}_bg\.wasm$/.test(f));
  if (wasm.length !== 1) throw new Error(`expected one page wasm in ${dist}, found ${wasm.join(', ') || 'none'}`);
  if (!readFileSync(join(dist, wasm[0])).includes(Buffer.from(v))) {
    console.error(`package: ${dist}/${wasm[0]} does not carry version ${v}: rebuild (trunk build --release)`);
    process.exit(1);
  }
  const bytes = zip(releaseEntries(dist, v), epoch());
  const file = join(out, `koppelhulp-${v}.zip`);
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  console.log(`${relative(process.cwd(), file) || file}: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
}
