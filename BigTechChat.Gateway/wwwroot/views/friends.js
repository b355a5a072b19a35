// Friends with live presence, friend requests both ways, and blocks (API.md §4).
import { api } from '../api.js';
import { byId, drawIfChanged, h } from '../dom.js';
import { actionButton, nameOf, personRow } from './people.js';

const online = new Map(); // user id → is_online, from the presence stream
const streamedAt = new Map(); // user id → number of the last presence event for them
let presenceEvents = 0;

function presence(friend) {
  const isOnline = online.get(friend.user_id) ?? friend.is_online;
  return h('span', { class: `presence ${isOnline ? 'online' : 'offline'}` }, isOnline ? 'online' : 'offline');
}

/** Loads and draws the friends panel; returns the friends (for group forms). */
export async function refreshFriends({ openDirect }) {
  const asked = presenceEvents;
  const [friends, requests, blocked] = await Promise.all([api.friends(), api.requests(), api.blocked()]);
  const refresh = () => refreshFriends({ openDirect });
  // A stream event that came while the list was in flight is newer than the list's answer.
  for (const friend of friends) if (!((streamedAt.get(friend.user_id) ?? 0) > asked)) online.set(friend.user_id, friend.is_online);
  drawIfChanged(byId('panel-friends'), [friends, requests, blocked, [...online]], () => draw(friends, requests, blocked, refresh, openDirect));
  return friends;
}

function draw(friends, requests, blocked, refresh, openDirect) {
  byId('friend-list').replaceChildren(...(friends.length ? friends.map((f) => personRow(f, presence(f), [
    actionButton('Message', () => openDirect(f.user_id), null, null, { 'aria-label': `Message ${nameOf(f)}` }),
    actionButton('Remove', () => api.removeFriend(f.user_id), `${nameOf(f)} is no longer a friend.`, refresh,
      { 'aria-label': `Remove ${nameOf(f)} from friends` }),
    actionButton('Block', () => api.block(f.user_id), `${nameOf(f)} is blocked.`, refresh, { 'aria-label': `Block ${nameOf(f)}` }),
  ])) : [h('li', { class: 'empty' }, 'No friends yet. Find people to add.')]));

  byId('received-list').replaceChildren(...(requests.received_requests.length ? requests.received_requests.map((r) => personRow(r, null, [
    actionButton('Accept', () => api.answerFriendRequest(r.user_id, 'accept'), `You and ${nameOf(r)} are now friends.`, refresh,
      { 'aria-label': `Accept ${nameOf(r)}` }),
    actionButton('Reject', () => api.answerFriendRequest(r.user_id, 'reject'), 'Request rejected.', refresh,
      { 'aria-label': `Reject ${nameOf(r)}` }),
  ])) : [h('li', { class: 'empty' }, 'None.')]));

  byId('sent-list').replaceChildren(...(requests.sent_requests.length ? requests.sent_requests.map((r) => personRow(r, null, [
    actionButton('Cancel', () => api.cancelFriendRequest(r.user_id), 'Request cancelled.', refresh,
      { 'aria-label': `Cancel request to ${nameOf(r)}` }),
  ])) : [h('li', { class: 'empty' }, 'None.')]));

  byId('blocked-list').replaceChildren(...(blocked.length ? blocked.map((b) => personRow(b, null, [
    actionButton('Unblock', () => api.unblock(b.user_id), `${nameOf(b)} is unblocked.`, refresh, { 'aria-label': `Unblock ${nameOf(b)}` }),
  ])) : [h('li', { class: 'empty' }, 'None.')]));

  const tab = byId('tab-friends');
  tab.textContent = requests.received_requests.length ? `Friends (${requests.received_requests.length} new)` : 'Friends';
}

/** A presence event `{user_id, is_online}`: redraw that friend's status only. */
export function applyPresence(status) {
  online.set(status.user_id, status.is_online);
  streamedAt.set(status.user_id, ++presenceEvents);
  const row = byId('friend-list').querySelector(`[data-user-id="${Number(status.user_id)}"] .presence`);
  if (row) row.replaceWith(presence({ user_id: status.user_id, is_online: status.is_online }));
}
