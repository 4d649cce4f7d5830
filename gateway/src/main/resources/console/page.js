// The page around the views: the main area they fill, the flash box for outcomes and errors,
// and showing the current view again after an action.
import { SIGNING_IN } from './auth.js';

const app = document.getElementById('app');
const flashBox = document.getElementById('flash');

// The router registers itself here: views show the page anew after an action without
// importing the router, which imports every view.
let router = async () => {};

export function show(...children) {
  app.replaceChildren(...children);
}

export function flash(message, kind = 'error') {
  flashBox.textContent = message;
  flashBox.className = `flash ${kind === 'info' ? 'info' : ''}`;
  flashBox.hidden = false;
}

function clearFlash() {
  flashBox.hidden = true;
}

/** Runs a user's action, showing what went wrong in the flash box (a redirect to sign in is not wrong). */
export async function guarded(action) {
  clearFlash();
  try {
    await action();
  } catch (error) {
    if (error.message !== SIGNING_IN) flash(error.message);
  }
}

export function routeWith(route) {
  router = route;
}

/** Shows the view the address names again, as after a change it made. */
export function refresh() {
  return router();
}
