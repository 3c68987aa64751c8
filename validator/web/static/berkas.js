/* File inputs drawn as an Indonesian button ("Pilih berkas…") and a file-name line instead
 * of the browser's own (English) "Choose File / No file chosen". The input itself stays in
 * the page, focusable and labelled; this only keeps the name line up to date.
 *   <input type="file" class="file-input" aria-describedby="ID" [data-nama="ID"]>
 *   <span id="ID" data-kosong="Belum ada berkas dipilih.">
 * With data-nama this script writes the chosen file's name; without it (the upload page,
 * whose own script describes the file) it only puts back the "nothing chosen" text. */
(function () {
  'use strict';
  var inputs = document.querySelectorAll('input[type="file"].file-input');
  Array.prototype.forEach.call(inputs, function (input) {
    var id = input.getAttribute('data-nama') || input.getAttribute('aria-describedby');
    var line = id && document.getElementById(id);
    if (!line) { return; }
    var owner = input.hasAttribute('data-nama');
    function update() {
      var file = input.files && input.files[0];
      if (owner) {
        line.textContent = file ? 'Berkas terpilih: ' + file.name : (line.getAttribute('data-kosong') || '');
      } else if (!file && !line.textContent) {
        line.textContent = line.getAttribute('data-kosong') || '';
      }
    }
    input.addEventListener('change', update);
    update();
  });
}());
