// Real web servers for the release tests: Debian's nginx and Apache, each started by the test on a free
// high port on 127.0.0.1, with its own configuration, logs and pid file in a temporary folder (never
// the system's /etc/nginx or /etc/apache2 sites), serving an unpacked release zip from a subfolder
// with the server configuration that the zip itself carries. Stopped by the test.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_DIR, EXAMPLE_URL } from '../../deploy/generate.mjs';
import { version } from '../../scripts/package.mjs';

export const PREFIX = EXAMPLE_URL; // '/apps/koppelhulp/'

/** A free TCP port on 127.0.0.1 (asked from the system, then released for the server to take). */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** The release zip of this checkout (scripts/package), unpacked with unzip into a fresh temp folder. */
export function unpackRelease() {
  const v = version();
  const zipFile = `koppelhulp-${v}.zip`;
  assert.ok(readdirSync('.').includes(zipFile), `${zipFile} is missing: run scripts/package first`);
  const dir = mkdtempSync(join(tmpdir(), 'kh-release-'));
  execFileSync('unzip', ['-q', zipFile, '-d', dir]);
  // The servers' workers run as an unprivileged user: they must be able to read the files.
  chmodSync(dir, 0o755);
  return { version: v, zipFile, dir, top: join(dir, `koppelhulp-${v}`) };
}

const readableTree = (dir) => {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readableTree(p);
  }
};

async function waitForPort(port, child, log) {
  // Ask for the app's folder: the only URL the configuration serves.
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) assert.fail(`the server stopped at once:\n${log()}`);
    const up = await new Promise((ok) => {
      const req = request({ host: '127.0.0.1', port, path: PREFIX, method: 'HEAD' }, () => ok(true));
      req.on('error', () => ok(false));
      req.end();
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the server did not answer on port ${port}:\n${log()}`);
}

function runner(cmd, args, port, errorLog) {
  return (async () => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const log = () => {
      let text = out;
      try { text += readFileSync(errorLog, 'utf8'); } catch { /* not written yet */ }
      return text;
    };
    try {
      await waitForPort(port, child, log);
    } catch (error) {
      if (child.exitCode === null) child.kill('SIGTERM');
      throw error;
    }
    return {
      log,
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      },
    };
  })();
}

/** Run `start`; if it fails (a configuration test, a server that will not start), remove `conf`. */
async function cleanOnFailure(conf, start) {
  try {
    return await start();
  } catch (error) {
    rmSync(conf, { recursive: true, force: true });
    if (error.stderr) error.message += `\n${error.stderr}`;
    throw error;
  }
}

/**
 * nginx with the zip's server/nginx-koppelhulp.conf, the example folder replaced by the unpacked
 * app/. `serverHeaders` ([name, value]): the server block's own add_header lines, above the include
 * (as a site's HSTS would be). Returns { url, origin, stop(), log() }.
 */
export async function startNginx(release, { serverHeaders = [] } = {}) {
  const port = await freePort();
  const conf = mkdtempSync(join(tmpdir(), 'kh-nginx-'));
  const app = join(release.top, 'app');
  readableTree(release.dir);
  const location = readFileSync(join(release.top, 'server/nginx-koppelhulp.conf'), 'utf8')
    .replaceAll(EXAMPLE_DIR, `${app}/`);
  assert.notEqual(location.indexOf(`${app}/`), -1, 'the nginx file names the example folder');
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(conf, t));
  writeFileSync(join(conf, 'koppelhulp.conf'), location);
  writeFileSync(join(conf, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${conf}/nginx.pid;
error_log ${conf}/error.log;
events { worker_connections 64; }
http {
    access_log ${conf}/access.log;
    client_body_temp_path ${conf}/body;
    proxy_temp_path ${conf}/proxy;
    fastcgi_temp_path ${conf}/fastcgi;
    uwsgi_temp_path ${conf}/uwsgi;
    scgi_temp_path ${conf}/scgi;
    server {
        listen 127.0.0.1:${port};
        server_name localhost;
${serverHeaders.map(([n, v]) => `        add_header ${n} "${v}" always;`).join('\n')}
        include ${conf}/koppelhulp.conf;
        # Another application on the same server: it must get none of Koppelhulp's headers.
        location /ander/ { return 200 "ander"; }
    }
}
`);
  const server = await cleanOnFailure(conf, async () => {
    execFileSync('nginx', ['-t', '-q', '-p', conf, '-e', `${conf}/error.log`, '-c', `${conf}/nginx.conf`], { stdio: 'pipe' });
    return runner('nginx', ['-p', conf, '-e', `${conf}/error.log`, '-c', `${conf}/nginx.conf`], port, `${conf}/error.log`);
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...server, origin, url: `${origin}${PREFIX}`,
    async stop() { await server.stop(); rmSync(conf, { recursive: true, force: true }); },
  };
}

const APACHE_MODULES = ['mpm_event', 'authz_core', 'mime', 'headers', 'dir', 'alias', 'filter', 'deflate'];

/**
 * Apache with the zip's own configuration, in one of two ways:
 * - 'htaccess': the app's files under the document root's /apps/koppelhulp/, with app/.htaccess in
 *   place and AllowOverride for it (as on a shared server);
 * - 'vhost': the zip's server/apache-koppelhulp-vhost.conf included in the server's configuration,
 *   the example folder replaced by the unpacked app/, no .htaccess read.
 * `serverHeaders` ([name, value]): the server's own `Header always set` lines for the whole site.
 */
export async function startApache(release, mode, { serverHeaders = [] } = {}) {
  const port = await freePort();
  const conf = mkdtempSync(join(tmpdir(), `kh-apache-${mode}-`));
  const docroot = join(conf, 'www');
  mkdirSync(docroot);
  let site;
  if (mode === 'htaccess') {
    cpSync(join(release.top, 'app'), join(docroot, PREFIX), { recursive: true });
    site = `<Directory ${docroot}>
    Require all granted
    AllowOverride FileInfo Indexes
</Directory>`;
  } else {
    const app = join(release.top, 'app');
    const vhost = readFileSync(join(release.top, 'server/apache-koppelhulp-vhost.conf'), 'utf8')
      .replaceAll(EXAMPLE_DIR, `${app}/`);
    assert.notEqual(vhost.indexOf(`${app}/`), -1, 'the vhost file names the example folder');
    writeFileSync(join(conf, 'koppelhulp-vhost.conf'), vhost);
    site = `<Directory ${docroot}>
    Require all granted
    AllowOverride None
</Directory>
<VirtualHost 127.0.0.1:${port}>
    Include ${conf}/koppelhulp-vhost.conf
</VirtualHost>`;
  }
  readableTree(conf);
  readableTree(release.dir);
  writeFileSync(join(conf, 'httpd.conf'), `ServerRoot ${conf}
${APACHE_MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
Listen 127.0.0.1:${port}
ServerName localhost
PidFile ${conf}/httpd.pid
ErrorLog ${conf}/error.log
LogLevel warn
Mutex file:${conf} default
User nobody
Group nogroup
TypesConfig /etc/mime.types
DocumentRoot ${docroot}
${serverHeaders.map(([n, v]) => `Header always set ${n} "${v}"`).join('\n')}
<Directory />
    Require all denied
    AllowOverride None
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
${site}
`);
  const args = ['-f', `${conf}/httpd.conf`, '-DFOREGROUND'];
  const server = await cleanOnFailure(conf, async () => {
    execFileSync('apache2', ['-t', ...args.slice(0, 2)], { stdio: 'pipe' });
    return runner('apache2', args, port, `${conf}/error.log`);
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...server, origin, url: `${origin}${PREFIX}`,
    async stop() { await server.stop(); rmSync(conf, { recursive: true, force: true }); },
  };
}
