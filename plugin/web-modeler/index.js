/**
 * The server's web modeler (page /modeler/<id> and /modeler/baru, built by esbuild into
 * validator/web/static/modeler/). The page carries no inline script: what this code needs
 * sits in data-* attributes of #modeler and the CSRF token in <meta name="csrf-token">.
 *
 * - bpmn-js Modeler with the ppb moddle descriptor (without it our attributes would be
 *   dropped on save) and the properties panel with the "Peta Proses Bisnis" groups of the
 *   Camunda Modeler plugin (plugin/modeler/client/properties);
 * - live lint: bpmn-js-bpmnlint with bpmnlint's recommended rules and our offline rules;
 * - "Validasi": POST /api/v1/validate with the session, markers and a findings list;
 * - "Simpan": the same with simpan=1, a new version of the submission's file for its OPD.
 * A map without diagram interchange (BPMNDI) is laid out automatically on import
 * (auto-layout.js), said so on the page, and saved with that layout by Simpan.
 * A file with several BPMNDiagram gets a switcher above the canvas ("Diagram: ..."): the
 * file as edited so far is written out and imported again on the chosen diagram, so no edit
 * is lost; a finding or a live-lint issue about an element drawn on another diagram opens
 * that diagram. Simpan stores the whole file, every diagram.
 * The "Komentar" panel beside the findings (comments.js) lists the review comments of the
 * stored version shown (and of its map's earlier versions) with speech bubbles on their
 * elements; after Simpan it follows the new version.
 */
import './modeler.css';

import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';

import { descriptor } from '../modeler/client/properties/fields.js';
import ppbModule from '../modeler/client/bpmn-js/index.js';
import { update as updateStore } from '../modeler/client/store.js';

import { withLayout, TEXTS as LAYOUT_TEXTS } from './auto-layout.js';
import { CommentsPanel } from './comments.js';
import { listDiagrams } from './diagrams.js';
import { lintConfig } from './lint.js';
import translateModule from './translate.js';
import * as server from './server.js';

const SEVERITY_LABEL = { error: 'Kesalahan', warning: 'Peringatan', info: 'Info' };
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

function $(selector, root = document) {
  return root.querySelector(selector);
}

export class WebModeler {
  constructor(root) {
    this.root = root;
    const data = root.dataset;
    this.urls = {
      xml: data.xmlUrl || '',
      validate: data.validateUrl,
      plan: data.planUrl,
      report: data.reportUrl || '/laporan/',
      modeler: data.modelerUrl || '/modeler/'
    };
    this.csrf = ($('meta[name="csrf-token"]') || {}).content || '';
    this.opd = data.opd || '';
    this.submission = data.submission ? Number(data.submission) : null;
    this.status = $('#modeler-status', root);
    this.findingsBox = $('#modeler-temuan', root);
    this.modeler = new Modeler({
      container: $('#modeler-canvas', root),
      propertiesPanel: { parent: $('#modeler-properti', root) },
      linting: { bpmnlint: lintConfig(), active: true },
      additionalModules: [
        BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, lintModule, ppbModule, translateModule
      ],
      // a copy: moddle rewrites the descriptor it registers ('kode' -> 'ppb:kode'), and the
      // properties provider reads the original (fields.js) for its field names
      moddleExtensions: { ppb: JSON.parse(JSON.stringify(descriptor)) }
    });
    this.findings = [];
    this.busy = false;
    const commentsBox = $('#modeler-komentar', root);
    this.comments = commentsBox && data.commentsUrl ? new CommentsPanel({
      box: commentsBox, modeler: this.modeler, csrf: this.csrf,
      listUrl: id => data.commentsUrl.replace('/0/', `/${id}/`),
      resolveUrl: id => data.resolveUrl.replace('/0/', `/${id}/`),
      select: id => this.select(id)
    }) : null;
    this.diagrams = [];          // [{id, name, element, ids}] of the file (diagrams.js)
    this.diagramId = null;       // the one on the canvas
    this.switching = false;
    this.switcher = $('#modeler-diagram', root);
    const choice = $('#modeler-diagram-pilih', root);
    if (choice) {
      choice.addEventListener('change', () => this.showDiagram(choice.value));
    }
    $('#modeler-validasi', root).addEventListener('click', () => this.validate());
    $('#modeler-simpan', root).addEventListener('click', () => this.save());
    root.addEventListener('click', event => {
      const item = event.target.closest('[data-element]');
      if (item && this.findingsBox.contains(item)) {
        this.select(item.dataset.element);
        return;
      }
      // live lint lists an issue of an element the canvas does not show by its id
      const hint = event.target.closest('.bjsl-id-hint code');
      if (hint && $('#modeler-canvas', root).contains(hint)) {
        event.stopPropagation();
        this.select(hint.textContent.trim());
      }
    });
    root.addEventListener('keydown', event => {
      const item = event.target.closest('[data-element]');
      if (item && this.findingsBox.contains(item) && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        this.select(item.dataset.element);
      }
    });
    this.modeler.on('commandStack.changed', () => {
      if (this.switching) return;   // importing the same file on another diagram
      this.dirty = true;
      root.dataset.changed = 'true';
    });
  }

  fileName() {
    const input = $('#modeler-berkas', this.root);
    let name = (input && input.value || '').trim() || 'peta-baru.bpmn';
    if (!/\.bpmn$/i.test(name)) name += '.bpmn';
    return name;
  }

  chosenOpd() {
    const select = $('#modeler-opd', this.root);
    return (select && select.value) || this.opd;
  }

  say(text, kind = 'info') {
    this.status.textContent = text;
    this.status.className = `modeler-status status-${kind}`;
  }

  async start() {
    try {
      if (this.urls.xml) {
        this.say('Memuat peta…');
        const { xml, laidOut, diagram } = await withLayout(this.modeler.get('moddle'),
          await server.diagram(this.urls.xml));
        let imported;
        try {
          imported = { ...await this.modeler.importXML(xml, diagram), diagramId: diagram };
        } catch (err) {
          // the fullest diagram cannot be drawn (e.g. a plane on the definitions): the first
          if (!diagram) throw err;
          imported = { ...await this.modeler.importXML(xml), diagramId: undefined };
        }
        if (!imported.diagramId) {
          const first = (this.modeler.getDefinitions().diagrams || [])[0];
          imported.diagramId = first && first.id;
        }
        const { warnings } = imported;
        this.diagramId = imported.diagramId;
        this.listDiagrams();
        if (laidOut) {
          // the layout is not in the stored file yet: Simpan stores it as a new version
          this.dirty = true;
          this.root.dataset.changed = 'true';
          this.root.dataset.layout = 'auto';
          this.say(LAYOUT_TEXTS.loaded, 'warning');
          // a notice that stays when the status line moves on (Validasi, Simpan), above
          // the canvas and its panel
          const notice = document.createElement('p');
          notice.id = 'modeler-tata-letak';
          notice.className = 'modeler-status status-warning';
          notice.textContent = LAYOUT_TEXTS.notice;
          const canvas = $('#modeler-canvas', this.root);
          (canvas.parentElement && canvas.parentElement !== this.root ? canvas.parentElement : canvas)
            .before(notice);
        } else this.say(warnings.length
          ? `Peta dimuat dengan ${warnings.length} catatan impor (lihat konsol peramban).`
          : 'Peta dimuat. Pilih elemen untuk mengisi atribut Peta Proses Bisnis di panel kanan.',
        warnings.length ? 'warning' : 'info');
      } else {
        await this.modeler.createDiagram();
        this.say('Diagram baru. Gambar peta, lalu tekan Validasi atau Simpan.');
      }
      this.modeler.get('canvas').zoom('fit-viewport');
      this.root.dataset.ready = 'true';
      if (this.comments && this.submission) this.comments.load(this.submission);
    } catch (err) {
      this.say(`Peta tidak dapat dibuka: ${err.message}`, 'error');
      this.root.dataset.ready = 'error';
      // nothing was imported: there is no map to validate or save
      for (const id of [ '#modeler-validasi', '#modeler-simpan' ]) {
        const button = $(id, this.root);
        if (button) button.disabled = true;
      }
      return;
    }
    try {
      const plan = await server.plan(this.urls.plan);
      if (plan) updateStore({ plan });
    } catch (err) {
      console.warn('[ppb] rencana tidak dimuat', err);
    }
  }

  async _send(save) {
    if (this.busy) return null;
    this.busy = true;
    this.root.dataset.busy = 'true';
    try {
      const { xml } = await this.modeler.saveXML({ format: true });
      return await server.validate({
        url: this.urls.validate, csrf: this.csrf, xml, filename: this.fileName(),
        opd: this.chosenOpd(), save
      });
    } finally {
      this.busy = false;
      delete this.root.dataset.busy;
    }
  }

  async validate() {
    this.say('Memeriksa peta di server…');
    try {
      const { file } = await this._send(false) || {};
      if (!file) return null;
      this.show(file);
      const s = file.summary || {};
      this.say(`Validasi selesai: ${s.error || 0} kesalahan, ${s.warning || 0} peringatan, ` +
        `${s.info || 0} info.`, s.error ? 'warning' : 'ok');
      this.root.dataset.validated = String(Date.now());
      return file;
    } catch (err) {
      this.say(`Validasi gagal: ${err.message}`, 'error');
      return null;
    }
  }

  async save() {
    if (!this.chosenOpd()) {
      this.say('Pilih OPD pemilik peta terlebih dahulu.', 'error');
      return null;
    }
    this.say('Menyimpan versi baru…');
    try {
      const { file, body } = await this._send(true) || {};
      if (!body) return null;
      this.show(file);
      const sub = (body.submissions || [])[0];
      if (!sub) throw new server.ServerError('Server tidak mengembalikan unggahan yang tersimpan.');
      this.submission = sub.id;
      this.root.dataset.submission = String(sub.id);
      this.root.dataset.saved = String(sub.id);
      this.dirty = false;
      if (this.comments) this.comments.load(sub.id);   // the new version shows them as well
      const link = document.createElement('a');
      link.href = `${this.urls.report}${sub.id}`;
      link.textContent = 'lihat laporannya';
      link.id = 'modeler-laporan-baru';
      this.status.replaceChildren(
        document.createTextNode(`Tersimpan sebagai ${sub.filename} versi ${sub.version} — `), link, '.');
      this.status.className = 'modeler-status status-ok';
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', `${this.urls.modeler}${sub.id}`);
      }
      return sub;
    } catch (err) {
      this.say(`Penyimpanan gagal: ${err.message}`, 'error');
      return null;
    }
  }

  /** Markers on the canvas and the list below it, for one file of a report. */
  show(file) {
    const findings = (file.findings || []).filter(f => !f.suppressed);
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    this.findings = findings;
    this.modeler.get('ppbValidation').show(findings);
    const box = this.findingsBox;
    box.replaceChildren();
    const head = document.createElement('h2');
    head.textContent = findings.length ? `Temuan validasi (${findings.length})` : 'Tidak ada temuan.';
    box.append(head);
    if (!findings.length) return;
    const list = document.createElement('ol');
    list.className = 'modeler-temuan-list';
    for (const f of findings) {
      const item = document.createElement('li');
      item.className = `temuan sev-${f.severity}`;
      if (f.element) {
        item.dataset.element = f.element;
        item.tabIndex = 0;
        item.title = `Klik untuk memilih elemen ${f.element}`;
      }
      const tag = document.createElement('span');
      tag.className = `sev-tag sev-${f.severity}`;
      tag.textContent = SEVERITY_LABEL[f.severity] || f.severity;
      const rule = document.createElement('code');
      rule.textContent = f.rule;
      const msg = document.createElement('span');
      msg.className = 'temuan-pesan';
      msg.textContent = f.message;
      item.append(tag, ' ', rule, ' ', msg);
      if (f.element) {
        const where = document.createElement('span');
        where.className = 'temuan-elemen';
        where.textContent = ` (${f.elementName ? `${f.elementName}, ` : ''}${f.element})`;
        item.append(where);
      }
      list.append(item);
    }
    box.append(list);
  }

  /** The diagrams of the file; a switcher above the canvas when there are several. */
  listDiagrams() {
    this.diagrams = listDiagrams(this.modeler.getDefinitions());
    const select = $('#modeler-diagram-pilih', this.root);
    if (!this.switcher || !select) return;
    this.switcher.hidden = this.diagrams.length < 2;
    select.replaceChildren(...this.diagrams.map((d) => {
      const option = document.createElement('option');
      option.value = d.id;
      option.textContent = `${d.name} (${d.ids.size} elemen)`;
      return option;
    }));
    select.value = this.diagramId || '';
    this.root.dataset.diagram = this.diagramId || '';
  }

  /**
   * Show another diagram of the file: the file as edited so far is written out and
   * imported again on that diagram (edits stay; the undo history starts anew). Resolves
   * to true when it is on the canvas.
   */
  async showDiagram(id) {
    const entry = this.diagrams.find((d) => d.id === id);
    if (id === this.diagramId) return true;
    if (!entry || this.switching) return false;
    const previous = this.diagramId;
    this.switching = true;
    let shown = false;
    try {
      const { xml } = await this.modeler.saveXML();
      try {
        await this.modeler.importXML(xml, id);
        this.diagramId = id;
        shown = true;
      } catch (err) {
        await this.modeler.importXML(xml, previous);
        this.say(`Diagram ${entry.name} tidak dapat digambar (${err.message}).`, 'error');
      }
    } catch (err) {
      this.say(`Diagram tidak dapat diganti: ${err.message}`, 'error');
    } finally {
      this.switching = false;
    }
    this.listDiagrams();
    this.modeler.get('canvas').zoom('fit-viewport');
    if (this.findings.length) this.modeler.get('ppbValidation').show(this.findings);
    if (shown) this.say(`Menampilkan diagram ${entry.name}.`);
    return shown;
  }

  /**
   * Select an element of a finding or live-lint issue: on this diagram, else on the
   * diagram of the file that draws it (opened first); a process by its pool.
   */
  async select(id) {
    const validation = this.modeler.get('ppbValidation');
    const registry = this.modeler.get('elementRegistry');
    if (registry.get(id)) return validation.select(id);
    const current = this.diagrams.find((d) => d.id === this.diagramId);
    const other = !(current && current.ids.has(id)) &&
      this.diagrams.find((d) => d.id !== this.diagramId && d.ids.has(id));
    if (other && await this.showDiagram(other.id)) {
      if (this.modeler.get('elementRegistry').get(id)) return validation.select(id);
    }
    const pool = this.modeler.get('elementRegistry').find((e) => e.type === 'bpmn:Participant' &&
      e.businessObject.processRef && e.businessObject.processRef.id === id);
    if (pool) return validation.select(pool.id);
    this.say(`Elemen ${id} tidak tergambar pada diagram mana pun di berkas ini.`, 'warning');
    return false;
  }
}

function boot() {
  const root = document.getElementById('modeler');
  if (!root) return;
  const app = new WebModeler(root);
  window.ppbModeler = app;
  app.start();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', boot);
} else {
  boot();
}
