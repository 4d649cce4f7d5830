// How an access request's duration and state read, the same on the requester's page and in
// the officers' queue.
import { badge } from '../dom.js';

// An ISO 8601 duration as the API gives it (P7D, PT8H, PT36H) in days and hours.
export function human(duration) {
  const whole = /^P(\d+)D$/.exec(duration);
  if (whole) return `${whole[1]} day${whole[1] === '1' ? '' : 's'}`;
  const hours = Number((/^PT(\d+)H$/.exec(duration) || [])[1]);
  if (!hours) return duration;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return [days ? `${days} day${days > 1 ? 's' : ''}` : '', rest ? `${rest} hour${rest > 1 ? 's' : ''}` : ''].filter(Boolean).join(' ');
}

export function grantState(request) {
  if (request.grant_state === 'in-force') return badge('in force', 'active');
  return request.grant_state ? badge(request.grant_state) : badge(request.status);
}
