// The room list, most recently active first, with last message and unread count (GET /api/chat-rooms).
import { api } from '../api.js';
import { byId, drawIfChanged, formValues, formatTime, h } from '../dom.js';
import { guarded } from './auth.js';
import { nameOf } from './people.js';

export function roomTitle(room, me) {
  if (room.room_type === 'group') return room.name ?? 'Group';
  const other = room.participants?.find((p) => p.id !== me.id);
  return other ? nameOf(other) : 'Direct chat';
}

function preview(room, me) {
  const last = room.last_message;
  if (!last) return 'No messages yet';
  const text = last.is_deleted ? 'Message deleted' : last.content;
  return last.user_id === me.id ? `You: ${text}` : text;
}

export function renderRooms(rooms, me, openRoomId, onOpen) {
  const list = byId('room-list');
  drawIfChanged(list, [rooms, openRoomId], () => drawRooms(list, rooms, me, openRoomId, onOpen));
}

function drawRooms(list, rooms, me, openRoomId, onOpen) {
  if (!rooms.length) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No chats yet. Message a friend to start one.'));
    return;
  }
  list.replaceChildren(...rooms.map((room) => {
    const title = roomTitle(room, me);
    const unread = room.id === openRoomId ? 0 : room.unread_count ?? 0;
    return h('li', {},
      h('button', {
        type: 'button',
        class: 'room-item',
        'aria-current': room.id === openRoomId ? 'true' : false,
        dataset: { roomId: room.id },
        onclick: () => onOpen(room),
      },
      h('span', { class: 'room-name' }, title),
      unread ? h('span', { class: 'unread', 'aria-label': `${unread} unread` }, String(unread)) : null,
      h('span', { class: 'room-preview' }, preview(room, me)),
      room.last_message ? h('time', { datetime: room.last_message.created_at }, formatTime(room.last_message.created_at)) : null));
  }));
}

/** The new-group form: a name and a choice of friends (POST /api/chat-rooms/group). */
export function renderGroupCandidates(friends) {
  const list = byId('group-candidates');
  drawIfChanged(list, friends.map((f) => [f.user_id, nameOf(f)]), () => list.replaceChildren(...(friends.length
    ? friends.map((f) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'member', value: f.user_id }), nameOf(f)))
    : [h('p', { class: 'hint' }, 'Add friends first.')])));
}

export function bindGroupForm(onCreated) {
  const form = byId('group-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const memberIds = [...form.querySelectorAll('input[name=member]:checked')].map((input) => Number(input.value));
    await guarded(form, async () => {
      const room = await api.createGroup(formValues(form).name, memberIds);
      form.reset();
      form.closest('details').open = false;
      await onCreated(room);
    });
  });
}
