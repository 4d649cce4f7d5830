// The gateway's API, called with the signed-in user's token. An error answer becomes a
// Problem carrying the RFC 9457 body, whose errors the draft editor shows at their pointers.
import { accessToken, forgetTokens, signIn } from './auth.js';

export class Problem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

/** The answer's JSON (or text, if it is not JSON); a Problem if the gateway refused. */
export async function api(method, path, body, contentType = 'application/json') {
  const headers = { Authorization: `Bearer ${await accessToken()}` };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  if (response.status === 401) {
    forgetTokens();
    await signIn();
  }
  const text = await response.text();
  const json = text && (response.headers.get('Content-Type') || '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new Problem(typeof json === 'object' ? json : { title: `${response.status}`, detail: text });
  return json;
}

/** A file the gateway serves (a CSV export), as a blob to save. */
export async function download(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${await accessToken()}` } });
  return response.blob();
}
