/**
 * The filters above the report: severity, "show suppressed" and rule group.
 * Hiding is done on the server-rendered list items; empty groups are hidden too,
 * and the callback lets each diagram redraw its markers from what is left.
 */
export class Filters {

  constructor(root, onChange) {
    this.root = root;
    this.onChange = onChange;
    this.form = root.querySelector('form.filters');
    this.counter = root.querySelector('#filter-count');
    if (this.form) {
      this.form.hidden = false;
      this.form.addEventListener('change', () => this.apply());
      this.form.addEventListener('submit', (event) => event.preventDefault());
      this.form.addEventListener('reset', () => setTimeout(() => this.apply()));
    }
  }

  apply() {
    const severities = this._checked('severity');
    const groups = this._checked('group');
    const showSuppressed = !!this.root.querySelector('input[data-filter="suppressed"]:checked');
    const items = [ ...this.root.querySelectorAll('li.finding') ];
    let shown = 0;

    for (const item of items) {
      const visible = severities.has(item.dataset.severity) && groups.has(item.dataset.group) &&
        (item.dataset.suppressed !== 'true' || showSuppressed);
      item.hidden = !visible;
      shown += visible ? 1 : 0;
    }

    // hide a group or severity heading with nothing left under it
    for (const block of this.root.querySelectorAll('.findings-group, .findings-severity, .map-findings')) {
      block.hidden = !block.querySelector('li.finding:not([hidden])');
    }
    for (const list of this.root.querySelectorAll('.findings')) {
      const total = list.querySelectorAll('li.finding').length;
      const visible = list.querySelectorAll('li.finding:not([hidden])').length;
      const empty = list.querySelector('.filtered-out');
      if (empty) {
        empty.hidden = !(total && !visible);
      }
    }
    if (this.counter) {
      this.counter.textContent = `Menampilkan ${shown} dari ${items.length} temuan.`;
    }
    this.onChange();
  }

  _checked(name) {
    const boxes = this.root.querySelectorAll(`input[data-filter="${name}"]`);
    return new Set([ ...boxes ].filter((box) => box.checked).map((box) => box.value));
  }
}
