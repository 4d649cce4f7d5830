// The draft editor: each role's clearance and region scoping and the grants in a form, or
// the whole document as raw JSON; the matrix follows every change. Validation and saving
// are the server's, which names each mistake at its JSON pointer.
import { api } from '../api.js';
import { badge, h, list } from '../dom.js';
import { guarded, show } from '../page.js';
import { matrix } from './policy-tables.js';

export async function editView(id) {
  const version = await api('GET', `/admin/policies/${id}`);
  if (version.state !== 'draft') {
    location.hash = `#/versions/${id}`;
    return;
  }
  let policy = version.document;
  const messages = h('div', { 'data-testid': 'messages' });
  const raw = h('textarea', { class: 'raw', 'data-testid': 'raw', spellcheck: 'false' });
  const matrixBox = h('div');
  const rolesBox = h('div');
  const grantsBox = h('div');

  const changed = () => {
    raw.value = JSON.stringify(policy, null, 2);
    matrixBox.replaceChildren(matrix(policy));
  };
  const select = (options, value, onchange, testid) => h('select', { onchange: (e) => { onchange(e.target.value); changed(); }, 'data-testid': testid },
    options.map((o) => h('option', { value: o, selected: o === value }, o)));

  const renderRoles = () => rolesBox.replaceChildren(h('table', {},
    h('thead', {}, h('tr', {}, ['Role', 'Department', 'Clearance', 'Default purpose', 'Region-scoped'].map((t) => h('th', {}, t)))),
    h('tbody', {}, Object.entries(policy.roles).map(([name, role]) => h('tr', {},
      h('td', {}, name), h('td', {}, role.department),
      h('td', {}, select(policy.levels, role.clearance, (v) => { role.clearance = v; }, `clearance-${name}`)),
      h('td', {}, role.default_purpose || ''),
      h('td', {}, h('input', { type: 'checkbox', checked: !!role.region_scoped, onchange: (e) => { role.region_scoped = e.target.checked; changed(); } })))))));

  const renderGrants = () => grantsBox.replaceChildren(h('table', { 'data-testid': 'grants' },
    h('thead', {}, h('tr', {}, ['Grant', 'Roles', 'Source', 'Purposes', 'Up to', 'Effect', 'Fields (empty: all)', 'Consent', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, policy.grants.map((grant, index) => h('tr', { 'data-grant': grant.id },
      h('td', {}, h('input', { value: grant.id, size: 22, onchange: (e) => { grant.id = e.target.value; changed(); } })),
      h('td', {}, h('input', { value: grant.roles.join(', '), size: 16, onchange: (e) => { grant.roles = list(e.target.value); changed(); } })),
      h('td', {}, select(Object.keys(policy.sources), grant.source, (v) => { grant.source = v; })),
      h('td', {}, h('input', { value: grant.purposes.join(', '), size: 18, onchange: (e) => { grant.purposes = list(e.target.value); changed(); } })),
      h('td', {}, select(policy.levels, grant.max_level, (v) => { grant.max_level = v; })),
      h('td', {}, select(['allow', 'mask'], grant.effect, (v) => { grant.effect = v; }, `effect-${grant.id}`)),
      h('td', {}, h('input', { value: (grant.fields || []).join(', '), size: 24, onchange: (e) => {
        const fields = list(e.target.value);
        if (fields.length) grant.fields = fields; else delete grant.fields;
        changed();
      } })),
      h('td', {}, h('input', { type: 'checkbox', checked: !!grant.requires_consent, onchange: (e) => {
        if (e.target.checked) grant.requires_consent = true; else delete grant.requires_consent;
        changed();
      } })),
      h('td', {}, h('button', { class: 'danger', onclick: () => { policy.grants.splice(index, 1); renderGrants(); changed(); } }, 'Remove')))))),
  h('div', { class: 'row' }, h('button', { onclick: () => {
    policy.grants.push({ id: `grant-${policy.grants.length + 1}`, description: '', roles: [], source: Object.keys(policy.sources)[0],
      purposes: [], max_level: policy.levels[0], effect: 'mask' });
    renderGrants();
    changed();
  } }, 'Add grant')));

  const applyRaw = () => {
    try {
      policy = JSON.parse(raw.value);
      renderRoles();
      renderGrants();
      matrixBox.replaceChildren(matrix(policy));
      return true;
    } catch (error) {
      messages.replaceChildren(h('p', { class: 'errors' }, `Not JSON: ${error.message}`));
      return false;
    }
  };
  const structured = h('div', {}, h('h2', {}, 'Roles'), rolesBox, h('h2', {}, 'Grants'), grantsBox);
  const rawPane = h('div', { hidden: true }, raw, h('div', { class: 'row' }, h('button', { onclick: applyRaw }, 'Apply to the form')));
  const tab = (label, pane, other) => h('button', { 'data-testid': `tab-${label.toLowerCase()}`, onclick: (e) => {
    if (pane === structured && !applyRaw()) return;
    pane.hidden = false; other.hidden = true;
    for (const b of e.target.parentElement.children) b.classList.toggle('current', b === e.target);
  } }, label);

  const save = async () => {
    if (!rawPane.hidden && !applyRaw()) return false;
    try {
      const saved = await api('PUT', `/admin/policies/${id}`, policy);
      policy = saved.document;
      changed();
      messages.replaceChildren(h('p', { class: 'ok', 'data-testid': 'saved' }, `Saved as ${saved.version}.`));
      return true;
    } catch (error) {
      messages.replaceChildren(h('p', { class: 'errors' }, error.message), errorList(error.problem));
      return false;
    }
  };
  const validate = async () => {
    if (!rawPane.hidden && !applyRaw()) return;
    try {
      await api('POST', '/admin/policies/validate', policy);
      messages.replaceChildren(h('p', { class: 'ok', 'data-testid': 'valid' }, 'Valid.'));
    } catch (error) {
      messages.replaceChildren(h('p', { class: 'errors' }, error.message), errorList(error.problem));
    }
  };

  renderRoles();
  renderGrants();
  changed();
  show(
    h('h1', {}, `Editing draft ${version.version}`, badge('draft')),
    h('section', { class: 'card' },
      h('div', { class: 'row' },
        h('button', { 'data-testid': 'validate', onclick: () => guarded(validate) }, 'Validate'),
        h('button', { class: 'primary', 'data-testid': 'save', onclick: () => guarded(save) }, 'Save draft'),
        h('button', { 'data-testid': 'save-submit', onclick: () => guarded(async () => {
          if (await save()) {
            await api('POST', `/admin/policies/${id}/submit`);
            location.hash = `#/versions/${id}`;
          }
        }) }, 'Save and submit for review'),
        h('a', { href: `#/versions/${id}` }, 'Back')),
      messages),
    h('section', { class: 'card' }, h('h2', {}, 'Who sees what'), matrixBox),
    h('section', { class: 'card' }, h('div', { class: 'tabs' }, tab('Form', structured, rawPane), tab('Raw', rawPane, structured)), structured, rawPane),
  );
  structured.previousElementSibling.firstElementChild.classList.add('current');
}

function errorList(problem) {
  const errors = (problem && problem.errors) || [];
  return h('ul', { class: 'errors', 'data-testid': 'errors' },
    errors.map((error) => h('li', {}, h('code', {}, error.pointer || '/'), ' ', error.message)));
}
