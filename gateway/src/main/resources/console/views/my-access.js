// "My access", for every signed-in user: ask for access to fields, and follow one's own
// requests and grants.
import { api } from '../api.js';
import { h, list, when } from '../dom.js';
import { flash, guarded, refresh, show } from '../page.js';
import { grantState, human } from './request-format.js';

const DURATIONS = [['PT8H', '8 hours'], ['P1D', '1 day'], ['P7D', '7 days'], ['P30D', '30 days']];

export async function myAccessView() {
  const mine = await api('GET', '/api/v1/access-requests');
  const fields = h('input', { size: 60, placeholder: 'crm:sales.deals[].amount, crm:sales.notes (or a whole source: crm)', 'data-testid': 'request-fields' });
  const purpose = h('input', { placeholder: 'purpose, e.g. support-case', 'data-testid': 'request-purpose' });
  const duration = h('select', { 'data-testid': 'request-duration' }, DURATIONS.map(([value, label]) => h('option', { value }, label)));
  const customer = h('input', { placeholder: 'one customer only (crm:ACC-000042), optional', size: 40, 'data-testid': 'request-customer' });
  const justification = h('textarea', { rows: 3, cols: 80, placeholder: 'Why you need it (required)', 'data-testid': 'request-justification' });
  const file = () => guarded(async () => {
    const body = { fields: list(fields.value), purpose: purpose.value.trim(), duration: duration.value, justification: justification.value };
    if (customer.value.trim()) body.customer = customer.value.trim();
    const filed = await api('POST', '/api/v1/access-requests', body);
    await refresh();
    flash(`Request ${filed.id} filed: a security officer decides it.`, 'info');
  });
  show(h('h1', {}, 'My access'),
    h('section', { class: 'card' },
      h('h2', {}, 'Ask for access'),
      h('p', { class: 'muted' }, 'An answer that withholds or masks fields names them in _meta.access_request; paste them here. Security officers decide; a grant runs from its approval for the duration asked.'),
      h('div', { class: 'row' }, fields), h('div', { class: 'row' }, purpose, duration, customer),
      h('div', { class: 'row' }, justification),
      h('div', { class: 'row' }, h('button', { class: 'primary', 'data-testid': 'request-file', onclick: file }, 'File request'))),
    h('section', { class: 'card' },
      h('h2', {}, 'My requests and grants'),
      mine.items.length === 0 ? h('p', { class: 'muted' }, 'None yet.') :
        h('table', { 'data-testid': 'my-requests' },
          h('thead', {}, h('tr', {}, ['Filed', 'Fields', 'Purpose', 'Customer', 'Duration', 'State', 'Decided by', 'Until', 'Comment'].map((t) => h('th', {}, t)))),
          h('tbody', {}, mine.items.map((r) => h('tr', { 'data-request': r.id },
            h('td', {}, when(r.created_at)), h('td', {}, r.fields.join(', ')), h('td', {}, r.purpose), h('td', {}, r.customer || 'any'),
            h('td', {}, human(r.duration)), h('td', { 'data-testid': 'state' }, grantState(r)), h('td', {}, r.decided_by || ''),
            h('td', {}, when(r.grant_expires_at || (r.status === 'pending' ? r.pending_until : ''))), h('td', {}, r.decision_comment || '')))))));
}
