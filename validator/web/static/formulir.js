/* Indonesian messages for the browser's own form checks (required fields, numbers out of
 * range, too long...), instead of the browser's language ("Please fill out this field.").
 * Loaded on every page; the server checks everything again and answers in Indonesian. */
(function () {
  'use strict';

  function message(field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === 'file') { return 'Pilih berkas terlebih dahulu.'; }
      if (field.tagName === 'SELECT') { return 'Pilih salah satu pilihan.'; }
      if (field.type === 'checkbox' || field.type === 'radio') { return 'Pilihan ini wajib dipilih.'; }
      return 'Bagian ini wajib diisi.';
    }
    if (v.badInput || v.typeMismatch) {
      if (field.type === 'number') { return 'Isi dengan angka.'; }
      if (field.type === 'email') { return 'Isi dengan alamat surel yang sah.'; }
      return 'Isian ini tidak sesuai formatnya.';
    }
    if (v.rangeUnderflow) { return 'Nilai paling kecil ' + field.min + '.'; }
    if (v.rangeOverflow) { return 'Nilai paling besar ' + field.max + '.'; }
    if (v.stepMismatch) { return 'Isi dengan bilangan bulat.'; }
    if (v.tooShort) { return 'Isian paling sedikit ' + field.minLength + ' karakter.'; }
    if (v.tooLong) { return 'Isian paling banyak ' + field.maxLength + ' karakter.'; }
    if (v.patternMismatch) { return field.title || 'Isian ini tidak sesuai formatnya.'; }
    return '';
  }

  document.addEventListener('invalid', function (event) {
    var field = event.target;
    if (!field || !field.setCustomValidity) { return; }
    field.setCustomValidity('');
    if (!field.validity.valid) { field.setCustomValidity(message(field)); }
  }, true);

  function reset(event) {
    var field = event.target;
    if (field && field.setCustomValidity) { field.setCustomValidity(''); }
  }
  document.addEventListener('input', reset, true);
  document.addEventListener('change', reset, true);
}());
