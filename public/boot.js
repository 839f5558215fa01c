// Koppelhulp's loader. The CSP forbids inline scripts, so Trunk's loader is replaced by this file
// (Trunk.toml: pattern_script). It starts the wasm app, says in Dutch when it cannot, and runs the
// service worker's update check. It makes no request but for the app's own files.
const root = document.documentElement;
root.dataset.boot = 'loading';

// The hashed names are in this script's own src. Read it from the DOM, not from import.meta.url:
// when the service worker answers from its cache, import.meta.url is the cached URL, without them.
const here = new URL(document.querySelector('script[type="module"][src*="boot.js"]')?.src ?? import.meta.url);
const base = new URL('./', here);

function bootFailed(reason) {
  root.dataset.boot = 'failed';
  const p = document.getElementById('boot-fail-reason');
  if (p && reason) p.textContent = reason;
}

// Koppelhulp never runs inside a frame of another page (clickjacking: a page that shows it under its
// own, invisible or disguised). The server's CSP header says so (frame-ancestors 'none'), but a <meta>
// CSP cannot carry frame-ancestors: where the server does not send the headers, this is the guard.
function inFrame() {
  try {
    return window.top !== window.self;
  } catch {
    return true; // a browser that will not even say: assume the worst
  }
}

function refuseFrame() {
  bootFailed('Koppelhulp werkt niet binnen een andere webpagina. Open Koppelhulp in een eigen tabblad of venster.');
  document.querySelector('#boot-fail ul')?.remove();
  const p = document.getElementById('boot-fail-reason');
  if (p) {
    const link = document.createElement('a');
    link.href = location.href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = 'Koppelhulp openen in een nieuw tabblad';
    const line = document.createElement('p');
    line.append(link);
    p.after(line);
  }
}

for (const id of ['crash-reload', 'update-reload']) {
  document.getElementById(id)?.addEventListener('click', () => reloadIntoNewVersion());
}

// The release's settings that IT may change (instellingen.json beside index.html, see
// INSTALLEREN.txt), handed to the app as text; the app checks them. Without the file, the app's
// own defaults apply.
async function readReleaseSettings() {
  try {
    const settings = await import(new URL('instellingen.json', base).href, { with: { type: 'json' } });
    root.dataset.instellingen = JSON.stringify(settings.default);
  } catch (error) {
    console.warn('instellingen.json niet gelezen; de standaardinstellingen gelden.', error);
  }
}

async function start() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    bootFailed('Deze browser kan WebAssembly niet uitvoeren, of een beleid van uw organisatie blokkeert het. Gebruik een recente versie van Edge, Chrome of Firefox, of vraag de afdeling ICT om hulp.');
    return;
  }
  await readReleaseSettings();
  const js = here.searchParams.get('js');
  const wasm = here.searchParams.get('wasm');
  try {
    const glue = await import(new URL(js, base).href);
    await glue.default({ module_or_path: new URL(wasm, base) });
    root.dataset.boot = 'started';
  } catch (error) {
    console.error('Koppelhulp kon niet starten:', error);
    // The service worker refuses a file of the app that was changed in the browser's storage while
    // the server is out of reach (sw.js: 503 "Bestand veranderd"): say that, not the general causes.
    const refused = await Promise.all([js, wasm].map((f) => fetch(new URL(f, base)).then(
      (r) => r.status === 503 && r.statusText === 'Bestand veranderd', () => false,
    )));
    if (refused.includes(true)) {
      bootFailed('De bestanden van Koppelhulp die deze browser had bewaard voor offline gebruik, zijn veranderd, en de server is niet bereikbaar om ze opnieuw op te halen. Daarom start Koppelhulp niet. Open Koppelhulp opnieuw zodra u weer verbinding hebt met het netwerk van uw organisatie, en meld dit bij de afdeling ICT: mogelijk heeft een ander programma op dezelfde webserver ze aangepast.');
      document.querySelector('#boot-fail ul')?.remove();
      return;
    }
    bootFailed('Het programma kon niet worden geladen of gestart. Misschien blokkeert een beleid van uw organisatie WebAssembly, of is de verbinding met de server verbroken tijdens het laden. Laad de pagina opnieuw; blijft dit gebeuren, vraag dan de afdeling ICT om hulp.');
  }
}

// Service worker: offline use after the first visit, and a notice when a new version is there.
let reloading = false;
function reloadIntoNewVersion() {
  const waiting = window.__koppelhulpWaiting;
  if (waiting) {
    waiting.postMessage('skip-waiting');
  } else {
    location.reload();
  }
}

function offerUpdate(worker) {
  window.__koppelhulpWaiting = worker;
  const banner = document.getElementById('update');
  if (banner) banner.hidden = false;
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  try {
    const registration = await navigator.serviceWorker.register(new URL('sw.js', base), { scope: base.pathname });
    // A worker may already be waiting from an earlier visit.
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const incoming = registration.installing;
      incoming?.addEventListener('statechange', () => {
        if (incoming.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(incoming);
      });
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (reloading || !window.__koppelhulpWaiting) return;
      reloading = true;
      location.reload();
    });
  } catch (error) {
    // Offline use is then unavailable; the app itself works. Not an error for the user.
    console.warn('Koppelhulp: service worker niet geregistreerd:', error);
  }
}

if (inFrame()) {
  refuseFrame();
} else {
  await start();
  await registerServiceWorker();
}
