/* The job page: poll the job's API address until it ends, updating the progress bar;
   then reload once, so the server shows the results table. No other request. */
(function () {
  'use strict';
  var box = document.getElementById('pekerjaan');
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute('data-api');
  var bar = document.getElementById('pekerjaan-progress');
  var pct = document.getElementById('pekerjaan-persen');
  var status = document.getElementById('pekerjaan-status');
  var message = document.getElementById('pekerjaan-pesan');
  var delay = 1000;
  var failures = 0;

  function show(job) {
    var p = Math.max(0, Math.min(100, job.progress | 0));
    bar.value = p;
    bar.textContent = p + '%';
    pct.textContent = p + '%';
    status.textContent = job.statusText || job.status;
    status.className = 'status-' + job.status;
    if (job.message) { message.textContent = job.message; }
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (resp) {
        if (!resp.ok) { throw new Error('HTTP ' + resp.status); }
        return resp.json();
      })
      .then(function (job) {
        failures = 0;
        show(job);
        if (job.status !== 'antri' && job.status !== 'berjalan') {   // selesai, gagal, dibatalkan
          window.location.reload();
          return;
        }
        delay = Math.min(delay + 250, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        failures += 1;
        if (failures >= 10) {
          message.textContent = 'Status pekerjaan tidak dapat dimuat; muat ulang halaman ini nanti.';
          return;
        }
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
}());
