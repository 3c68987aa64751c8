'use strict';

/*
 * The plan reload behind Settings (client/plan-loader.js): debounced, older requests
 * aborted, no request and no warning for a half-typed URL, a warning only for a complete
 * URL that fails after the debounce. Timers are driven by hand; fetch is a fake server.
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const esbuild = require('esbuild');

let tmp;
let lib;

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppb-plan-'));
  const entry = path.join(tmp, 'entry.js');
  const client = path.join(__dirname, '..', 'client');
  fs.writeFileSync(entry, [
    `export * from ${JSON.stringify(path.join(client, 'plan-loader.js'))};`,
    `export { getState, update } from ${JSON.stringify(path.join(client, 'store.js'))};`,
    ''
  ].join('\n'));
  await esbuild.build({ entryPoints: [ entry ], outfile: path.join(tmp, 'plan.cjs'), bundle: true,
    platform: 'node', format: 'cjs', logLevel: 'error' });
  lib = require(path.join(tmp, 'plan.cjs'));
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Timers that run only when told: advance(ms). */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map();
  return {
    setTimeout(fn, ms) { pending.set(++seq, { fn, at: now + ms }); return seq; },
    clearTimeout(id) { pending.delete(id); },
    advance(ms) {
      now += ms;
      for (const [ id, t ] of [ ...pending ].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) { pending.delete(id); t.fn(); }
      }
    },
    get pending() { return pending.size; }
  };
}

/** A fake fetch: records calls; each answer waits until `release(url)` (or fails if told). */
function fakeServer({ fail = false } = {}) {
  const calls = [];
  const waiting = [];
  const fetchFn = (url, options) => new Promise((resolve, reject) => {
    const call = { url, signal: options.signal, aborted: false };
    calls.push(call);
    options.signal.addEventListener('abort', () => {
      call.aborted = true;
      const err = new Error('The operation was aborted.');
      err.name = 'AbortError';
      reject(err);
    });
    waiting.push(() => (fail ? reject(new TypeError('fetch failed'))
      : resolve({ ok: true, status: 200, json: async () => ({ sasaran: [ { id: url } ], opd: [] }) })));
  });
  return { fetchFn, calls, releaseAll: () => waiting.splice(0).forEach(fn => fn()) };
}

function setup(server) {
  const notes = [];
  lib.update({ plan: null, notify: n => notes.push(n), settings: { serverUrl: '', token: '', profile: '' } });
  const timers = manualTimers();
  const loader = lib.createPlanLoader({ delay: 500, fetchFn: server.fetchFn, timers });
  const type = url => {
    lib.update({ settings: { ...lib.getState().settings, serverUrl: url } });
    return loader.schedule();
  };
  return { notes, timers, loader, type };
}

const tick = () => new Promise(resolve => setImmediate(resolve));

test('isCompleteUrl tells a typed-out address from one being typed', () => {
  for (const url of [ 'http://127.0.0.1:5000', 'https://ppb.example.go.id', 'http://localhost:8080/',
    'http://[::1]:5000' ]) {
    assert.equal(lib.isCompleteUrl(url), true, url);
  }
  for (const url of [ '', 'h', 'http', 'http:/', 'http://', 'http://1', 'http://127.0', 'http://127.0.0.',
    'http://ppb', 'http://ppb.', 'ftp://ppb.example.go.id', 'ppb.example.go.id' ]) {
    assert.equal(lib.isCompleteUrl(url), false, url);
  }
});

test('typing an address requests the plan once, 500 ms after the last keystroke', async () => {
  const server = fakeServer();
  const { timers, type, notes } = setup(server);
  const url = 'http://127.0.0.1:5000';
  let last;
  for (let i = 1; i <= url.length; i++) {
    last = type(url.slice(0, i));
    timers.advance(100);                     // a keystroke every 100 ms
  }
  assert.equal(server.calls.length, 0);
  timers.advance(399);
  assert.equal(server.calls.length, 0);
  timers.advance(1);
  assert.equal(server.calls.length, 1);
  assert.equal(server.calls[0].url, 'http://127.0.0.1:5000/api/v1/rencana');
  server.releaseAll();
  await last;
  assert.deepEqual(lib.getState().plan.sasaran, [ { id: 'http://127.0.0.1:5000/api/v1/rencana' } ]);
  assert.deepEqual(notes, []);
});

test('a half-typed address that stays is neither requested nor warned about', async () => {
  const server = fakeServer({ fail: true });
  const { timers, type, notes } = setup(server);
  const done = type('http://127.0');
  timers.advance(500);
  await done;
  assert.equal(server.calls.length, 0);
  assert.deepEqual(notes, []);
  assert.equal(lib.getState().plan, null);
});

test('a newer change aborts the older request, which then stays quiet', async () => {
  const server = fakeServer();
  const { timers, type, notes } = setup(server);
  const first = type('http://10.0.0.1:5000');
  timers.advance(500);
  assert.equal(server.calls.length, 1);
  const second = type('http://10.0.0.2:5000');
  assert.equal(server.calls[0].aborted, true);
  timers.advance(500);
  assert.equal(server.calls.length, 2);
  server.releaseAll();
  await Promise.all([ first, second ]);
  assert.deepEqual(lib.getState().plan.sasaran, [ { id: 'http://10.0.0.2:5000/api/v1/rencana' } ]);
  assert.deepEqual(notes, []);
});

test('a complete address that fails is warned about once, after the debounce', async () => {
  const server = fakeServer({ fail: true });
  const { timers, type, notes } = setup(server);
  const done = type('http://10.9.9.9:5000');
  timers.advance(499);
  await tick();
  assert.deepEqual(notes, []);
  timers.advance(1);
  server.releaseAll();
  await done;
  assert.equal(notes.length, 1);
  assert.equal(notes[0].type, 'warning');
  assert.equal(notes[0].title, 'Rencana tidak dapat dimuat');
  assert.match(notes[0].content, /tidak dapat dihubungi/);
});

test('clearing the address drops the plan without a request', async () => {
  const server = fakeServer();
  const { timers, type } = setup(server);
  lib.update({ plan: { sasaran: [ { id: 'lama' } ] } });
  const done = type('');
  timers.advance(500);
  await done;
  assert.equal(lib.getState().plan, null);
  assert.equal(server.calls.length, 0);
});
