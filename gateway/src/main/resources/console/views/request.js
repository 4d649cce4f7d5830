// One access request as an officer decides it: the requester, what approving adds and their
// recent refusals; approve, reject, promote to a role-wide draft, or revoke a grant.
import { api } from '../api.js';
import { currentUser } from '../auth.js';
import { badge, h, when } from '../dom.js';
import { flash, guarded, refresh, show } from '../page.js';
import { grantState, human } from './request-format.js';

export async function requestView(id) {
  const r = await api('GET', `/admin/access-requests/${id}`);
  const comment = h('input', { placeholder: 'Comment (a rejection says why)', size: 50, 'data-testid': 'comment' });
  const step = (name, label, kind = '') => h('button', {
    class: kind, 'data-testid': `request-${name}`,
    onclick: () => guarded(async () => {
      await api('POST', `/admin/access-requests/${id}/${name}`, comment.value ? { comment: comment.value } : undefined);
      await refresh();
      flash(`${label}: done.`, 'info');
    }),
  }, label);
  const own = r.requester.username === currentUser().name;
  const actions = [];
  if (r.status === 'pending' && !own) actions.push(step('approve', 'Approve as a personal grant', 'primary'), step('reject', 'Reject', 'danger'), step('promote', 'Promote to a role-wide draft'));
  if (r.status === 'pending' && own) actions.push(h('span', { class: 'muted' }, 'Your own request: another security officer decides it.'));
  if (r.grant_state === 'in-force') actions.push(step('revoke', 'Revoke', 'danger'));
  const who = r.requester;
  show(h('h1', {}, `Request by ${who.username}`, grantState(r)),
    h('section', { class: 'card' },
      h('table', { 'data-testid': 'request-detail' }, h('tbody', {},
        [['Requester', `${who.username} (${who.roles.join(', ')}; ${who.department || 'no department'}, ${who.region || 'no region'})`],
          ['Fields', r.fields.join(', ')], ['Purpose', r.purpose], ['Customer', r.customer || 'any'], ['Duration', human(r.duration)],
          ['Justification', r.justification], ['Filed', when(r.created_at)], ['Pending until', when(r.pending_until)],
          ['Decided', r.decided_by ? `${r.decided_by}, ${when(r.decided_at)}${r.decision_comment ? `: ${r.decision_comment}` : ''}` : ''],
          ['Grant until', when(r.grant_expires_at)], ['Draft', r.promoted_version ? h('a', { href: `#/versions/${r.promoted_version}` }, `version ${r.promoted_version}`) : '']]
          .map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
      h('div', { class: 'row' }, actions.length ? [comment, ...actions] : h('span', { class: 'muted' }, 'No step for you here.'))),
    h('section', { class: 'card' }, h('h2', {}, `What approving adds (${r.simulation.customer})`),
      r.simulation.changes.length === 0 ? h('p', { class: 'muted' }, 'Nothing: the requester sees all of it already, or the fields are above their clearance.') :
        h('table', { 'data-testid': 'request-simulation' }, h('thead', {}, h('tr', {}, ['Source', 'Field', 'Now', 'Approved'].map((t) => h('th', {}, t)))),
          h('tbody', {}, r.simulation.changes.map((c) => h('tr', { class: `change-${c.change}` }, h('td', {}, c.source), h('td', {}, c.field), h('td', {}, c.now), h('td', {}, c.approved)))))),
    h('section', { class: 'card' }, h('h2', {}, 'Recent refusals of these fields'),
      r.recent_refusals.length === 0 ? h('p', { class: 'muted' }, 'None in the audit trail.') :
        h('table', { 'data-testid': 'request-refusals' }, h('thead', {}, h('tr', {}, ['Time', 'Action', 'Purpose', 'Decision', 'Withheld'].map((t) => h('th', {}, t)))),
          h('tbody', {}, r.recent_refusals.map((e) => h('tr', {}, h('td', {}, when(e.time)), h('td', {}, e.action), h('td', {}, e.purpose || ''),
            h('td', {}, badge(e.decision)), h('td', {}, e.fields.join(', ') || e.reason || '')))))));
}
