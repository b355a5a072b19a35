// Tells the person what went wrong (or right) in words; nothing fails silently.
import { byId } from '../dom.js';

let hideTimer;

export function showError(error) {
  show(error?.message || String(error), 'error');
}

export function showInfo(text) {
  show(text, 'info');
  hideTimer = setTimeout(hide, 4000);
}

function show(text, kind) {
  clearTimeout(hideTimer);
  const notice = byId('notice');
  byId('notice-text').textContent = text;
  notice.dataset.kind = kind;
  notice.hidden = false;
}

export function hide() {
  byId('notice').hidden = true;
}

/** The app-wide connection line: background refreshes report here instead of interrupting. */
export function setConnection(text) {
  byId('connection').textContent = text;
}

byId('notice-close').addEventListener('click', hide);
