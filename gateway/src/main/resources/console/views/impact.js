// Impact of a version: the decision table's cases that change, and the last audited
// disclosures replayed under it.
import { api } from '../api.js';
import { h } from '../dom.js';
import { guarded } from '../page.js';

export function impactPanel(version) {
  const result = h('div', { 'data-testid': 'impact' });
  const replay = h('input', { type: 'number', value: 1000, min: 0, style: 'width: 7em' });
  const run = () => guarded(async () => {
    const impact = await api('GET', `/admin/policies/${version.id}/impact?replay=${replay.value}`);
    const audited = impact.audited_decisions;
    result.replaceChildren(
      h('h2', {}, `Decision table: ${impact.decision_table.changed} of ${impact.decision_table.cases} cases change`),
      h('table', {}, h('tbody', {}, impact.decision_table.changed_cases.map((c) => h('tr', {},
        h('td', {}, c.file), h('td', {}, c.name),
        h('td', {}, `${c.decisions.active.reason} → ${c.decisions.draft.reason}`),
        h('td', {}, c.fields.map((f) => h('div', { class: `change-${f.change}` }, `${f.source} ${f.field}: ${f.active} → ${f.draft}`))))))),
      h('h2', {}, `The last ${audited.replayed} audited disclosures, replayed`),
      h('div', { class: 'counts' }, [['unchanged', audited.unchanged], ['more disclosed', audited.more_disclosed],
        ['less disclosed', audited.less_disclosed], ['mixed', audited.mixed]].map(([k, v]) => h('div', {}, h('strong', {}, v), k))),
      h('table', {}, h('tbody', {}, Object.entries(audited.fields).map(([field, counts]) => h('tr', {},
        h('td', {}, field), h('td', {}, Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')))))));
  });
  return h('section', { class: 'card' }, h('h2', {}, 'Impact'),
    h('div', { class: 'row' }, 'Replay the last', replay, 'audited disclosures',
      h('button', { class: 'primary', 'data-testid': 'impact-run', onclick: run }, 'Show impact')),
    result);
}
