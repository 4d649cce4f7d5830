// One policy version: its four-eyes steps (submit, approve or reject, publish, roll back),
// its history, who sees what, and for a version not in force, simulation and impact.
import { api } from '../api.js';
import { currentUser } from '../auth.js';
import { badge, h, save, when } from '../dom.js';
import { flash, guarded, refresh, show } from '../page.js';
import { impactPanel } from './impact.js';
import { attributeSources, matrix } from './policy-tables.js';
import { simulationPanel } from './simulation.js';

export async function versionView(id) {
  const version = await api('GET', `/admin/policies/${id}`);
  const mine = version.author === currentUser().name;
  const comment = h('input', { placeholder: 'Comment (why)', size: 50, 'data-testid': 'comment' });
  const step = (name, label, kind = '') => h('button', {
    class: kind, 'data-testid': `step-${name}`,
    onclick: () => guarded(async () => {
      await api('POST', `/admin/policies/${id}/${name}`, comment.value ? { comment: comment.value } : undefined);
      flash(`${label}: done.`, 'info');
      await refresh();
    }),
  }, label);
  const actions = [];
  if (version.state === 'draft' && mine) {
    actions.push(h('a', { class: 'button', href: `#/versions/${id}/edit`, 'data-testid': 'edit' }, 'Edit'), step('submit', 'Submit for review', 'primary'));
  }
  if (version.state === 'submitted' && !mine) actions.push(step('approve', 'Approve', 'primary'), step('reject', 'Reject', 'danger'));
  if (version.state === 'submitted' && mine) actions.push(h('span', { class: 'muted' }, 'Waiting for another security officer to approve or reject.'));
  if (version.state === 'approved') actions.push(step('publish', 'Publish', 'primary'));
  if (version.state === 'published' && !version.active) actions.push(step('rollback', 'Roll back to this version', 'danger'));
  show(
    h('h1', {}, `Version ${version.version}`, badge(version.state), version.active ? badge('in force', 'active') : ''),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, actions.length ? [comment, ...actions] : h('span', { class: 'muted' }, 'No step for you here.'),
        h('a', { class: 'button', href: `/admin/policies/${id}/document?format=json`, onclick: exportAs(id, 'json') }, 'Export JSON'),
        h('a', { class: 'button', href: `/admin/policies/${id}/document?format=yaml`, onclick: exportAs(id, 'yaml') }, 'Export YAML')),
      h('h2', {}, 'History'),
      h('table', { 'data-testid': 'history' }, h('tbody', {}, version.history.map((t) => h('tr', {},
        h('td', {}, when(t.at)), h('td', {}, t.actor), h('td', {}, t.from ? `${t.from} → ${t.to}` : t.to), h('td', {}, t.comment || '')))))),
    h('section', { class: 'card' }, h('h2', {}, 'Who sees what'), matrix(version.document)),
    h('section', { class: 'card' }, h('h2', {}, 'Where customer attributes come from'), attributeSources(version.document)),
    version.active ? '' : simulationPanel(version),
    version.active ? '' : impactPanel(version),
  );
}

// The export links need the token, which a plain link would not send.
function exportAs(id, format) {
  return (event) => {
    event.preventDefault();
    guarded(async () => {
      const text = await api('GET', `/admin/policies/${id}/document?format=${format}`);
      save(new Blob([typeof text === 'string' ? text : JSON.stringify(text, null, 2)]), `policy-${id}.${format}`);
    });
  };
}
