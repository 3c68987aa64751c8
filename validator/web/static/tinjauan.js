/*
 * The review box of the report page (templates/_tinjauan.html), tied to the report's diagram
 * viewer (window.ppbReport of the viewer bundle) without changing the bundle:
 * - the comment threads move beside the findings of the first file;
 * - a click on a diagram element picks it in the comment form's element field;
 * - open threads pinned to an element present in this version get a speech-bubble marker on
 *   the diagram (an overlay of their own type, so the findings' badges stay as they are);
 *   a click on it shows the thread; a thread's element button shows the element.
 */
(function () {
  'use strict';

  var OVERLAY = 'ppb-komentar';
  var panel = document.getElementById('komentar');
  if (!panel) {
    return;
  }
  var select = document.getElementById('komentar-elemen');

  function say(text) {
    var status = document.querySelector('section.file[data-file="0"] .diagram-status');
    if (status) {
      status.textContent = text;
    }
  }

  function threads() {
    return Array.prototype.slice.call(panel.querySelectorAll('article.komentar-utas'));
  }

  function markCurrent(article) {
    threads().forEach(function (a) { a.classList.remove('is-current'); });
    if (article) {
      article.classList.add('is-current');
      article.scrollIntoView({ block: 'nearest' });
    }
  }

  function pick(elementId) {
    if (!select) {
      return false;
    }
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === elementId; });
    select.value = known ? elementId : '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return known;
  }

  function moveBesideFindings() {
    var findings = document.querySelector('section.file[data-file="0"] .findings');
    if (findings && findings.closest('.file-body:not(.no-diagram)')) {
      findings.insertBefore(panel, findings.firstChild);
      panel.classList.add('is-beside');
    }
  }

  function bubble(view, elementId, items) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'ppb-komentar-badge';
    button.textContent = String(items.length);
    button.dataset.element = elementId;
    button.title = items.length + ' komentar terbuka pada elemen ini';
    button.setAttribute('aria-label', items.length + ' komentar terbuka pada elemen ' + elementId);
    button.addEventListener('click', function (event) {
      event.stopPropagation();
      markCurrent(items[0]);
      pick(elementId);
    });
    return button;
  }

  function position(shape) {
    if (shape.waypoints && shape.waypoints.length) {
      var xs = shape.waypoints.map(function (p) { return p.x; });
      var ys = shape.waypoints.map(function (p) { return p.y; });
      var first = shape.waypoints[0];
      return { left: first.x - Math.min.apply(null, xs) + 14, top: first.y - Math.min.apply(null, ys) };
    }
    return { top: 0, left: 0 };
  }

  function drawMarkers(view) {
    var overlays = view.viewer.get('overlays');
    overlays.remove({ type: OVERLAY });
    var byElement = {};
    threads().forEach(function (article) {
      if (article.dataset.open === 'true' && article.dataset.present === 'true' && article.dataset.element) {
        (byElement[article.dataset.element] = byElement[article.dataset.element] || []).push(article);
      }
    });
    Object.keys(byElement).forEach(function (id) {
      var shape = view.shapeFor(id);
      if (shape) {
        // never drawn smaller than its own size: readable on a whole diagram zoomed out
        overlays.add(shape, OVERLAY, { position: position(shape), scale: { min: 1 },
          html: bubble(view, id, byElement[id]) });
      }
    });
  }

  function show(view, elementId) {
    var shape = view.shapeFor(elementId);
    if (!shape) {
      say('Elemen ' + elementId + ' tidak tergambar pada diagram yang tampil.');
      return;
    }
    view.viewer.get('canvas').scrollToElement(shape, { top: 80, bottom: 80, left: 80, right: 80 });
    view.viewer.get('selection').select(shape);
    say('Elemen ' + elementId + ' dipilih pada diagram.');
  }

  function wire(view) {
    if (!view || !view.viewer) {
      return;
    }
    var bus = view.viewer.get('eventBus');
    bus.on('element.click', function (event) {
      var shape = event.element && (event.element.labelTarget || event.element);
      if (!shape || !shape.parent) {
        return;   // the canvas itself: nothing to pin to
      }
      var id = shape.businessObject && shape.businessObject.id || shape.id;
      if (pick(id)) {
        say('Elemen ' + id + ' dipilih untuk komentar baru.');
      }
      var open = threads().filter(function (a) {
        return a.dataset.element === id && a.dataset.present === 'true';
      });
      if (open.length) {
        markCurrent(open[0]);
      }
    });
    bus.on('import.render.complete', function () { setTimeout(function () { drawMarkers(view); }, 0); });
    drawMarkers(view);
    panel.addEventListener('click', function (event) {
      var button = event.target.closest('button.komentar-elemen');
      if (button) {
        markCurrent(button.closest('article.komentar-utas'));
        pick(button.dataset.element);
        show(view, button.dataset.element);
      }
    });
  }

  function start() {
    moveBesideFindings();
    if (location.hash && location.hash.indexOf('#komentar-') === 0) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) {
        markCurrent(target.closest('article.komentar-utas') || target);
      }
    }
    var report = window.ppbReport;
    if (!report) {
      return;
    }
    report.load(0).then(function (result) {
      if (result && result.ok) {
        wire(report.view(0));
      }
      panel.dataset.ready = 'true';
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    // the viewer's script runs after this one (both deferred): wait for it
    window.addEventListener('load', start);
  }
}());
