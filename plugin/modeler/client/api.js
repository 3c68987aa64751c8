/**
 * Calls to the ppb-validator server (its REST API v1): validate a diagram, simulate it,
 * read the active plan. Every failure becomes an Error with an Indonesian message the
 * user can act on.
 */

export class ServerError extends Error {}

function base(settings) {
  const url = String(settings.serverUrl || '').trim().replace(/\/+$/, '');
  if (!url) {
    throw new ServerError('Alamat server validator belum diatur: buka Settings (Pengaturan) > Validator PPB.');
  }
  if (!/^https?:\/\//i.test(url)) {
    throw new ServerError(`Alamat server '${url}' harus diawali http:// atau https://.`);
  }
  return url;
}

function headers(settings, extra = {}) {
  const out = { Accept: 'application/json', ...extra };
  const token = String(settings.token || '').trim();
  if (token) out.Authorization = `Bearer ${token}`;
  return out;
}

async function call(settings, path, options = {}, fetchFn = globalThis.fetch) {
  const url = base(settings) + path;
  let response;
  try {
    response = await fetchFn(url, { ...options, headers: headers(settings, options.headers) });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ServerError(`Server ${base(settings)} tidak dapat dihubungi (${err && err.message || err}).`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) {
    const msg = body && body.error && (body.error.message || body.error.pesan);
    if (response.status === 401 || response.status === 403) {
      throw new ServerError(msg || 'Token API ditolak server; periksa token di Settings > Validator PPB.');
    }
    if (response.status === 404) {
      const err = new ServerError(msg || `Server tidak menyediakan ${path} (404).`);
      err.status = 404;
      throw err;
    }
    throw new ServerError(msg || `Server menjawab ${response.status} untuk ${path}.`);
  }
  if (body === null) throw new ServerError(`Jawaban server untuk ${path} bukan JSON.`);
  return body;
}

/** Findings of one diagram: [{ rule, severity, element, message, suppressed, ... }]. */
export async function validate(settings, xml, filename = 'peta.bpmn', fetchFn) {
  const query = new URLSearchParams({ filename });
  if (settings.profile) query.set('profile', settings.profile);
  const body = await call(settings, `/api/v1/validate?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: xml
  }, fetchFn);
  const file = (body.files || [])[0];
  if (!file) throw new ServerError('Jawaban server tidak memuat hasil berkas.');
  if (file.status === 'error') {
    const err = file.error || {};
    throw new ServerError(err.message || err.pesan || 'Server tidak dapat membaca diagram ini.');
  }
  return { findings: file.findings || [], summary: file.summary || {}, report: body };
}

/**
 * The heat map of a simulation: { panas: { <element id>: 0..1 }, keterangan: { <id>: text } }.
 * The server answers POST /api/v1/simulate with that shape.
 */
export async function simulate(settings, xml, filename = 'peta.bpmn', fetchFn) {
  const query = new URLSearchParams({ filename });
  return call(settings, `/api/v1/simulate?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: xml
  }, fetchFn);
}

/** The active plan: { sasaran: [{id, teks, indikator}], opd: [{singkatan, unit, ...}] }. */
export async function plan(settings, fetchFn, signal) {
  const options = { method: 'GET' };
  if (signal) options.signal = signal;
  return call(settings, '/api/v1/rencana', options, fetchFn);
}

/**
 * The stored map this diagram is (POST /api/v1/peta/cari with its XML): { kunci, judul,
 * uraian, peta: null | { kunci, judul, opd, versi: [...], submission, tahap, bolehKomentar },
 * komentar: [threads of the newest visible version], count }. A server without the endpoint
 * answers 404: an Error with status 404 and a message saying so.
 */
export async function findMap(settings, xml, filename = 'peta.bpmn', fetchFn) {
  const query = new URLSearchParams({ filename });
  try {
    return await call(settings, `/api/v1/peta/cari?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml; charset=utf-8' },
      body: xml
    }, fetchFn);
  } catch (err) {
    if (err.status === 404) {
      const old = new ServerError('Server ini belum menyediakan komentar tinjauan untuk plugin ' +
        '(POST /api/v1/peta/cari); perbarui server validator.');
      old.status = 404;
      throw old;
    }
    throw err;
  }
}

/** A comment on a stored version: { elemen: id | null, teks, balasan: id | null } -> the comment. */
export async function addComment(settings, submissionId, comment, fetchFn) {
  return call(settings, `/api/v1/submissions/${encodeURIComponent(submissionId)}/komentar`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ elemen: comment.elemen || null, teks: comment.teks, balasan: comment.balasan || null })
  }, fetchFn);
}
