// Insights: the request funnel, the sharing matrix per day or week, unmet demand and unused
// grants (with a button that drafts the narrower grant), each part with its CSV.
import { api, download } from '../api.js';
import { badge, h, save, when } from '../dom.js';
import { guarded, refresh, show } from '../page.js';

// An ISO 8601 duration (PT26H3M, PT12.5S) roughly, for people.
function span(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
  if (!m) return iso || '–';
  const [hours, minutes, seconds] = [Number(m[1] || 0), Number(m[2] || 0), Number(m[3] || 0)];
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  if (hours) return `${hours} h ${minutes} min`;
  return minutes ? `${minutes} min` : `${Math.round(seconds)} s`;
}

export async function insightsView() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const grain = params.get('grain') || 'week';
  const from = h('input', { type: 'date', value: params.get('from') || '', 'data-testid': 'insights-from' });
  const to = h('input', { type: 'date', value: params.get('to') || '', 'data-testid': 'insights-to' });
  const by = h('select', { 'data-testid': 'insights-grain' }, ['day', 'week'].map((g) => h('option', { value: g, selected: g === grain }, `per ${g}`)));
  const query = new URLSearchParams({ grain });
  if (params.get('from')) query.set('from', params.get('from'));
  if (params.get('to')) query.set('to', params.get('to'));
  const page = await api('GET', `/admin/insights?${query}`);
  const apply = () => { location.hash = `#/insights?${new URLSearchParams({ grain: by.value, ...(from.value ? { from: from.value } : {}), ...(to.value ? { to: to.value } : {}) })}`; };
  const csv = (part) => h('a', { class: 'button', href: `/admin/insights/${part}.csv?${query}`, onclick: downloadCsv(part, query) }, 'CSV');
  const table = (testid, head, rows) => (rows.length === 0 ? h('p', { class: 'muted' }, 'Nothing in this period.')
    : h('table', { 'data-testid': testid }, h('thead', {}, h('tr', {}, head.map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
  const f = page.funnel;
  show(h('h1', {}, 'Insights'),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, from, to, by, h('button', { class: 'primary', onclick: apply }, 'Show'),
        h('button', { 'data-testid': 'insights-refresh', onclick: () => guarded(async () => { await api('POST', '/admin/insights/refresh'); await refresh(); }) }, 'Roll up now'),
        h('span', { class: 'muted' }, `${page.from} to ${page.to}; rolled up ${when(page.rolled_up_at)}`))),
    h('section', { class: 'card' }, h('h2', {}, 'Request funnel ', csv('funnel')),
      h('div', { class: 'counts', 'data-testid': 'funnel' },
        [['requested', f.requested], ['pending', f.pending], ['approved', f.approved], ['rejected', f.rejected], ['promoted', f.promoted], ['expired', f.expired],
          ['median time to decision', span(f.median_time_to_decision)]]
          .map(([label, value]) => h('div', {}, h('strong', {}, value), label)))),
    h('section', { class: 'card' }, h('h2', {}, 'Sharing matrix: requesting department × source department ', csv('sharing')),
      table('sharing', [page.grain === 'week' ? 'Week of' : 'Day', 'Requesting', 'Source', 'Answers', 'Disclosed', 'Masked', 'Withheld'],
        page.sharing.map((r) => h('tr', { class: r.requester_department === r.source_department ? 'own' : '' },
          h('td', {}, r.period), h('td', {}, r.requester_department), h('td', {}, r.source_department), h('td', {}, r.disclosures),
          h('td', {}, r.disclosed), h('td', {}, r.masked), h('td', {}, r.withheld))))),
    h('section', { class: 'card' }, h('h2', {}, 'Unmet demand: withheld or refused, by role, field and purpose ', csv('unmet-demand')),
      table('unmet-demand', ['#', 'Role', 'Purpose', 'Source', 'Field', 'Withheld', 'Refused whole', 'Requests'],
        page.unmet_demand.slice(0, 50).map((r) => h('tr', {}, h('td', {}, r.rank), h('td', {}, r.role), h('td', {}, r.purpose), h('td', {}, r.source),
          h('td', {}, r.field), h('td', {}, r.withheld), h('td', {}, r.denied),
          h('td', {}, r.requests.map((led) => h('span', {}, badge(led.status), ' '))))))),
    h('section', { class: 'card' }, h('h2', {}, `Unused grants: fields nobody was shown in ${page.unused_after_days} days `, csv('unused-grants')),
      h('p', { class: 'muted' }, 'Least-privilege recommendations. A draft without them goes through four eyes like any change.'),
      table('unused-grants', ['Grant', 'Kind', 'Holders', 'Source', 'Purposes', 'Unused fields', ''],
        page.unused_grants.map((r) => h('tr', {}, h('td', {}, r.kind === 'personal' ? h('a', { href: `#/requests/${r.grant}` }, r.grant) : r.grant),
          h('td', {}, r.kind), h('td', {}, r.holders.join(', ')), h('td', {}, r.source), h('td', {}, r.purposes.join(', ')),
          h('td', {}, r.unused.join(', ')),
          h('td', {}, r.kind === 'role-wide' ? h('button', { 'data-testid': `narrow-${r.grant}`, onclick: () => guarded(async () => {
            const draft = await api('POST', `/admin/insights/unused-grants/${encodeURIComponent(r.grant)}/draft`);
            location.hash = `#/versions/${draft.id}`;
          }) }, 'Draft without them') : ''))))));
}

// The CSV links need the token, which a plain link would not send.
function downloadCsv(part, query) {
  return (event) => {
    event.preventDefault();
    guarded(async () => save(await download(`/admin/insights/${part}.csv?${query}`), `insights-${part}.csv`));
  };
}
