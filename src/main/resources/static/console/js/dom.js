// Builds DOM nodes from data with textContent only: nothing the API returns is ever
// parsed as HTML (the Content Security Policy also requires Trusted Types for any HTML sink).

/** An element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

export function byId(id) {
  return document.getElementById(id);
}

const integers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function count(value) {
  return integers.format(value ?? 0);
}

/** "1 entry", "2 entries": a count with its noun. */
export function counted(value, one, many) {
  return `${count(value)} ${value === 1 ? one : many}`;
}

export function percent(rate) {
  return `${(100 * (rate ?? 0)).toFixed(1)} %`;
}

export function money(amount, currency) {
  const value = Number(amount ?? 0);
  const digits = value !== 0 && Math.abs(value) < 1 ? 4 : 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits,
    maximumFractionDigits: digits }).format(value);
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** Turns a form's busy button off while an action runs. */
export async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}
