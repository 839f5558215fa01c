// Writes the server configurations in deploy/ from the one list (deploy/headers.mjs):
//   node deploy/generate.mjs          write them
//   node deploy/generate.mjs --check  exit 1 if a file differs from what the list gives
// scripts/package.mjs uses `webConfig(hashedFiles)` for the release's own web.config (IIS cannot match
// file names by pattern without an extra module, so that copy names the release's hashed files).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CACHE_HASHED, CACHE_OTHER, HASHED_SOURCE, SECURITY_HEADERS, SERVER_MAY_SET, TYPES,
} from './headers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The example URL folder and disk folder in the nginx and Apache files (the admin changes them). */
export const EXAMPLE_URL = '/apps/koppelhulp/';
export const EXAMPLE_DIR = '/var/www/koppelhulp/';

const GENERATED = 'Generated from deploy/headers.mjs by deploy/generate.mjs: change the list there, not this file.';

// A header value inside double quotes, for nginx and Apache (no value in the list holds " or \).
function quoted(value) {
  if (/["\\\n]/.test(value)) throw new Error(`header value cannot be quoted: ${value}`);
  return `"${value}"`;
}

const [mime, charset] = [(t) => t.split(';')[0].trim(), (t) => /charset=([^;\s]+)/.exec(t)?.[1]];

/** The nginx variable that carries a header's value: Content-Security-Policy → $koppelhulp_content_security_policy. */
const nginxVar = (name) => `$koppelhulp_${name.toLowerCase().replace(/-/g, '_')}`;

export function nginxConf() {
  const all = (cache) => [...SECURITY_HEADERS, ['Cache-Control', cache]];
  const sets = (cache, indent) => all(cache).map(([name, value]) => `${indent}set ${nginxVar(name)} ${quoted(value)};`).join('\n');
  const charsetTypes = [...new Set(TYPES.filter(([, t]) => charset(t)).map(([, t]) => mime(t)))]
    .filter((t) => t !== 'text/html'); // nginx always includes text/html
  return `# Koppelhulp for nginx: include this file INSIDE the server { } block of the HTTPS site, BELOW the
# server's own add_header lines (if it has any):
#     include /etc/nginx/snippets/koppelhulp.conf;
# ${GENERATED}
# Change the two examples to your own: the web address folder ${EXAMPLE_URL} (three times) and the
# folder on disk ${EXAMPLE_DIR} that holds index.html (once). Then: nginx -t && nginx -s reload
#
# Why the headers are added at the server level, with variables: nginx drops EVERY add_header of the
# server block inside a location that has an add_header of its own (up to nginx 1.29, which has
# add_header_inherit). So these locations have none. The add_header lines below stand next to the
# server's own, and send a value only inside Koppelhulp's folder (an empty value is not sent at all):
# the server's own headers (for example its Strict-Transport-Security) stay on every file of
# Koppelhulp. Does the server block already send Strict-Transport-Security? Then nginx sends two;
# browsers follow the first, which is the server's own when this include comes below it. You may
# also delete the line "add_header Strict-Transport-Security ..." below.
${all('').map(([name]) => `set ${nginxVar(name)} "";`).join('\n')}
${all('').map(([name]) => `add_header ${name} ${nginxVar(name)} always;`).join('\n')}

location = ${EXAMPLE_URL.replace(/\/$/, '')} {
    return 301 ${EXAMPLE_URL};
}
location ${EXAMPLE_URL} {
    alias ${EXAMPLE_DIR};
    index index.html;
    types {
${TYPES.map(([ext, t]) => `        ${mime(t)} ${ext.slice(1)};`).join('\n')}
    }
    default_type application/octet-stream;
    charset utf-8;
    charset_types ${charsetTypes.join(' ')};
    # Compressed transfer (the wasm shrinks to about a third).
    gzip on;
    gzip_types ${[...new Set(TYPES.map(([, t]) => mime(t)).filter((t) => t !== 'text/html' && t !== 'image/png'))].join(' ')};
    # Every file: checked with the server on each load (index.html, sw.js, boot.js, worker.js, ...).
${sets(CACHE_OTHER, '    ')}
    # Files with a content hash in their name: a new version has new names, keep them for a year.
    # (set is not inherited by a nested location: all of them again.)
    location ~ "${HASHED_SOURCE}" {
${sets(CACHE_HASHED, '        ')}
    }
}
`;
}

function apacheDirectives(indent) {
  const lines = [
    'DirectoryIndex index.html',
    ...TYPES.map(([ext, t]) => `AddType ${mime(t)} ${ext}`),
    ...TYPES.filter(([, t]) => charset(t)).map(([ext, t]) => `AddCharset ${charset(t)} ${ext}`),
    '# Every file: checked with the server on each load (index.html, sw.js, boot.js, worker.js, ...).',
    // setifempty (Apache 2.4.7+): a header the server already sends for the whole site (its own
    // Strict-Transport-Security) is kept; the app's value is only the default.
    ...[...SECURITY_HEADERS, ['Cache-Control', CACHE_OTHER]]
      .map(([n, v]) => `Header always ${SERVER_MAY_SET.has(n) ? 'setifempty' : 'set'} ${n} ${quoted(v)}`),
    '# Files with a content hash in their name: a new version has new names, keep them for a year.',
    `<FilesMatch "${HASHED_SOURCE}">`,
    `    Header always set Cache-Control ${quoted(CACHE_HASHED)}`,
    '</FilesMatch>',
    '# Compressed transfer, where mod_deflate is enabled (the wasm shrinks to about a third).',
    '<IfModule mod_deflate.c>',
    `    AddOutputFilterByType DEFLATE ${[...new Set(TYPES.map(([, t]) => mime(t)).filter((t) => t !== 'image/png'))].join(' ')}`,
    '</IfModule>',
  ];
  return lines.map((l) => indent + l).join('\n');
}

export function htaccess() {
  return `# Koppelhulp for Apache: this file goes in the folder that holds index.html (as .htaccess).
# ${GENERATED}
# Needs mod_headers and mod_mime (a2enmod headers) and "AllowOverride FileInfo Indexes" (or All) for
# this folder. Without mod_headers Apache answers 500, on purpose: the app must not run without its headers.
${apacheDirectives('')}
`;
}

export function apacheVhost() {
  const url = EXAMPLE_URL.replace(/\/$/, '');
  return `# Koppelhulp for Apache: put this inside the <VirtualHost *:443> of the HTTPS site (instead of .htaccess).
# ${GENERATED}
# Change the two examples to your own: the web address folder ${EXAMPLE_URL} and the folder on disk
# ${EXAMPLE_DIR} that holds index.html. Needs mod_headers, mod_mime and mod_alias (a2enmod headers).
# Then: apachectl configtest && apachectl graceful
RedirectMatch 301 ^${url}$ ${EXAMPLE_URL}
Alias ${EXAMPLE_URL} ${EXAMPLE_DIR}
<Directory ${EXAMPLE_DIR}>
    Require all granted
    AllowOverride None
    Options -Indexes
${apacheDirectives('    ')}
</Directory>
`;
}

const xmlAttr = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * IIS: the app folder's web.config. `hashedFiles`: the release's files with a content hash in their
 * name (IIS cannot match a pattern without the URL Rewrite module), each cached for a year; with
 * none (deploy/iis/web.config), every file is checked with the server on each load, which is safe.
 */
export function webConfig(hashedFiles = []) {
  const header = (n, v, indent) => `${indent}<remove name="${n}" />\n${indent}<add name="${n}" value="${xmlAttr(v)}" />`;
  const locations = hashedFiles.map((f) => `  <location path="${xmlAttr(f)}">
    <system.webServer>
      <httpProtocol>
        <customHeaders>
${header('Cache-Control', CACHE_HASHED, '          ')}
        </customHeaders>
      </httpProtocol>
    </system.webServer>
  </location>
`).join('');
  const note = hashedFiles.length
    ? 'This copy names the hashed files of this release: use it with this release only.'
    : 'This copy sends no-cache for every file (safe). The web.config in the release zip (app/web.config)\n     also lets browsers keep that release\'s hashed files for a year.';
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Koppelhulp for IIS: web.config in the folder that holds index.html.
     ${GENERATED}
     ${note}
     Needs no extra IIS module. -->
<configuration>
  <system.webServer>
    <staticContent>
${TYPES.map(([ext, t]) => `      <remove fileExtension="${ext}" />\n      <mimeMap fileExtension="${ext}" mimeType="${xmlAttr(t)}" />`).join('\n')}
    </staticContent>
    <defaultDocument enabled="true">
      <files>
        <remove value="index.html" />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpProtocol>
      <customHeaders>
${[...SECURITY_HEADERS, ['Cache-Control', CACHE_OTHER]].map(([n, v]) => header(n, v, '        ')).join('\n')}
      </customHeaders>
    </httpProtocol>
  </system.webServer>
${locations}</configuration>
`;
}

/** Every generated file of deploy/, by path under deploy/. */
export function generated() {
  return {
    'iis/web.config': webConfig(),
    'nginx/koppelhulp.conf': nginxConf(),
    'apache/.htaccess': htaccess(),
    'apache/koppelhulp-vhost.conf': apacheVhost(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, text] of Object.entries(generated())) {
    const file = join(HERE, path);
    if (check) {
      let now = null;
      try { now = readFileSync(file, 'utf8'); } catch { /* missing */ }
      if (now !== text) { console.error(`deploy/${path} differs from deploy/headers.mjs`); stale += 1; }
    } else {
      writeFileSync(file, text);
      console.log(`wrote deploy/${path}`);
    }
  }
  if (stale) {
    console.error('run: node deploy/generate.mjs');
    process.exit(1);
  }
}
