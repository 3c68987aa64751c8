/**
 * The web modeler's calls to its own server (REST API v1) with the signed-in session:
 * same origin, the session cookie, and the CSRF token of the page on every POST.
 * Every failure becomes an Error with an Indonesian message.
 */

export class ServerError extends Error {}

async function call(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...options });
  } catch (err) {
    throw new ServerError(`Server tidak dapat dihubungi (${err && err.message || err}).`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) {
    const msg = body && body.error && body.error.message;
    const error = new ServerError(msg || `Server menjawab ${response.status}.`);
    error.status = response.status;
    error.code = body && body.error && body.error.code;
    throw error;
  }
  if (body === null) throw new ServerError('Jawaban server bukan JSON.');
  return body;
}

/**
 * POST the diagram to /api/v1/validate. With `save` the server stores it as a new version
 * of `filename` for the OPD `opd` and answers with `submissions`.
 * Returns { file, body }: the one-file entry of the report, and the whole answer.
 */
export async function validate({ url, csrf, xml, filename, opd, save = false }) {
  const query = new URLSearchParams({ filename });
  if (save) {
    query.set('simpan', '1');
    if (opd) query.set('opd', opd);
  }
  const body = await call(`${url}?${query}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Accept': 'application/json',
      'X-CSRFToken': csrf
    },
    body: xml
  });
  const file = (body.files || [])[0];
  if (!file) throw new ServerError('Jawaban server tidak memuat hasil berkas.');
  if (file.status === 'error') {
    const err = file.error || {};
    throw new ServerError(err.message || 'Server tidak dapat membaca diagram ini.');
  }
  return { file, body };
}

/** The active plan (sasaran and OPD units), or null when the server has none yet. */
export async function plan(url) {
  try {
    return await call(url, { headers: { Accept: 'application/json' } });
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}

/** The stored XML of a submission (text). */
export async function diagram(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (err) {
    throw new ServerError(`Server tidak dapat dihubungi (${err && err.message || err}).`);
  }
  if (!response.ok) {
    throw new ServerError(response.status === 404
      ? 'Peta tidak ditemukan atau bukan milik OPD Anda.'
      : `Server menjawab ${response.status} saat memuat peta.`);
  }
  return response.text();
}
