// Signing in with Keycloak: authorization code with PKCE. The tokens live in this tab's
// session storage only, so closing the tab ends the console's session.

/** Why an action stopped: the page is on its way to Keycloak's sign-in, which is no error. */
export const SIGNING_IN = 'Signing in…';

let config;
let tokens;
let user = null;

const redirectUri = () => `${location.origin}/console/`;
const endpoint = (path) => `${config.issuer}/protocol/openid-connect/${path}`;
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));

/** Where to sign in (the gateway's /console/config.json), and the tokens this tab already has. */
export async function loadConfig() {
  config = await (await fetch('/console/config.json')).json();
  tokens = JSON.parse(sessionStorage.getItem('tokens') || 'null');
}

export async function signIn() {
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
export async function finishSignIn() {
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

/** A valid access token, refreshed shortly before it expires; without one, off to sign in. */
export async function accessToken() {
  if (tokens && tokens.expires_at - Date.now() < 30_000 && tokens.refresh_token) {
    tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: config.clientId })
      .catch(() => null);
  }
  if (!tokens) {
    await signIn();
    throw new Error(SIGNING_IN);
  }
  return tokens.access_token;
}

/** Drops tokens the gateway no longer accepts. */
export function forgetTokens() {
  sessionStorage.removeItem('tokens');
  tokens = null;
}

export function signOut() {
  const idToken = tokens && tokens.id_token;
  sessionStorage.clear();
  location.assign(`${endpoint('logout')}?${new URLSearchParams({
    client_id: config.clientId, post_logout_redirect_uri: redirectUri(), ...(idToken ? { id_token_hint: idToken } : {}),
  })}`);
}

function claims(jwt) {
  return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
}

/**
 * Who signed in, read from the access token once: { name, officer }, or null while the page
 * is on its way to sign in. The views decide what to offer by it; the API decides what is allowed.
 */
export async function signedIn() {
  await accessToken().catch(() => null);
  if (!tokens) return null;
  const who = claims(tokens.access_token);
  user = { name: who.preferred_username, officer: (who.realm_access?.roles || []).includes('security-officer') };
  return user;
}

/** The user {@link signedIn} found. */
export const currentUser = () => user;
