// The console. For every signed-in user: "My access", their access requests and grants
// (/api/v1/access-requests). For security officers besides: versions, drafts, review,
// simulation, impact, the queue of access requests, insights and the audit trail, over
// /admin/**. Signs in with Keycloak (authorization code with PKCE); the access token lives
// in this tab's session storage only.

const app = document.getElementById('app');
const flashBox = document.getElementById('flash');
let config;
let tokens;
let me;
let officer = false;

// ---------------------------------------------------------------- sign-in (OIDC, PKCE)

const redirectUri = () => `${location.origin}/console/`;
const endpoint = (path) => `${config.issuer}/protocol/openid-connect/${path}`;
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));

async function signIn() {
  const verifier = random(32);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = random(16);
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state, hash: location.hash }));
  location.assign(`${endpoint('auth')}?${new URLSearchParams({
    client_id: config.clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri(),
    code_challenge: challenge, code_challenge_method: 'S256', state,
  })}`);
}

async function tokenRequest(form) {
  const response = await fetch(endpoint('token'), { method: 'POST', body: new URLSearchParams(form) });
  if (!response.ok) throw new Error(`Keycloak refused the sign-in (${response.status})`);
  const body = await response.json();
  body.expires_at = Date.now() + body.expires_in * 1000;
  sessionStorage.setItem('tokens', JSON.stringify(body));
  return body;
}

/** Completes a sign-in if Keycloak just sent us back with a code. */
async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code')) return;
  const saved = JSON.parse(sessionStorage.getItem('pkce') || '{}');
  sessionStorage.removeItem('pkce');
  history.replaceState(null, '', redirectUri() + (saved.hash || ''));
  if (params.get('state') !== saved.state) throw new Error('The sign-in answer does not match the request.');
  tokens = await tokenRequest({
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
    client_id: config.clientId, code_verifier: saved.verifier,
  });
}

async function accessToken() {
  if (tokens && tokens.expires_at - Date.now() < 30_000 && tokens.refresh_token) {
    tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: config.clientId })
      .catch(() => null);
  }
  if (!tokens) {
    await signIn();
    throw new Error('Signing in…');
  }
  return tokens.access_token;
}

function signOut() {
  const idToken = tokens && tokens.id_token;
  sessionStorage.clear();
  location.assign(`${endpoint('logout')}?${new URLSearchParams({
    client_id: config.clientId, post_logout_redirect_uri: redirectUri(), ...(idToken ? { id_token_hint: idToken } : {}),
  })}`);
}

function claims(jwt) {
  return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
}

// ---------------------------------------------------------------- the gateway's API

class Problem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

async function api(method, path, body, contentType = 'application/json') {
  const headers = { Authorization: `Bearer ${await accessToken()}` };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  if (response.status === 401) {
    sessionStorage.removeItem('tokens');
    tokens = null;
    await signIn();
  }
  const text = await response.text();
  const json = text && (response.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new Problem(typeof json === 'object' ? json : { title: `${response.status}`, detail: text });
  return json;
}

// ---------------------------------------------------------------- small DOM helpers

function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'value') element.value = value;
    else if (key === 'checked') element.checked = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const badge = (text, kind = text) => h('span', { class: `badge ${kind}`, 'data-testid': `badge-${kind}` }, text);
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const list = (text) => text.split(',').map((item) => item.trim()).filter(Boolean);

function flash(message, kind = 'error') {
  flashBox.textContent = message;
  flashBox.className = `flash ${kind === 'info' ? 'info' : ''}`;
  flashBox.hidden = false;
}

function clearFlash() {
  flashBox.hidden = true;
}

function errorList(problem) {
  const errors = (problem && problem.errors) || [];
  return h('ul', { class: 'errors', 'data-testid': 'errors' },
    errors.map((error) => h('li', {}, h('code', {}, error.pointer || '/'), ' ', error.message)));
}

function show(...children) {
  app.replaceChildren(...children);
}

async function guarded(action) {
  clearFlash();
  try {
    await action();
  } catch (error) {
    if (error.message !== 'Signing in…') flash(error.message);
  }
}

// ---------------------------------------------------------------- versions

async function versionsView() {
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

async function versionView(id) {
  const version = await api('GET', `/admin/policies/${id}`);
  const mine = version.author === me;
  const comment = h('input', { placeholder: 'Comment (why)', size: 50, 'data-testid': 'comment' });
  const step = (name, label, kind = '') => h('button', {
    class: kind, 'data-testid': `step-${name}`,
    onclick: () => guarded(async () => {
      await api('POST', `/admin/policies/${id}/${name}`, comment.value ? { comment: comment.value } : undefined);
      flash(`${label}: done.`, 'info');
      await route();
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
        h('a', { class: 'button', href: `/admin/policies/${id}/document?format=json`, onclick: download(id, 'json') }, 'Export JSON'),
        h('a', { class: 'button', href: `/admin/policies/${id}/document?format=yaml`, onclick: download(id, 'yaml') }, 'Export YAML')),
      h('h2', {}, 'History'),
      h('table', { 'data-testid': 'history' }, h('tbody', {}, version.history.map((t) => h('tr', {},
        h('td', {}, when(t.at)), h('td', {}, t.actor), h('td', {}, t.from ? `${t.from} → ${t.to}` : t.to), h('td', {}, t.comment || '')))))),
    h('section', { class: 'card' }, h('h2', {}, 'Who sees what'), matrix(version.document)),
    h('section', { class: 'card' }, h('h2', {}, 'Where customer attributes come from'), attributeSources(version.document)),
    version.active ? '' : simulationPanel(version),
    version.active ? '' : impactPanel(version),
  );
}

function download(id, format) {
  return (event) => {
    event.preventDefault();
    guarded(async () => {
      const text = await api('GET', `/admin/policies/${id}/document?format=${format}`);
      const blob = new Blob([typeof text === 'string' ? text : JSON.stringify(text, null, 2)]);
      h('a', { href: URL.createObjectURL(blob), download: `policy-${id}.${format}` }).click();
    });
  };
}

// ---------------------------------------------------------------- roles × sources × levels

function levelOf(document, level) {
  return h('span', { class: `level-${level}` }, level);
}

function lower(document, a, b) {
  return document.levels.indexOf(a) <= document.levels.indexOf(b) ? a : b;
}

function matrix(document) {
  const roles = Object.keys(document.roles).sort();
  const sources = Object.keys(document.sources);
  return h('table', { class: 'matrix', 'data-testid': 'matrix' },
    h('thead', {}, h('tr', {}, h('th', {}, 'role \\ source'), sources.map((s) => h('th', {}, `${s} (${document.sources[s].department})`)))),
    h('tbody', {}, roles.map((role) => {
      const r = document.roles[role];
      return h('tr', {}, h('th', {}, role, h('div', { class: 'muted' }, 'clearance ', levelOf(document, r.clearance))),
        sources.map((source) => {
          if (document.sources[source].department === r.department) {
            return h('td', { class: 'own' }, 'own data ≤ ', levelOf(document, r.clearance));
          }
          const grants = document.grants.filter((g) => g.roles.includes(role) && g.source === source);
          if (!grants.length) return h('td', { class: 'muted' }, '—');
          return h('td', {}, grants.map((g) => h('div', {}, `${g.effect} ≤ `, levelOf(document, lower(document, g.max_level, r.clearance)),
            h('span', { class: 'muted' }, ` · ${g.purposes.join(', ')}${g.fields ? ` · ${g.fields.length} field${g.fields.length === 1 ? '' : 's'}` : ''}${g.requires_consent ? ' · consent' : ''}`))));
        }));
    })));
}

// Per source, where a record's region and sensitivity come from, in order; what nothing
// establishes is decided at the most restrictive value.
function attributeSources(document) {
  const origin = (from) => (from === 'record' ? 'the record' : `linked ${from} records`);
  const fallback = { region: 'in no region', sensitivity: 'restricted' };
  return h('table', { 'data-testid': 'attribute-sources' },
    h('thead', {}, h('tr', {}, ['Source', 'Attribute', 'From, in order', 'Otherwise'].map((t) => h('th', {}, t)))),
    h('tbody', {}, Object.entries(document.sources).flatMap(([name, source]) => ['region', 'sensitivity'].map((attribute) => {
      const declared = (source.attributes || {})[attribute] || {};
      return h('tr', { 'data-source': name, 'data-attribute': attribute },
        h('td', {}, name), h('td', {}, attribute),
        h('td', {}, (declared.from || ['record']).map(origin).join(' → ')),
        h('td', {}, declared.default !== undefined ? `default: ${declared.default}`
          : h('span', { class: 'muted' }, `unknown: ${fallback[attribute]}`)));
    }))));
}

// ---------------------------------------------------------------- the draft editor

async function editView(id) {
  const version = await api('GET', `/admin/policies/${id}`);
  if (version.state !== 'draft') {
    location.hash = `#/versions/${id}`;
    return;
  }
  let document = version.document;
  const messages = h('div', { 'data-testid': 'messages' });
  const raw = h('textarea', { class: 'raw', 'data-testid': 'raw', spellcheck: 'false' });
  const matrixBox = h('div');
  const rolesBox = h('div');
  const grantsBox = h('div');

  const changed = () => {
    raw.value = JSON.stringify(document, null, 2);
    matrixBox.replaceChildren(matrix(document));
  };
  const select = (options, value, onchange, testid) => h('select', { onchange: (e) => { onchange(e.target.value); changed(); }, 'data-testid': testid },
    options.map((o) => h('option', { value: o, selected: o === value }, o)));

  const renderRoles = () => rolesBox.replaceChildren(h('table', {},
    h('thead', {}, h('tr', {}, ['Role', 'Department', 'Clearance', 'Default purpose', 'Region-scoped'].map((t) => h('th', {}, t)))),
    h('tbody', {}, Object.entries(document.roles).map(([name, role]) => h('tr', {},
      h('td', {}, name), h('td', {}, role.department),
      h('td', {}, select(document.levels, role.clearance, (v) => { role.clearance = v; }, `clearance-${name}`)),
      h('td', {}, role.default_purpose || ''),
      h('td', {}, h('input', { type: 'checkbox', checked: !!role.region_scoped, onchange: (e) => { role.region_scoped = e.target.checked; changed(); } })))))));

  const renderGrants = () => grantsBox.replaceChildren(h('table', { 'data-testid': 'grants' },
    h('thead', {}, h('tr', {}, ['Grant', 'Roles', 'Source', 'Purposes', 'Up to', 'Effect', 'Fields (empty: all)', 'Consent', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, document.grants.map((grant, index) => h('tr', { 'data-grant': grant.id },
      h('td', {}, h('input', { value: grant.id, size: 22, onchange: (e) => { grant.id = e.target.value; changed(); } })),
      h('td', {}, h('input', { value: grant.roles.join(', '), size: 16, onchange: (e) => { grant.roles = list(e.target.value); changed(); } })),
      h('td', {}, select(Object.keys(document.sources), grant.source, (v) => { grant.source = v; })),
      h('td', {}, h('input', { value: grant.purposes.join(', '), size: 18, onchange: (e) => { grant.purposes = list(e.target.value); changed(); } })),
      h('td', {}, select(document.levels, grant.max_level, (v) => { grant.max_level = v; })),
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
      h('td', {}, h('button', { class: 'danger', onclick: () => { document.grants.splice(index, 1); renderGrants(); changed(); } }, 'Remove')))))),
  h('div', { class: 'row' }, h('button', { onclick: () => {
    document.grants.push({ id: `grant-${document.grants.length + 1}`, description: '', roles: [], source: Object.keys(document.sources)[0],
      purposes: [], max_level: document.levels[0], effect: 'mask' });
    renderGrants();
    changed();
  } }, 'Add grant')));

  const applyRaw = () => {
    try {
      document = JSON.parse(raw.value);
      renderRoles();
      renderGrants();
      matrixBox.replaceChildren(matrix(document));
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
      const saved = await api('PUT', `/admin/policies/${id}`, document);
      document = saved.document;
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
      await api('POST', '/admin/policies/validate', document);
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

// ---------------------------------------------------------------- simulation and impact

function simulationPanel(version) {
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

function impactPanel(version) {
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

// ---------------------------------------------------------------- audit trail

async function auditView() {
  const filters = Object.fromEntries(['customer', 'subject', 'purpose'].map((name) => [name, h('input', { placeholder: name, 'data-testid': `audit-${name}` })]));
  const decision = h('select', {}, ['', 'allow', 'deny', 'none'].map((d) => h('option', { value: d }, d || 'any decision')));
  const rows = h('tbody');
  const more = h('button', { hidden: true }, 'More');
  let cursor;
  const load = (reset) => guarded(async () => {
    const query = new URLSearchParams({ limit: 50 });
    for (const [name, input] of Object.entries(filters)) if (input.value.trim()) query.set(name, input.value.trim());
    if (decision.value) query.set('decision', decision.value);
    if (!reset && cursor) query.set('cursor', cursor);
    const page = await api('GET', `/admin/audit?${query}`);
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map((e) => h('tr', {},
      h('td', {}, when(e.time)), h('td', {}, e.subject), h('td', {}, e.action), h('td', {}, e.purpose || ''),
      h('td', {}, badge(e.decision)), h('td', {}, e.reason || ''), h('td', {}, e.policy_version || ''),
      h('td', {}, (e.records || []).join(' ')), h('td', {}, e.status))));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  });
  more.addEventListener('click', () => load(false));
  show(h('h1', {}, 'Audit trail'),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, Object.values(filters), decision, h('button', { class: 'primary', onclick: () => load(true) }, 'Search')),
      h('table', { 'data-testid': 'audit' }, h('thead', {}, h('tr', {}, ['Time', 'Subject', 'Action', 'Purpose', 'Decision', 'Reason', 'Policy', 'Records', 'Status'].map((t) => h('th', {}, t)))), rows),
      more));
  load(true);
}

// ---------------------------------------------------------------- my access

const DURATIONS = [['PT8H', '8 hours'], ['P1D', '1 day'], ['P7D', '7 days'], ['P30D', '30 days']];

// An ISO 8601 duration as the API gives it (P7D, PT8H, PT36H) in days and hours.
function human(duration) {
  const whole = /^P(\d+)D$/.exec(duration);
  if (whole) return `${whole[1]} day${whole[1] === '1' ? '' : 's'}`;
  const hours = Number((/^PT(\d+)H$/.exec(duration) || [])[1]);
  if (!hours) return duration;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return [days ? `${days} day${days > 1 ? 's' : ''}` : '', rest ? `${rest} hour${rest > 1 ? 's' : ''}` : ''].filter(Boolean).join(' ');
}

function grantState(request) {
  if (request.grant_state === 'in-force') return badge('in force', 'active');
  return request.grant_state ? badge(request.grant_state) : badge(request.status);
}

async function myAccessView() {
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
    await route();
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

// ---------------------------------------------------------------- the officers' queue

async function requestsView() {
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

async function requestView(id) {
  const r = await api('GET', `/admin/access-requests/${id}`);
  const comment = h('input', { placeholder: 'Comment (a rejection says why)', size: 50, 'data-testid': 'comment' });
  const step = (name, label, kind = '') => h('button', {
    class: kind, 'data-testid': `request-${name}`,
    onclick: () => guarded(async () => {
      await api('POST', `/admin/access-requests/${id}/${name}`, comment.value ? { comment: comment.value } : undefined);
      await route();
      flash(`${label}: done.`, 'info');
    }),
  }, label);
  const own = r.requester.username === me;
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

// ---------------------------------------------------------------- insights

// An ISO 8601 duration (PT26H3M, PT12.5S) roughly, for people.
function span(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
  if (!m) return iso || '–';
  const [hours, minutes, seconds] = [Number(m[1] || 0), Number(m[2] || 0), Number(m[3] || 0)];
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  if (hours) return `${hours} h ${minutes} min`;
  return minutes ? `${minutes} min` : `${Math.round(seconds)} s`;
}

async function insightsView() {
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
        h('button', { 'data-testid': 'insights-refresh', onclick: () => guarded(async () => { await api('POST', '/admin/insights/refresh'); await route(); }) }, 'Roll up now'),
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

function downloadCsv(part, query) {
  return (event) => {
    event.preventDefault();
    guarded(async () => {
      const response = await fetch(`/admin/insights/${part}.csv?${query}`, { headers: { Authorization: `Bearer ${await accessToken()}` } });
      const link = h('a', { href: URL.createObjectURL(await response.blob()), download: `insights-${part}.csv` });
      link.click();
    });
  };
}

// ---------------------------------------------------------------- routing and start

async function route() {
  const [, page, id, sub] = location.hash.split('?')[0].split('/');
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('current', link.dataset.nav === (page || (officer ? 'versions' : 'access')));
  await guarded(async () => {
    if (page === 'access' || !officer) await myAccessView();
    else if (page === 'requests' && id) await requestView(id);
    else if (page === 'requests') await requestsView();
    else if (page && page.startsWith('insights')) await insightsView();
    else if (page === 'audit') await auditView();
    else if (page === 'versions' && id && sub === 'edit') await editView(id);
    else if (page === 'versions' && id) await versionView(id);
    else await versionsView();
  });
}

async function start() {
  config = await (await fetch('/console/config.json')).json();
  tokens = JSON.parse(sessionStorage.getItem('tokens') || 'null');
  try {
    await finishSignIn();
  } catch (error) {
    flash(error.message);
  }
  await accessToken().catch(() => null);
  if (!tokens) return;
  const who = claims(tokens.access_token);
  me = who.preferred_username;
  document.getElementById('who').replaceChildren(h('span', { 'data-testid': 'signed-in' }, me),
    h('button', { 'data-testid': 'sign-out', onclick: signOut }, 'Sign out'));
  officer = (who.realm_access?.roles || []).includes('security-officer');
  // Everyone has "My access"; the rest is for security officers (and the API says so too).
  for (const link of document.querySelectorAll('[data-officer]')) link.hidden = !officer;
  if (!officer && !location.hash.startsWith('#/access')) history.replaceState(null, '', '#/access');
  window.addEventListener('hashchange', route);
  await route();
}

start();
