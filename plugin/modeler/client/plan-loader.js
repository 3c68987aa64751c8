/**
 * Loads the plan (sasaran, OPD units) for the properties panel when the server settings
 * change. Settings fire on every keystroke, so a load waits until the user has stopped
 * typing (`delay`, 500 ms), a newer change aborts the older request (AbortController),
 * a URL that is still being typed ("http://", "http://127.0") is not requested at all, and
 * a warning is shown only for a complete URL whose request fails and is still current.
 */

import * as api from './api.js';
import { getState, notify, update } from './store.js';

export const DELAY = 500;

/** True for an http(s) URL with a plausible host: 'localhost', a dotted name or address, or [IPv6]. */
export function isCompleteUrl(value) {
  const text = String(value || '').trim();
  const match = /^https?:\/\/([^\s/?#]+)/i.exec(text);
  if (!match) return false;
  try {
    new URL(text);
  } catch (err) {
    return false;
  }
  // the host as typed: URL() would turn a half-typed '127.0' into 127.0.0.0
  const authority = match[1].replace(/^.*@/, '');
  if (authority.startsWith('[')) return /^\[[0-9a-f:.]+\](:\d+)?$/i.test(authority);
  const host = authority.replace(/:\d*$/, '').toLowerCase();
  if (!host || host.endsWith('.') || host.startsWith('.')) return false;
  if (host === 'localhost') return true;
  if (/^[\d.]+$/.test(host)) return /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  return host.includes('.');
}

/**
 * @param {object} [options]
 * @param {number} [options.delay]      debounce in ms
 * @param {Function} [options.fetchFn]  fetch (tests)
 * @param {object} [options.timers]     { setTimeout, clearTimeout } (tests)
 * @returns {{ schedule: Function, now: Function, cancel: Function }}
 */
export function createPlanLoader({ delay = DELAY, fetchFn, timers = globalThis } = {}) {
  let timer = null;
  let waiting = null;       // resolves the promise of a scheduled load that is cancelled
  let controller = null;

  function cancel() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (waiting) waiting(null);
    waiting = null;
    if (controller) controller.abort();
    controller = null;
  }

  async function now() {
    cancel();
    const { settings } = getState();
    const url = String(settings.serverUrl || '').trim();
    if (!url || !isCompleteUrl(url)) {
      update({ plan: null });
      return null;
    }
    const mine = new AbortController();
    controller = mine;
    try {
      const plan = await api.plan(settings, fetchFn, mine.signal);
      if (controller !== mine) return null;
      controller = null;
      update({ plan });
      return plan;
    } catch (err) {
      if (controller !== mine) return null;    // a newer change took over: stay quiet
      controller = null;
      update({ plan: null });
      if (err.status !== 404) notify('Rencana tidak dapat dimuat', err.message, 'warning');
      return null;
    }
  }

  function schedule() {
    cancel();
    return new Promise(resolve => {
      waiting = resolve;
      timer = timers.setTimeout(() => {
        timer = null;
        waiting = null;
        resolve(now());
      }, delay);
    });
  }

  return { schedule, now, cancel };
}
