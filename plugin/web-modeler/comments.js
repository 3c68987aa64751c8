/**
 * The "Komentar" panel of the web modeler: the review comments of the opened version
 * (GET /api/v1/submissions/<id>/komentar: its own threads and those of the map's earlier
 * versions, marked "dibuat pada versi N" and, when their element is gone, "elemen tidak ada
 * lagi di versi ini"), a speech-bubble badge on every element with open threads (an overlay
 * type of its own, so the findings' badges and markers stay as they are), and the forms:
 * a new comment on the selected element or on the whole map, a reply, "Tandai selesai".
 * Every write goes through the API with the session and the page's CSRF token; a refusal
 * (403 for a user who may not comment, 422 for an element the stored version lacks) shows
 * the server's Indonesian message in the panel.
 */

import { ServerError } from './server.js';

export const OVERLAY = 'ppb-komentar';
const ROLE = { admin: 'Admin', verifikator: 'Verifikator', opd: 'OPD' };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [ key, value ] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/** '7 Desember 2026 14.05' in the browser's time (the API sends ISO 8601 UTC). */
export function whenText(iso) {
  if (!iso) return '';
  const value = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(value.getTime())) return iso;
  const months = [ 'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
    'September', 'Oktober', 'November', 'Desember' ];
  const pad = n => String(n).padStart(2, '0');
  return `${value.getDate()} ${months[value.getMonth()]} ${value.getFullYear()} ` +
    `${pad(value.getHours())}.${pad(value.getMinutes())}`;
}

async function call(url, { csrf, method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRFToken'] = csrf || '';
  let response;
  try {
    response = await fetch(url, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ServerError(`Server tidak dapat dihubungi (${err && err.message || err}).`);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (!response.ok) {
    const msg = data && data.error && data.error.message;
    const error = new ServerError(msg || (response.status === 403
      ? 'Anda tidak dapat mengomentari peta ini.' : `Server menjawab ${response.status}.`));
    error.status = response.status;
    error.code = data && data.error && data.error.code;
    throw error;
  }
  if (data === null) throw new ServerError('Jawaban server bukan JSON.');
  return data;
}

/** Open threads per element that this version still has: {id: [thread, ...]}. */
export function openByElement(threads) {
  const out = {};
  for (const t of threads || []) {
    if (t.selesai || !t.elemen || t.elemenAda === false) continue;
    (out[t.elemen] = out[t.elemen] || []).push(t);
  }
  return out;
}

export class CommentsPanel {
  /**
   * @param {object} options
   *   box: the panel element; modeler: the bpmn-js Modeler; csrf: the page's token;
   *   listUrl: (submission id) => list/POST URL; resolveUrl: (comment id) => URL;
   *   select: (element id) => selects it on the canvas (the modeler's own, across diagrams)
   */
  constructor({ box, modeler, csrf, listUrl, resolveUrl, select }) {
    this.box = box;
    this.modeler = modeler;
    this.csrf = csrf;
    this.listUrl = listUrl;
    this.resolveUrl = resolveUrl;
    this.selectElement = select;
    this.submission = null;
    this.version = null;
    this.threads = [];
    this.target = null;          // the selected element for a new comment, or null: the map
    this.busy = false;
    this.render();
    // bpmn-js listeners must return nothing: diagram-js's EventBus takes any other return
    // value (setTimeout's timer id, say) as the event's result and stops calling the
    // listeners after this one, e.g. bpmn-js-bpmnlint's, which then never lints the diagram
    // an import (a switch of diagram) draws
    modeler.on('selection.changed', ({ newSelection }) => {
      this.pick(newSelection);
    });
    modeler.on('import.done', () => {
      setTimeout(() => this.drawBubbles(), 0);
    });
    box.addEventListener('click', event => this.onClick(event));
    box.addEventListener('submit', event => this.onSubmit(event));
  }

  /** The threads of a stored version, listed and drawn. */
  async load(submissionId) {
    this.submission = submissionId;
    if (!submissionId) {
      this.threads = [];
      this.render();
      return [];
    }
    this.box.dataset.state = 'memuat';
    try {
      const data = await call(this.listUrl(submissionId));
      this.threads = data.komentar || [];
      this.version = data.versi;
      this.render();
      this.drawBubbles();
      this.box.dataset.state = 'siap';
      this.box.dataset.count = String(this.threads.length);
      return this.threads;
    } catch (err) {
      this.render();
      this.say(`Komentar tidak dapat dimuat: ${err.message}`, 'error');
      this.box.dataset.state = 'galat';
      return null;
    }
  }

  pick(selection) {
    const shape = (selection || [])[0];
    const target = shape && (shape.labelTarget || shape);
    const bo = target && target.businessObject;
    const root = this.modeler.get('canvas').getRootElement();
    this.target = bo && bo.id && target !== root ? { id: bo.id, name: bo.name || '' } : null;
    this.showTarget();
    if (this.target) this.mark(this.target.id, false);
  }

  showTarget() {
    const where = this.box.querySelector('#komentar-sasaran');
    const whole = this.box.querySelector('#komentar-seluruh');
    if (!where) return;
    const onMap = !this.target || (whole && whole.checked);
    where.textContent = onMap ? 'seluruh peta'
      : `elemen ${this.target.name ? `«${this.target.name}» ` : ''}(${this.target.id})`;
    where.dataset.element = onMap ? '' : this.target.id;
    if (whole) whole.disabled = !this.target;
  }

  say(text, kind = 'info') {
    const status = this.box.querySelector('.komentar-status');
    if (!status) return;
    status.textContent = text;
    status.className = `komentar-status status-${kind}`;
  }

  render() {
    const open = this.threads.filter(t => !t.selesai).length;
    const head = el('h2', { id: 'komentar-judul' }, 'Komentar',
      this.submission ? el('span', { className: 'komentar-jumlah', text:
        ` (${open} terbuka dari ${this.threads.length})` }) : null);
    const status = el('p', { className: 'komentar-status', role: 'status', 'aria-live': 'polite' });
    if (!this.submission) {
      this.box.replaceChildren(head, el('p', { className: 'muted', text:
        'Simpan peta ini terlebih dahulu: komentar tinjauan melekat pada versi yang tersimpan.' }), status);
      return;
    }
    const list = el('div', { className: 'komentar-daftar', id: 'komentar-daftar' });
    if (!this.threads.length) {
      list.append(el('p', { className: 'muted', text: 'Belum ada komentar pada peta ini.' }));
    }
    for (const t of this.threads) list.append(this.threadNode(t));
    this.box.replaceChildren(head, status, list, this.formNode());
    this.showTarget();
  }

  person(p) {
    if (!p) return el('span', { text: 'pengguna terhapus' });
    return el('span', { className: 'komentar-penulis' }, el('strong', { text: p.nama || p.username }),
      p.peran ? el('span', { className: `peran peran-${p.peran}`, text: ROLE[p.peran] || p.peran }) : null);
  }

  threadNode(t) {
    const article = el('article', {
      className: `komentar-utas${t.selesai ? ' is-selesai' : ''}`,
      id: `modeler-komentar-${t.id}`,
      dataset: { comment: String(t.id), element: t.elemen || '', open: String(!t.selesai),
        present: String(t.elemenAda !== false) }
    });
    const head = el('div', { className: 'komentar-kepala' }, this.person(t.penulis),
      el('span', { className: 'muted', text: whenText(t.dibuatPada) }),
      t.catatanVersi ? el('span', { className: 'versi-tag', text: t.catatanVersi }) : null,
      t.selesai ? el('span', { className: 'selesai-tag', text: 'selesai' }) : null,
      t.tanda ? el('span', { className: 'elemen-hilang', text: t.tanda }) : null);
    const on = t.elemen
      ? el('p', { className: 'komentar-pada' }, 'Pada ',
        t.elemenAda === false
          ? el('code', { text: t.namaElemen ? `${t.namaElemen} (${t.elemen})` : t.elemen })
          : el('button', { type: 'button', className: 'komentar-elemen', dataset: { element: t.elemen },
            title: 'Pilih elemen ini pada kanvas',
            text: t.namaElemen ? `${t.namaElemen} (${t.elemen})` : t.elemen }))
      : el('p', { className: 'komentar-pada', text: 'Pada seluruh peta' });
    const replies = el('ol', { className: 'komentar-balasan' });
    for (const r of t.balasan || []) {
      replies.append(el('li', { dataset: { comment: String(r.id) } },
        el('div', { className: 'komentar-kepala' }, this.person(r.penulis),
          el('span', { className: 'muted', text: whenText(r.dibuatPada) })),
        el('p', { className: 'komentar-teks', text: r.teks })));
    }
    const actions = el('div', { className: 'komentar-aksi' },
      el('details', { className: 'komentar-balas' }, el('summary', { text: 'Balas' }),
        el('form', { className: 'form-balas', dataset: { balasan: String(t.id) } },
          el('label', { className: 'sr-only', for: `balas-${t.id}`, text: 'Isi balasan' }),
          el('textarea', { id: `balas-${t.id}`, name: 'teks', rows: 2, maxlength: 4000, required: true }),
          el('button', { type: 'submit', text: 'Kirim balasan' }))),
      t.selesai ? null : el('button', { type: 'button', className: 'komentar-selesai',
        dataset: { comment: String(t.id) }, text: 'Tandai selesai' }));
    article.append(head, on, el('p', { className: 'komentar-teks', text: t.teks }));
    if ((t.balasan || []).length) article.append(replies);
    article.append(actions);
    return article;
  }

  formNode() {
    return el('form', { className: 'komentar-form', id: 'komentar-baru' },
      el('h3', { text: 'Komentar baru' }),
      el('p', { className: 'komentar-pada' }, 'Pada ', el('strong', { id: 'komentar-sasaran' }),
        el('span', { className: 'muted', text: ' — pilih elemen pada kanvas untuk mengomentarinya.' })),
      el('label', { className: 'komentar-seluruh' },
        el('input', { type: 'checkbox', id: 'komentar-seluruh' }), ' untuk seluruh peta'),
      el('label', { for: 'komentar-teks', text: 'Isi komentar' }),
      el('textarea', { id: 'komentar-teks', name: 'teks', rows: 3, maxlength: 4000, required: true }),
      el('button', { type: 'submit', id: 'komentar-kirim', text: 'Kirim komentar' }));
  }

  onClick(event) {
    const whole = event.target.closest('#komentar-seluruh');
    if (whole) {
      this.showTarget();
      return;
    }
    const elementButton = event.target.closest('button.komentar-elemen');
    if (elementButton) {
      this.current(elementButton.closest('article'));
      this.selectElement(elementButton.dataset.element);
      return;
    }
    const resolve = event.target.closest('button.komentar-selesai');
    if (resolve) this.resolve(Number(resolve.dataset.comment));
  }

  async onSubmit(event) {
    event.preventDefault();
    const form = event.target;
    const text = form.querySelector('textarea').value.trim();
    if (!text) {
      this.say('Isi komentar tidak boleh kosong.', 'error');
      return;
    }
    if (form.dataset.balasan) {
      await this.send({ teks: text, balasan: Number(form.dataset.balasan) }, 'Balasan disimpan.');
      return;
    }
    const where = this.box.querySelector('#komentar-sasaran');
    const elemen = where && where.dataset.element ? where.dataset.element : null;
    await this.send({ elemen, teks: text, balasan: null }, 'Komentar disimpan.');
  }

  async send(body, done) {
    if (this.busy || !this.submission) return null;
    this.busy = true;
    try {
      const comment = await call(this.listUrl(this.submission), { csrf: this.csrf, method: 'POST', body });
      await this.load(this.submission);
      this.say(done, 'ok');
      this.current(this.box.querySelector(
        `article[data-comment="${comment.balasanUntuk || comment.id}"]`));
      return comment;
    } catch (err) {
      this.say(err.message, 'error');
      return null;
    } finally {
      this.busy = false;
    }
  }

  async resolve(commentId) {
    if (this.busy) return null;
    this.busy = true;
    try {
      const root = await call(this.resolveUrl(commentId), { csrf: this.csrf, method: 'POST' });
      await this.load(this.submission);
      this.say('Komentar ditandai selesai.', 'ok');
      return root;
    } catch (err) {
      this.say(err.message, 'error');
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Highlight a thread in the list. */
  current(article) {
    for (const a of this.box.querySelectorAll('article.komentar-utas.is-current')) {
      a.classList.remove('is-current');
    }
    if (article) {
      article.classList.add('is-current');
      article.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Highlight the first open thread of an element (a click on its bubble or its shape). */
  mark(elementId, scroll = true) {
    const article = [ ...this.box.querySelectorAll('article.komentar-utas[data-open="true"]') ]
      .find(a => a.dataset.element === elementId && a.dataset.present === 'true');
    if (article && scroll) this.current(article);
    else if (article) article.classList.add('is-current');
    for (const a of this.box.querySelectorAll('article.komentar-utas.is-current')) {
      if (a !== article) a.classList.remove('is-current');
    }
    return article || null;
  }

  /** A speech bubble on each element with open threads, drawn on the diagram shown. */
  drawBubbles() {
    const overlays = this.modeler.get('overlays');
    const registry = this.modeler.get('elementRegistry');
    overlays.remove({ type: OVERLAY });
    let drawn = 0;
    for (const [ id, list ] of Object.entries(openByElement(this.threads))) {
      const shape = registry.get(id) || registry.find(e => e.type === 'bpmn:Participant' &&
        e.businessObject.processRef && e.businessObject.processRef.id === id);
      if (!shape || shape.type === 'label') continue;
      const bubble = el('button', {
        type: 'button', className: 'ppb-komentar-badge', dataset: { element: id },
        title: `${list.length} komentar terbuka: ${list.map(t => t.teks).join(' | ').slice(0, 300)}`,
        'aria-label': `${list.length} komentar terbuka pada elemen ${id}`, text: String(list.length)
      });
      bubble.addEventListener('click', event => {
        event.stopPropagation();
        this.mark(id);
        this.selectElement(id);
      });
      overlays.add(shape, OVERLAY, { position: bubblePosition(shape), scale: { min: 1 }, html: bubble });
      drawn += 1;
    }
    this.box.dataset.bubbles = String(drawn);
    return drawn;
  }
}

/** The bubble sits on the top-left corner (a flow: at its first waypoint), away from the
 * findings' badges at the top-right corner. */
function bubblePosition(shape) {
  if (shape.waypoints && shape.waypoints.length) {
    const xs = shape.waypoints.map(p => p.x);
    const ys = shape.waypoints.map(p => p.y);
    return { left: shape.waypoints[0].x - Math.min(...xs) + 14, top: shape.waypoints[0].y - Math.min(...ys) };
  }
  return { top: 0, left: 0 };
}
