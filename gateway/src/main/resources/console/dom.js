// Element helpers: the console builds its pages from plain DOM elements, with no framework.

/** An element with attributes (on* ones become listeners) and children (falsy ones skipped). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'value') element.value = value;
    else if (key === 'checked') element.checked = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export const badge = (text, kind = text) => h('span', { class: `badge ${kind}`, 'data-testid': `badge-${kind}` }, text);
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
/** The items of a comma-separated input. */
export const list = (text) => text.split(',').map((item) => item.trim()).filter(Boolean);

/** Hands a downloaded file to the browser, as a click on a link to it would. */
export function save(blob, filename) {
  h('a', { href: URL.createObjectURL(blob), download: filename }).click();
}
