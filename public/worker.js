// Koppelhulp's background worker: its own wasm module (crates/worker/src/main.rs, built for speed), started
// without a window, so that reading big files and finding duplicates never freezes the page. The page
// sends requests ({ id, request: ArrayBuffer (postcard), bytes?: ArrayBuffer }; the benchmarks' scripts
// send request as JSON text instead); the worker answers with { id, progress: { stage, done, total } }
// while it works and once with { id, result, wasmBytes }, where result is the envelope the wasm returns:
// exactly one of { value: Uint8Array } (postcard, for a postcard request), { json: text } (for a JSON
// request), { bytes: Uint8Array } (both transferred) or { problem: a Problem as JSON text }
// (crates/protocol/src/lib.rs, `Response`). A crash
// inside the wasm (a panic) cannot be recovered: the worker reports { id, fatal } and the page starts
// a fresh worker. The hashed names of the module are written in below by scripts/precache.mjs (a
// Trunk hook). No request is made but for the app's own files.
const glueName = '__WORKER_JS__';
const wasmName = '__WORKER_WASM__';
const base = new URL('./', self.location.href);

const ready = (async () => {
  const glue = await import(new URL(glueName, base).href);
  const exports = await glue.default({ module_or_path: new URL(wasmName, base) });
  return { glue, exports };
})();

let broken = false;

self.onmessage = async (event) => {
  const { id, request, bytes } = event.data;
  let glue;
  let exports;
  try {
    ({ glue, exports } = await ready);
  } catch (error) {
    self.postMessage({ id, fatal: `Het hulpprogramma voor bestanden kon niet starten (${error}).` });
    return;
  }
  if (broken) {
    self.postMessage({ id, fatal: 'Het hulpprogramma voor bestanden is gestopt na een fout.' });
    return;
  }
  const progress = (stage, done, total) => self.postMessage({ id, progress: { stage, done, total } });
  try {
    const asked = request instanceof ArrayBuffer ? new Uint8Array(request) : request;
    const result = glue.worker_call(asked, bytes ? new Uint8Array(bytes) : undefined, progress);
    // The size of the wasm memory (it only grows): the peak, for the benchmarks.
    const wasmBytes = exports.memory?.buffer.byteLength;
    const moved = result.value ?? result.bytes;
    if (moved instanceof Uint8Array) {
      self.postMessage({ id, result, wasmBytes }, [moved.buffer]);
    } else {
      self.postMessage({ id, result, wasmBytes });
    }
  } catch (error) {
    // worker_call returns its errors as values; an exception here is a panic (a wasm trap).
    broken = true;
    console.error('Koppelhulp-worker:', error);
    self.postMessage({ id, fatal: 'Er ging iets mis in het hulpprogramma voor bestanden.' });
  }
};
