// Finding people by name (GET /api/users/search) and acting on a result.
import { api } from '../api.js';
import { byId, formValues, h } from '../dom.js';
import { guarded } from './auth.js';
import { actionButton, nameOf, personRow } from './people.js';

export function bindSearch({ openDirect, afterChange }) {
  const form = byId('search-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await guarded(form, async () => {
      const { users } = await api.searchUsers(formValues(form).query);
      byId('search-results').replaceChildren(...(users.length ? users.map((u) => personRow({ ...u, user_id: u.id },
        h('span', { class: 'status-message' }, u.status_message ?? ''), [
          actionButton('Add friend', () => api.sendFriendRequest(u.id), `Friend request sent to ${nameOf(u)}.`, afterChange,
            { 'aria-label': `Add ${nameOf(u)} as a friend` }),
          actionButton('Message', () => openDirect(u.id), null, null, { 'aria-label': `Message ${nameOf(u)}` }),
          actionButton('Block', () => api.block(u.id), `${nameOf(u)} is blocked.`, afterChange, { 'aria-label': `Block ${nameOf(u)}` }),
        ])) : [h('li', { class: 'empty' }, 'Nobody found.')]));
    });
  });
}
