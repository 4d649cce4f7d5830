// The officers' queue: access requests waiting for a decision, and the personal grants given.
import { api } from '../api.js';
import { h, when } from '../dom.js';
import { show } from '../page.js';
import { grantState, human } from './request-format.js';

export async function requestsView() {
  const pending = await api('GET', '/admin/access-requests?status=pending');
  const granted = await api('GET', '/admin/access-requests?status=approved');
  const rows = (items) => items.map((r) => h('tr', { 'data-request': r.id },
    h('td', {}, when(r.created_at)), h('td', {}, h('a', { href: `#/requests/${r.id}` }, r.requester.username)),
    h('td', {}, r.requester.roles.join(', ')), h('td', {}, r.fields.join(', ')), h('td', {}, r.purpose),
    h('td', {}, human(r.duration)), h('td', {}, grantState(r))));
  const head = h('thead', {}, h('tr', {}, ['Filed', 'Requester', 'Roles', 'Fields', 'Purpose', 'Duration', 'State'].map((t) => h('th', {}, t))));
  show(h('h1', {}, 'Access requests'),
    h('section', { class: 'card' }, h('h2', {}, `Waiting for a decision (${pending.approvals_required} approval${pending.approvals_required > 1 ? 's' : ''} each)`),
      pending.items.length === 0 ? h('p', { class: 'muted' }, 'Nothing waiting.') : h('table', { 'data-testid': 'queue' }, head, h('tbody', {}, rows(pending.items)))),
    h('section', { class: 'card' }, h('h2', {}, 'Personal grants'),
      granted.items.length === 0 ? h('p', { class: 'muted' }, 'None.') : h('table', { 'data-testid': 'grants' }, head.cloneNode(true), h('tbody', {}, rows(granted.items)))));
}
