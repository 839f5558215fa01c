// THE ONE LIST of what a web server sends with Koppelhulp's files: content types, security headers,
// caching. Everything else follows from it and is checked against it (tests/browser/deploy.test.mjs):
// - deploy/iis/web.config, deploy/nginx/koppelhulp.conf, deploy/apache/.htaccess and
//   deploy/apache/koppelhulp-vhost.conf are generated from it: `node deploy/generate.mjs`;
// - the <meta> CSP in index.html must equal CSP without the directives only a header can carry;
// - scripts/static-server.mjs (scripts/serve and the browser tests) sends exactly these headers;
// - INSTALLEREN.txt in the release zip lists them (scripts/package.mjs).
// Change a header here, run `node deploy/generate.mjs`, and the tests say what else must follow.

/** Content-Security-Policy, directive by directive, in the order sent. */
export const CSP = [
  ['default-src', "'none'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['connect-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'none'"],
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  // Only a header can say this (browsers ignore it in a <meta> tag): no other site may frame the app.
  ['frame-ancestors', "'none'"],
];

/** Directives that a <meta http-equiv> CSP cannot carry. */
export const HEADER_ONLY = new Set(['frame-ancestors']);

export const cspHeader = () => CSP.map(([d, v]) => `${d} ${v}`).join('; ');
export const cspMeta = () => CSP.filter(([d]) => !HEADER_ONLY.has(d)).map(([d, v]) => `${d} ${v}`).join('; ');

/**
 * Browser features the app never uses, switched off for it and anything it could ever embed
 * (Permissions-Policy). Not on the list: clipboard-write (the app copies text to the clipboard on a
 * click). Only features today's Chromium knows: an unknown name is a console error there.
 */
export const PERMISSIONS_OFF = [
  'camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'bluetooth', 'midi', 'payment',
  'clipboard-read', 'display-capture', 'screen-wake-lock', 'idle-detection', 'local-fonts',
  'window-management', 'accelerometer', 'gyroscope', 'magnetometer', 'xr-spatial-tracking',
  'publickey-credentials-get', 'otp-credentials', 'encrypted-media', 'picture-in-picture',
  'browsing-topics',
];

/**
 * HTTP Strict Transport Security: once a browser has seen it over HTTPS, it uses only HTTPS for this
 * host name for a year, so a later http:// link or a downgrade on the network cannot serve the app
 * over plain HTTP. Browsers ignore it on plain HTTP (RFC 6797 §8.1), so on http://127.0.0.1 (tests,
 * scripts/serve) it is harmless. It applies to the whole HOST NAME, not only to the app's folder;
 * no includeSubDomains (other hosts under the same domain are not the app's to decide). A server
 * that already sends its own Strict-Transport-Security keeps it: Apache sets this one only when
 * there is none (setifempty), and the nginx snippet leaves the server's own headers in place.
 */
export const HSTS = 'max-age=31536000';

/** Headers sent with every file, in this order. */
export const SECURITY_HEADERS = [
  ['Content-Security-Policy', cspHeader()],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', HSTS],
  ['Permissions-Policy', PERMISSIONS_OFF.map((f) => `${f}=()`).join(', ')],
  // No window of another origin keeps a handle on the app's window (and the other way round).
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  // No page of another origin can load the app's files (its wasm, its scripts) as its own resources.
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/** Headers a server may already send for the whole site, and that the app's configuration then leaves alone. */
export const SERVER_MAY_SET = new Set(['Strict-Transport-Security']);

/** Content type per file extension (every kind of file the build holds, and the zip's text files). */
export const TYPES = [
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.json', 'application/json'],
  ['.webmanifest', 'application/manifest+json'],
  ['.txt', 'text/plain; charset=utf-8'],
];

/**
 * Files whose name carries a content hash (Trunk's `filehash`, the worker's hash from
 * scripts/precache.mjs): `koppelhulp-7a1f51e9d0f8b2c2_bg.wasm`, `main-eef7b5a8767598a0.css`; Trunk writes its
 * hash without leading zeros, so 1 in 16 builds has 15 digits (`koppelhulp-cd1088a803bfdcb.js`). A new
 * build gives them new names, so browsers may keep them for a year without asking again.
 */
export const HASHED = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/;
/** The same rule as a plain regular expression for the server configurations (PCRE, .NET). */
export const HASHED_SOURCE = '-[0-9a-f]{1,16}(_bg)?\\.(js|wasm|css)$';

export const CACHE_HASHED = 'public, max-age=31536000, immutable';
/**
 * Everything else (index.html, sw.js, boot.js, worker.js, the manifest, the icon, and the folder's
 * own URL) is checked with the server on every load, so a new version is found at once.
 */
export const CACHE_OTHER = 'no-cache';
/** The files that must never be cached without asking: they point at everything else. */
export const MUST_REVALIDATE = ['index.html', 'sw.js', 'boot.js', 'worker.js'];

export function contentType(name) {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot).toLowerCase();
  return TYPES.find(([e]) => e === ext)?.[1] ?? 'application/octet-stream';
}

export const cacheControl = (name) => (HASHED.test(name) ? CACHE_HASHED : CACHE_OTHER);

/**
 * Every header a server must send with the file `name` (its last path segment; '' or a name ending
 * in '/' is the folder's URL, answered with index.html).
 */
export function headersFor(name) {
  const file = name === '' || name.endsWith('/') ? 'index.html' : name.split('/').pop();
  return [
    ['Content-Type', contentType(file)],
    ...SECURITY_HEADERS,
    ['Cache-Control', name === '' || name.endsWith('/') ? CACHE_OTHER : cacheControl(file)],
  ];
}
