// The console. For every signed-in user: "My access", their access requests and grants
// (/api/v1/access-requests). For security officers besides: versions, drafts, review,
// simulation, impact, the queue of access requests, insights and the audit trail, over
// /admin/**. This module signs in, then shows the view the address (#/page/id/sub) names.
import { finishSignIn, loadConfig, signedIn, signOut } from './auth.js';
import { h } from './dom.js';
import { flash, guarded, routeWith } from './page.js';
import { auditView } from './views/audit.js';
import { editView } from './views/editor.js';
import { insightsView } from './views/insights.js';
import { myAccessView } from './views/my-access.js';
import { requestView } from './views/request.js';
import { requestsView } from './views/requests.js';
import { versionView } from './views/version.js';
import { versionsView } from './views/versions.js';

let officer = false;

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
  await loadConfig();
  try {
    await finishSignIn();
  } catch (error) {
    flash(error.message);
  }
  const user = await signedIn();
  if (!user) return;
  document.getElementById('who').replaceChildren(h('span', { 'data-testid': 'signed-in' }, user.name),
    h('button', { 'data-testid': 'sign-out', onclick: signOut }, 'Sign out'));
  officer = user.officer;
  // Everyone has "My access"; the rest is for security officers (and the API says so too).
  for (const link of document.querySelectorAll('[data-officer]')) link.hidden = !officer;
  if (!officer && !location.hash.startsWith('#/access')) history.replaceState(null, '', '#/access');
  routeWith(route);
  window.addEventListener('hashchange', route);
  await route();
}

start();
