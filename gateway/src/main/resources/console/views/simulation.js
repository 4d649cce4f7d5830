// Simulation: what a subject would see of a customer under a version, beside the version in
// force. Decisions only, never a value.
import { api } from '../api.js';
import { h, list } from '../dom.js';
import { guarded } from '../page.js';

export function simulationPanel(version) {
  const result = h('div', { 'data-testid': 'simulation' });
  const subject = h('select', { 'data-testid': 'sim-subject' });
  const roles = h('input', { placeholder: 'roles, comma-separated', hidden: true });
  const department = h('input', { placeholder: 'department', size: 12, hidden: true });
  const region = h('input', { placeholder: 'region', size: 8, hidden: true });
  const customer = h('input', { placeholder: 'customer: crm:ACC-000001, email:…, phone:+…', size: 40, 'data-testid': 'sim-customer' });
  const purpose = h('select', { 'data-testid': 'sim-purpose' }, h('option', { value: '' }, "the role's default purpose"),
    Object.keys(version.document.purposes).map((p) => h('option', { value: p }, p)));
  const onlyChanges = h('input', { type: 'checkbox', checked: true });
  api('GET', '/admin/policies/subjects').then((subjects) => {
    subject.replaceChildren(...Object.keys(subjects).map((name) => h('option', { value: name }, name)), h('option', { value: '' }, 'other…'));
  });
  subject.addEventListener('change', () => { for (const input of [roles, department, region]) input.hidden = subject.value !== ''; });
  let last;
  const render = () => {
    if (!last) return;
    const rows = last.fields.filter((f) => !onlyChanges.checked || f.change !== 'same');
    result.replaceChildren(
      h('p', {}, `Under the version in force: ${last.decisions.active.allow ? 'allowed' : 'refused'} (${last.decisions.active.reason}); `,
        `under ${last.version.version}: ${last.decisions.draft.allow ? 'allowed' : 'refused'} (${last.decisions.draft.reason}). `,
        `Purpose ${last.purpose}; customer in ${last.customer.region || 'no region'}${last.customer.restricted ? ', restricted' : ''}.`),
      h('div', { class: 'counts' }, ['more', 'less', 'different', 'same'].map((k) => h('div', { 'data-testid': `sim-${k}` }, h('strong', {}, last.summary[k]), k))),
      h('table', {}, h('thead', {}, h('tr', {}, ['Source', 'Field', 'In force', 'This version', 'Change'].map((t) => h('th', {}, t)))),
        h('tbody', {}, rows.map((f) => h('tr', { class: `change-${f.change}` },
          h('td', {}, f.source), h('td', {}, f.field), h('td', {}, f.active), h('td', {}, f.draft), h('td', {}, f.change))))));
  };
  onlyChanges.addEventListener('change', render);
  const run = () => guarded(async () => {
    const who = subject.value ? { user: subject.value } : { roles: list(roles.value), department: department.value, region: region.value };
    last = await api('POST', `/admin/policies/${version.id}/simulate`, { subject: who, customer: customer.value.trim(), purpose: purpose.value || undefined });
    render();
  });
  return h('section', { class: 'card' }, h('h2', {}, 'Simulate'),
    h('p', { class: 'muted' }, 'What a subject would see of a customer under this version, beside the version in force. Decisions only: no value is shown.'),
    h('div', { class: 'row' }, subject, roles, department, region, customer, purpose,
      h('button', { class: 'primary', 'data-testid': 'sim-run', onclick: run }, 'Simulate'),
      h('label', {}, onlyChanges, ' changes only')),
    result);
}
