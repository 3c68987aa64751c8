/* The upload page: drop a .bpmn or .zip on the drop zone, or pick one; no request of its own. */
(function () {
  'use strict';
  var zone = document.getElementById('dropzone');
  var input = document.getElementById('berkas');
  var shown = document.getElementById('dropzone-file');
  if (!zone || !input) { return; }
  var ALLOWED = /\.(bpmn|bpmn2|xml|zip)$/i;

  function describe() {
    var file = input.files && input.files[0];
    if (!file) { shown.textContent = ''; zone.classList.remove('has-file'); return; }
    var size = file.size >= 1048576 ? (file.size / 1048576).toFixed(1).replace('.', ',') + ' MB'
      : Math.max(1, Math.round(file.size / 1024)) + ' KB';
    shown.textContent = 'Berkas terpilih: ' + file.name + ' (' + size + ')' +
      (ALLOWED.test(file.name) ? '' : ' — jenis berkas ini tidak didukung; pilih .bpmn atau .zip');
    zone.classList.add('has-file');
  }

  zone.classList.add('is-enhanced');
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add('is-over');
    });
  });
  ['dragleave', 'dragend'].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove('is-over'); });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    zone.classList.remove('is-over');
    var files = event.dataTransfer && event.dataTransfer.files;
    if (files && files.length) {
      input.files = files;
      describe();
    }
  });
  input.addEventListener('change', describe);
  var form = input.form;
  if (form) {
    form.addEventListener('submit', function () {
      var button = document.getElementById('kirim');
      if (button) { button.disabled = true; button.textContent = 'Memeriksa…'; }
    });
  }
  describe();
}());
