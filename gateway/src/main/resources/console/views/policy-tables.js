// Read-only tables of a policy document, shared by a version's page and the draft editor:
// roles × sources × levels (who sees what), and where records' attributes come from.
import { h } from '../dom.js';

const level = (name) => h('span', { class: `level-${name}` }, name);

function lower(policy, a, b) {
  return policy.levels.indexOf(a) <= policy.levels.indexOf(b) ? a : b;
}

export function matrix(policy) {
  const roles = Object.keys(policy.roles).sort();
  const sources = Object.keys(policy.sources);
  return h('table', { class: 'matrix', 'data-testid': 'matrix' },
    h('thead', {}, h('tr', {}, h('th', {}, 'role \\ source'), sources.map((s) => h('th', {}, `${s} (${policy.sources[s].department})`)))),
    h('tbody', {}, roles.map((role) => {
      const r = policy.roles[role];
      return h('tr', {}, h('th', {}, role, h('div', { class: 'muted' }, 'clearance ', level(r.clearance))),
        sources.map((source) => {
          if (policy.sources[source].department === r.department) {
            return h('td', { class: 'own' }, 'own data ≤ ', level(r.clearance));
          }
          const grants = policy.grants.filter((g) => g.roles.includes(role) && g.source === source);
          if (!grants.length) return h('td', { class: 'muted' }, '—');
          return h('td', {}, grants.map((g) => h('div', {}, `${g.effect} ≤ `, level(lower(policy, g.max_level, r.clearance)),
            h('span', { class: 'muted' }, ` · ${g.purposes.join(', ')}${g.fields ? ` · ${g.fields.length} field${g.fields.length === 1 ? '' : 's'}` : ''}${g.requires_consent ? ' · consent' : ''}`))));
        }));
    })));
}

// Per source, where a record's region and sensitivity come from, in order; what nothing
// establishes is decided at the most restrictive value.
export function attributeSources(policy) {
  const origin = (from) => (from === 'record' ? 'the record' : `linked ${from} records`);
  const fallback = { region: 'in no region', sensitivity: 'restricted' };
  return h('table', { 'data-testid': 'attribute-sources' },
    h('thead', {}, h('tr', {}, ['Source', 'Attribute', 'From, in order', 'Otherwise'].map((t) => h('th', {}, t)))),
    h('tbody', {}, Object.entries(policy.sources).flatMap(([name, source]) => ['region', 'sensitivity'].map((attribute) => {
      const declared = (source.attributes || {})[attribute] || {};
      return h('tr', { 'data-source': name, 'data-attribute': attribute },
        h('td', {}, name), h('td', {}, attribute),
        h('td', {}, (declared.from || ['record']).map(origin).join(' → ')),
        h('td', {}, declared.default !== undefined ? `default: ${declared.default}`
          : h('span', { class: 'muted' }, `unknown: ${fallback[attribute]}`)));
    }))));
}
