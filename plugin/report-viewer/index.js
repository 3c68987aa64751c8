/**
 * Entry of the HTML report's viewer (bundled into the report by esbuild).
 *
 * The page is rendered by the Python side (Jinja2): the findings list is plain
 * HTML, and the data needed here (each file's XML and findings) sits in
 * <script type="application/json" id="ppb-data">. This script draws each
 * diagram with bpmn-js, marks the elements that have findings, and ties the
 * list and the diagram together. It runs from file:// and makes no request.
 */
import './viewer.css';

import { FileView } from './file-view.js';
import { Filters } from './filters.js';

function readData() {
  const node = document.getElementById('ppb-data');
  return node ? JSON.parse(node.textContent) : { files: [] };
}

function start() {
  const data = readData();
  const views = new Map();

  for (const file of data.files) {
    const section = document.querySelector(`section.file[data-file="${file.index}"]`);
    if (section) {
      views.set(file.index, new FileView(file, section));
    }
  }

  const filters = new Filters(document, (visible) => {
    for (const view of views.values()) {
      view.applyFilter(visible);
    }
  });

  // draw a diagram when it comes near the screen: a report of many files stays quick
  const lazy = 'IntersectionObserver' in window && new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        lazy.unobserve(entry.target);
        views.get(Number(entry.target.dataset.file))?.load();
      }
    }
  }, { rootMargin: '400px 0px' });

  const drawable = [ ...views.values() ].filter((view) => view.canDraw);
  for (const view of drawable) {
    if (lazy) {
      lazy.observe(view.section);
    }
  }

  // then the rest, one by one in the background, so that printing shows every diagram
  const drawRest = async () => {
    for (const view of drawable) {
      await view.load();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  setTimeout(drawRest, lazy ? 300 : 0);

  // paper is another size than the screen: fit each diagram to it, and back
  const refit = () => views.forEach((view) => view.refit());
  window.addEventListener('beforeprint', refit);
  window.addEventListener('afterprint', refit);

  document.addEventListener('click', (event) => {
    const item = event.target.closest('li.finding');
    if (item && !event.target.closest('a')) {
      views.get(Number(item.dataset.file))?.focusFinding(item);
    }
  });
  document.addEventListener('keydown', (event) => {
    const item = event.target.closest?.('li.finding');
    // a link inside a finding (its rule page) opens as links do
    if (item && !event.target.closest('a') && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      views.get(Number(item.dataset.file))?.focusFinding(item);
    }
  });

  document.documentElement.classList.add('js');
  filters.apply();
  focusFindings();

  // a small API for the browser tests and for anyone scripting the page
  window.ppbReport = {
    load: (index) => views.get(index)?.load() ?? Promise.resolve(null),
    loadAll: () => Promise.all([ ...views.values() ].map((view) => view.load())),
    view: (index) => views.get(index)
  };
}

/**
 * Keyboard: the findings are what a report is for. Once the page is loaded, focus moves
 * to the list that holds the first finding (as a form's error summary takes focus after a
 * submission), so the first Tab lands on that finding instead of going through the menu,
 * the downloads, the filters and the diagram's buttons. The page does not scroll, and the
 * reading order is the document's. Nothing moves when the reader came to a fragment
 * (#berkas-2) or has already focused something; the skip links stay first in the document.
 */
function focusFindings() {
  const active = document.activeElement;
  if (window.location.hash || (active && active !== document.body && active !== document.documentElement)) {
    return;
  }
  const first = [ ...document.querySelectorAll('#temuan li.finding') ].find((li) => !li.hidden);
  const list = first && first.closest('ol, ul');
  if (!list) {
    return;
  }
  if (!list.hasAttribute('tabindex')) {
    list.tabIndex = -1;
  }
  if (!list.hasAttribute('aria-label') && !list.hasAttribute('aria-labelledby')) {
    list.setAttribute('aria-label', 'Daftar temuan');
  }
  list.classList.add('focus-start');
  list.focus({ preventScroll: true });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
