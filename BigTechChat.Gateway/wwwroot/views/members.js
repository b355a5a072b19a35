// A group's members: add a friend, remove someone (owner only, the server decides), or leave (API.md §5 rooms).
import { api } from '../api.js';
import { byId, h } from '../dom.js';
import { showError } from './notice.js';
import { actionButton, nameOf } from './people.js';

export function renderMembers(room, me, friends, onChanged) {
  const panel = byId('room-members');
  panel.hidden = room.room_type !== 'group';
  if (panel.hidden) return;
  const memberIds = new Set(room.participants.map((p) => p.id));
  byId('member-list').replaceChildren(...room.participants.map((p) => h('li', {},
    p.id === me.id ? 'You' : nameOf(p), ' ',
    p.id === me.id
      ? actionButton('Leave group', () => api.removeMember(room.id, me.id).then(() => onChanged(null)), 'You left the group.')
      : actionButton('Remove', async () => onChanged(await api.removeMember(room.id, p.id)), `${nameOf(p)} was removed.`, null,
        { 'aria-label': `Remove ${nameOf(p)} from the group` }))));
  const form = byId('member-form');
  const select = form.elements.user_id;
  select.replaceChildren(...friends.filter((f) => !memberIds.has(f.user_id)).map((f) => h('option', { value: f.user_id }, nameOf(f))));
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      onChanged(await api.addMembers(room.id, [Number(select.value)]));
    } catch (error) {
      showError(error);
    }
  };
}
