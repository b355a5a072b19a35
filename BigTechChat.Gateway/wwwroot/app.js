// Wires the views to the API and the streams. Entry point of the web client (served at / by the gateway).
import { api, session } from './api.js';
import { byId } from './dom.js';
import { Presence } from './presence.js';
import { RoomEvents } from './room-events.js';
import { bindAuth } from './views/auth.js';
import { applyPresence, refreshFriends } from './views/friends.js';
import { hide, setConnection, showError, showInfo } from './views/notice.js';
import { bindProfile, renderProfile } from './views/profile.js';
import { RoomView } from './views/room.js';
import { bindGroupForm, renderGroupCandidates, renderRooms } from './views/rooms.js';
import { bindSearch } from './views/search.js';

const ROOMS_EVERY_MS = 30_000; // a safety net: the per-user stream already says when a room changes
const FRIENDS_EVERY_MS = 15_000;

const state = { me: null, rooms: [], friends: [], openRoomId: null, timers: [], presence: null };
let roomView;
const roomEvents = new RoomEvents(
  (name, data) => {
    if (name.startsWith('friend_')) { refreshPeople(); return; }
    if (name === 'room_left' && data.room_id === state.openRoomId) closeRoom();
    roomView?.handleEvent(name, data);
    scheduleRoomsRefresh();
  },
  (connection, roomId, { resumed }) => {
    if (roomId !== state.openRoomId) return;
    byId('room-stream').textContent = connection === 'live' ? 'Live' : 'Reconnecting…';
    if (resumed) { roomView.resync().catch(showError); scheduleRoomsRefresh(); }
  });

async function refreshRooms() {
  try {
    state.rooms = await api.rooms();
    renderRooms(state.rooms, state.me, state.openRoomId, openRoom);
    setConnection('');
  } catch (error) {
    if (error.status !== 401) setConnection(error.status ? error.message : 'Offline: trying again…');
  }
}

let roomsTimer;
function scheduleRoomsRefresh() {
  clearTimeout(roomsTimer);
  roomsTimer = setTimeout(refreshRooms, 300);
}

async function refreshPeople() {
  try {
    state.friends = await refreshFriends({ openDirect });
    renderGroupCandidates(state.friends);
  } catch (error) {
    if (error.status !== 401) setConnection(error.status ? error.message : 'Offline: trying again…');
  }
}

async function openRoom(room) {
  try {
    state.openRoomId = room.id;
    byId('room').hidden = false;
    byId('no-room').hidden = true;
    document.body.classList.add('room-open');
    byId('room-stream').textContent = 'Connecting…';
    renderRooms(state.rooms, state.me, state.openRoomId, openRoom);
    await roomView.open(room);
    if (state.openRoomId === room.id) roomEvents.watch(room.id);
    byId('composer-text').focus();
  } catch (error) {
    showError(error);
  }
}

async function openDirect(userId) {
  const room = await api.directRoom(userId);
  selectTab('chats');
  await openRoom(room);
  scheduleRoomsRefresh();
}

function closeRoom() {
  roomEvents.stop();
  roomView?.close();
  state.openRoomId = null;
  byId('room').hidden = true;
  byId('no-room').hidden = false;
  document.body.classList.remove('room-open');
  renderRooms(state.rooms, state.me, null, openRoom);
}

function selectTab(name) {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  if (name === 'friends') refreshPeople();
}

function bindTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab.id.slice(4)));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.id.slice(4));
    });
  }
}

async function enter() {
  state.me = await api.me();
  byId('whoami').textContent = state.me.display_name || state.me.username;
  byId('account').hidden = false;
  byId('signed-out').hidden = true;
  byId('signed-in').hidden = false;
  renderProfile(state.me);
  roomView = new RoomView({
    me: state.me,
    friends: () => state.friends,
    onRead: scheduleRoomsRefresh,
    onLeft: () => { closeRoom(); refreshRooms(); },
  });
  state.presence = new Presence(applyPresence, () => setConnection('Offline: trying again…'));
  roomEvents.start();
  await Promise.all([refreshRooms(), refreshPeople()]);
  state.timers.push(setInterval(refreshRooms, ROOMS_EVERY_MS), setInterval(refreshPeople, FRIENDS_EVERY_MS));
}

function leave() {
  closeRoom();
  roomEvents.close();
  state.presence?.stop();
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  state.me = null;
  byId('account').hidden = true;
  byId('signed-in').hidden = true;
  byId('signed-out').hidden = false;
}

bindTabs();
bindAuth(enter);
bindProfile((me) => { state.me = { ...state.me, ...me }; byId('whoami').textContent = me.display_name || me.username; });
bindSearch({ openDirect: (id) => openDirect(id), afterChange: refreshPeople });
bindGroupForm(async (room) => { await refreshRooms(); await openRoom(room); });
byId('room-back').addEventListener('click', closeRoom);
byId('logout').addEventListener('click', async () => {
  try {
    await api.logout();
  } catch (error) {
    showError(error);
  }
  session.clear();
  leave();
  showInfo('You are logged out.');
});
session.onSignedOut((error) => { leave(); showError(error); });
document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && state.openRoomId && !event.defaultPrevented) hide(); });

if (session.token) enter().catch((error) => { leave(); showError(error); });
