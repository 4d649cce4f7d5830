// The audit trail, searched by customer, subject, purpose and decision, fifty entries a page.
import { api } from '../api.js';
import { badge, h, when } from '../dom.js';
import { guarded, show } from '../page.js';

export async function auditView() {
  const filters = Object.fromEntries(['customer', 'subject', 'purpose'].map((name) => [name, h('input', { placeholder: name, 'data-testid': `audit-${name}` })]));
  const decision = h('select', {}, ['', 'allow', 'deny', 'none'].map((d) => h('option', { value: d }, d || 'any decision')));
  const rows = h('tbody');
  const more = h('button', { hidden: true }, 'More');
  let cursor;
  const load = (reset) => guarded(async () => {
    const query = new URLSearchParams({ limit: 50 });
    for (const [name, input] of Object.entries(filters)) if (input.value.trim()) query.set(name, input.value.trim());
    if (decision.value) query.set('decision', decision.value);
    if (!reset && cursor) query.set('cursor', cursor);
    const page = await api('GET', `/admin/audit?${query}`);
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map((e) => h('tr', {},
      h('td', {}, when(e.time)), h('td', {}, e.subject), h('td', {}, e.action), h('td', {}, e.purpose || ''),
      h('td', {}, badge(e.decision)), h('td', {}, e.reason || ''), h('td', {}, e.policy_version || ''),
      h('td', {}, (e.records || []).join(' ')), h('td', {}, e.status))));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  });
  more.addEventListener('click', () => load(false));
  show(h('h1', {}, 'Audit trail'),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, Object.values(filters), decision, h('button', { class: 'primary', onclick: () => load(true) }, 'Search')),
      h('table', { 'data-testid': 'audit' }, h('thead', {}, h('tr', {}, ['Time', 'Subject', 'Action', 'Purpose', 'Decision', 'Reason', 'Policy', 'Records', 'Status'].map((t) => h('th', {}, t)))), rows),
      more));
  load(true);
}
