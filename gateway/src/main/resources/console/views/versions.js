// The list of policy versions, and a new draft from the version in force.
import { api } from '../api.js';
import { badge, h, when } from '../dom.js';
import { guarded, show } from '../page.js';

export async function versionsView() {
  const versions = await api('GET', '/admin/policies');
  const rows = versions.items.map((v) => h('tr', { 'data-version': v.id },
    h('td', {}, v.id),
    h('td', {}, h('a', { href: `#/versions/${v.id}` }, v.version)),
    h('td', {}, badge(v.state), ' ', v.active ? badge('in force', 'active') : ''),
    h('td', {}, v.author),
    h('td', {}, when(v.updated_at)),
    h('td', {}, v.rolled_back_from ? `rollback of #${v.rolled_back_from}` : (v.based_on ? `#${v.based_on}` : ''))));
  const newDraft = () => guarded(async () => {
    const draft = await api('POST', `/admin/policies?from=${versions.active}`);
    location.hash = `#/versions/${draft.id}/edit`;
  });
  show(
    h('h1', {}, 'Policy versions',
      h('button', { class: 'primary', 'data-testid': 'new-draft', onclick: newDraft }, 'New draft from the version in force')),
    h('section', { class: 'card' }, h('table', { 'data-testid': 'versions' },
      h('thead', {}, h('tr', {}, ['#', 'Version', 'State', 'Author', 'Updated', 'Based on'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows))),
  );
}
