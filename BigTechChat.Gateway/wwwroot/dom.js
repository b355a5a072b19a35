// Builds elements from data without ever parsing user text as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

export const byId = (id) => document.getElementById(id);

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

export function formatTime(iso) {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

const drawn = new WeakMap();

/**
 * Redraws a list only when its data changed: a poll that replaced identical rows could swallow a click whose
 * mousedown and mouseup land on different elements.
 */
export function drawIfChanged(list, data, draw) {
  const key = JSON.stringify(data);
  if (drawn.get(list) === key) return;
  drawn.set(list, key);
  draw();
}
