'use strict';

/*
 * Review comments in the Camunda Modeler plugin (client/bpmn-js/PpbComments.js, client/api.js,
 * the panel's CommentsPanel): after a validation the diagram's XML goes to
 * POST /api/v1/peta/cari with the token of Settings; the answer fills the store, open threads
 * on elements of this diagram get a speech bubble (resolved ones and gone elements none);
 * "Tambah komentar" posts on the selected element to the newest version and reloads; a
 * refusal keeps the server's Indonesian message; an old server (404) is said so. The bpmn-js
 * services are small fakes; diagram-js's own EventBus carries the events; fetch is a fake server.
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const esbuild = require('esbuild');

const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');
const CLIENT = path.join(__dirname, '..', 'client');

let tmp;
let lib;
let panelCode;

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ppb-komentar-'));
  const entry = path.join(tmp, 'entry.js');
  fs.writeFileSync(entry, [
    `export { default as PpbComments, OVERLAY } from ${JSON.stringify(path.join(CLIENT, 'bpmn-js', 'PpbComments.js'))};`,
    `export * as api from ${JSON.stringify(path.join(CLIENT, 'api.js'))};`,
    `export { getState, update } from ${JSON.stringify(path.join(CLIENT, 'store.js'))};`,
    "export { default as EventBus } from 'diagram-js/lib/core/EventBus';",
    ''
  ].join('\n'));
  await esbuild.build({ entryPoints: [ entry ], outfile: path.join(tmp, 'comments.cjs'), bundle: true,
    platform: 'node', format: 'cjs', logLevel: 'error', nodePaths: [ NODE_MODULES ] });
  lib = require(path.join(tmp, 'comments.cjs'));
  // the panel as the Modeler runs it: React and Fill from the plugin helpers' window globals
  const panelEntry = path.join(tmp, 'panel.js');
  fs.writeFileSync(panelEntry,
    `export { CommentsPanel } from ${JSON.stringify(path.join(CLIENT, 'PpbExtension.js'))};\n`);
  const built = await esbuild.build({ entryPoints: [ panelEntry ], bundle: true, write: false,
    format: 'iife', globalName: 'ppbPanel', logLevel: 'error', nodePaths: [ NODE_MODULES ] });
  panelCode = built.outputFiles[0].text;
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SETTINGS = { serverUrl: 'http://validator.test/', token: 'ppb_rahasia', profile: '' };

function thread(id, elemen, extra = {}) {
  return { id, submission: 11, versi: 1, elemen, teks: `komentar ${id}`, selesai: false,
    penulis: { username: 'verif', nama: 'Verifikator Satu', peran: 'verifikator' },
    dariVersiSebelumnya: false, catatanVersi: null, elemenAda: elemen ? true : null, tanda: null,
    balasan: [], ...extra };
}

const FOUND = {
  kunci: 'kode:02.99', judul: 'Pelayanan Dafduk', uraian: 'kode proses 02.99',
  peta: { kunci: 'kode:02.99', judul: 'Pelayanan Dafduk', opd: { singkatan: 'DISDUKCAPIL', nama: 'Dinas Dukcapil' },
    versi: [ { id: 12, version: 2, tahap: 'diajukan' }, { id: 11, version: 1, tahap: 'draf' } ],
    submission: 12, tahap: 'diajukan', bolehKomentar: true },
  komentar: [
    thread(1, 'Task_A', { catatanVersi: 'dibuat pada versi 1', dariVersiSebelumnya: true }),
    thread(2, 'Task_A'),
    thread(3, 'Task_B', { selesai: true }),
    thread(4, 'Task_Gone', { elemenAda: false, tanda: 'elemen tidak ada lagi di versi ini' }),
    thread(5, null),
    thread(6, 'Task_Elsewhere')   // in the stored version, not drawn on this diagram
  ],
  count: 6
};

/** A fake server: answers by method and path; records every call. */
function fakeServer(routes) {
  const calls = [];
  const fetchFn = async (url, options = {}) => {
    calls.push({ url, options });
    const key = `${options.method || 'GET'} ${new URL(url).pathname}`;
    const answer = typeof routes[key] === 'function' ? routes[key](options) : routes[key];
    if (!answer) return { ok: false, status: 404, json: async () => ({ error: { code: 'NOT_FOUND', message: 'Tidak ditemukan.' } }) };
    return { ok: answer.status < 400, status: answer.status, json: async () => answer.body };
  };
  return { calls, fetchFn };
}

function fakeEditor(lib, ids = [ 'Task_A', 'Task_B', 'Task_Gone_not', 'Process_1' ]) {
  const eventBus = new lib.EventBus();
  const elements = Object.fromEntries(ids.map(id => [ id, { id, businessObject: { id, name: `Nama ${id}` } } ]));
  const root = { id: 'Process_1', businessObject: { id: 'Process_1' } };
  const overlays = {
    added: [],
    add(id, type, spec) { this.added.push({ id, type, spec }); },
    remove(filter) { this.added = this.added.filter(o => o.type !== filter.type); }
  };
  const selected = [];
  const services = {
    eventBus,
    bpmnjs: { saveXML: async () => ({ xml: '<definitions id="D_1"/>' }), getDefinitions: () => ({ id: 'D_1' }) },
    overlays,
    canvas: { getRootElement: () => root, scrollToElement() {} },
    elementRegistry: { get: id => elements[id] },
    selection: { select: el => selected.push(el.id) },
    editorActions: { actions: {}, register(map) { Object.assign(this.actions, map); } }
  };
  const comments = new lib.PpbComments(services.eventBus, services.bpmnjs, services.overlays, services.canvas,
    services.elementRegistry, services.selection, services.editorActions);
  return { ...services, comments, elements, root, selected };
}

// a document for the bubbles (the module builds them with document.createElement)
async function withDocument(fn) {
  const made = [];
  global.document = {
    createElement: tag => {
      const node = { tag, className: '', textContent: '', title: '', listeners: {},
        addEventListener(type, f) { this.listeners[type] = f; } };
      made.push(node);
      return node;
    }
  };
  try {
    return await fn(made);
  } finally {
    delete global.document;
  }
}

test('a validation loads the comments of the stored map and draws bubbles on open threads', async () => {
  await withDocument(async () => {
    lib.update({ settings: SETTINGS, file: 'nama-lokal.bpmn' });
    const server = fakeServer({ 'POST /api/v1/peta/cari': { status: 200, body: FOUND } });
    const editor = fakeEditor(lib);
    assert.deepEqual(Object.keys(editor.editorActions.actions), [ 'ppb.comments' ]);
    await editor.comments.load('<definitions id="D_1"/>', server.fetchFn);

    const [ call ] = server.calls;
    assert.equal(call.url, 'http://validator.test/api/v1/peta/cari?filename=nama-lokal.bpmn');
    assert.equal(call.options.method, 'POST');
    assert.equal(call.options.body, '<definitions id="D_1"/>');
    assert.equal(call.options.headers.Authorization, 'Bearer ppb_rahasia');
    assert.match(call.options.headers['Content-Type'], /^application\/xml/);

    const shown = lib.getState().comments;
    assert.equal(shown.status, 'selesai', shown.error);
    assert.equal(shown.source, editor.comments);
    assert.equal(shown.data.peta.submission, 12);
    // Task_A: two open threads, one bubble saying 2; resolved, gone, whole-map and
    // not-drawn threads get none
    assert.deepEqual(editor.overlays.added.map(o => [ o.id, o.type, o.spec.html.textContent ]),
      [ [ 'Task_A', 'ppb-komentar', '2' ] ]);
    assert.equal(editor.overlays.added[0].spec.html.className, 'ppb-komentar-badge');
    // a click on the bubble selects the element
    editor.overlays.added[0].spec.html.listeners.click();
    assert.deepEqual(editor.selected, [ 'Task_A' ]);
  });
});

test('the ppb.validated event loads them with the XML the validation sent', async () => {
  await withDocument(async () => {
    lib.update({ settings: SETTINGS, file: null });
    const bodies = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (url, options) => {
      bodies.push([ url, options.body ]);
      return { ok: true, status: 200, json: async () => ({ ...FOUND, peta: null, komentar: [], count: 0 }) };
    };
    try {
      const editor = fakeEditor(lib);
      editor.eventBus.fire('ppb.validated', { xml: '<definitions id="Dikirim"/>' });
      await new Promise(resolve => setImmediate(resolve));
      await new Promise(resolve => setImmediate(resolve));
      assert.deepEqual(bodies, [ [ 'http://validator.test/api/v1/peta/cari?filename=D_1.bpmn', '<definitions id="Dikirim"/>' ] ]);
      assert.equal(lib.getState().comments.data.peta, null);
      assert.equal(editor.overlays.added.length, 0);
    } finally {
      globalThis.fetch = original;
    }
  });
});

test('Tambah komentar posts on the selected element to the newest version, then reloads', async () => {
  await withDocument(async () => {
    lib.update({ settings: SETTINGS, file: 'peta.bpmn' });
    let posted = null;
    const server = fakeServer({
      'POST /api/v1/peta/cari': { status: 200, body: FOUND },
      'POST /api/v1/submissions/12/komentar': options => {
        posted = { headers: options.headers, body: JSON.parse(options.body) };
        return { status: 201, body: { id: 7, elemen: 'Task_B', teks: 'Baru' } };
      }
    });
    const editor = fakeEditor(lib);
    await editor.comments.load(undefined, server.fetchFn);
    // the element selected on the canvas is the comment's target, in the store as well
    editor.eventBus.fire('selection.changed', { newSelection: [ editor.elements.Task_B ] });
    assert.deepEqual(lib.getState().comments.target, { id: 'Task_B', name: 'Nama Task_B' });
    const result = await editor.comments.add('  Baru  ', server.fetchFn);
    assert.equal(result.comment.id, 7);
    assert.deepEqual(posted.body, { elemen: 'Task_B', teks: 'Baru', balasan: null });
    assert.equal(posted.headers.Authorization, 'Bearer ppb_rahasia');
    assert.equal(posted.headers['Content-Type'], 'application/json');
    assert.deepEqual(server.calls.map(c => new URL(c.url).pathname),
      [ '/api/v1/peta/cari', '/api/v1/submissions/12/komentar', '/api/v1/peta/cari' ]);
    // nothing selected (the canvas root): a comment on the whole map
    editor.eventBus.fire('selection.changed', { newSelection: [ editor.root ] });
    assert.equal(lib.getState().comments.target, null);
    await editor.comments.add('Seluruh peta', server.fetchFn);
    assert.equal(posted.body.elemen, null);
    // empty text: not sent
    const before = server.calls.length;
    assert.deepEqual(await editor.comments.add('   ', server.fetchFn), { error: 'Isi komentar tidak boleh kosong.' });
    assert.equal(server.calls.length, before);
  });
});

test('a refusal keeps the server message; an old server without the endpoint is said so', async () => {
  await withDocument(async () => {
    lib.update({ settings: SETTINGS, file: 'peta.bpmn' });
    const server = fakeServer({
      'POST /api/v1/peta/cari': { status: 200, body: FOUND },
      'POST /api/v1/submissions/12/komentar': { status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'Anda tidak dapat mengomentari peta ini.' } } }
    });
    const editor = fakeEditor(lib);
    await editor.comments.load(undefined, server.fetchFn);
    const result = await editor.comments.add('Coba', server.fetchFn);
    assert.deepEqual(result, { error: 'Anda tidak dapat mengomentari peta ini.' });

    const old = fakeServer({});
    await editor.comments.load(undefined, old.fetchFn);
    const shown = lib.getState().comments;
    assert.equal(shown.status, 'galat');
    assert.match(shown.error, /belum menyediakan komentar tinjauan/);
    assert.equal(editor.overlays.added.length, 0);

    const unauthorised = fakeServer({ 'POST /api/v1/peta/cari': { status: 401,
      body: { error: { code: 'INVALID_TOKEN', message: 'Token tidak dikenal, sudah dicabut, atau pemiliknya tidak aktif.' } } } });
    await editor.comments.load(undefined, unauthorised.fetchFn);
    assert.match(lib.getState().comments.error, /^Token tidak dikenal/);
  });
});

/** Render a React-like tree with a fake createElement: function components are called. */
function renderPanel(state) {
  const window = {
    react: {
      createElement: (type, props, ...children) => ({ type, props: props || {}, children: children.flat() }),
      useState: init => [ init, () => {} ],
      useEffect: () => {}
    },
    components: { Fill: function Fill() {} },
    vendor: { propertiesPanel: { common: {}, preact: { root: { h: () => null }, hooks: {} } } }
  };
  const sandbox = { window, console, URLSearchParams };
  vm.runInNewContext(`${panelCode}\nthis.ppbPanel = ppbPanel;`, sandbox);
  const expand = node => {
    if (node === null || node === undefined || node === false) return [];
    if (typeof node !== 'object') return [ String(node) ];
    if (typeof node.type === 'function') return expand(node.type(node.props));
    return [ node, ...node.children.flatMap(expand) ];
  };
  const tree = expand(sandbox.ppbPanel.CommentsPanel({ state }));
  const text = tree.filter(n => typeof n === 'string').join('');
  return { tree: tree.filter(n => typeof n === 'object'), text };
}

test('the panel lists threads with element links, version marks and the comment form', () => {
  const selectedIds = [];
  const source = { select: id => selectedIds.push(id) };
  const { tree, text } = renderPanel({ comments: { status: 'selesai', data: FOUND, source,
    target: { id: 'Task_B', name: 'Periksa berkas' } } });
  assert.match(text, /Pelayanan Dafduk · Dinas Dukcapil · versi 2 \(diajukan\) · 5 terbuka dari 6/);
  assert.match(text, /dibuat pada versi 1/);
  assert.match(text, /elemen tidak ada lagi di versi ini/);
  assert.match(text, /Tambah komentar pada elemen «Periksa berkas» \(Task_B\) \(versi 2\)/);
  // element links select their element; a gone element is no link
  const links = tree.filter(n => n.type === 'a');
  assert.deepEqual(links.map(a => a.props['data-element']), [ 'Task_A', 'Task_A', 'Task_B', 'Task_Elsewhere' ]);
  links[0].props.onClick({ preventDefault() {} });
  assert.deepEqual(selectedIds, [ 'Task_A' ]);
  assert.equal(tree.filter(n => n.type === 'button').length, 1);

  const none = renderPanel({ comments: { status: 'selesai', data: { ...FOUND, peta: null, komentar: [] } } });
  assert.match(none.text, /belum tersimpan di server/);
  assert.equal(none.tree.filter(n => n.type === 'button').length, 0);

  const refused = renderPanel({ comments: { status: 'selesai', source,
    data: { ...FOUND, peta: { ...FOUND.peta, bolehKomentar: false } } } });
  assert.match(refused.text, /Anda tidak dapat mengomentari peta ini\./);
  assert.equal(refused.tree.filter(n => n.type === 'textarea').length, 0);
});
