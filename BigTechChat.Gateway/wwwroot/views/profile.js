// The signed-in person's profile (GET/PUT /api/profile/me).
import { api } from '../api.js';
import { byId, formValues } from '../dom.js';
import { guarded } from './auth.js';
import { showInfo } from './notice.js';

export function renderProfile(me) {
  byId('profile-identity').textContent = `@${me.username} · ${me.email}`;
  const form = byId('profile-form');
  form.elements.display_name.value = me.display_name ?? '';
  form.elements.status_message.value = me.status_message ?? '';
}

export function bindProfile(onSaved) {
  const form = byId('profile-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await guarded(form, async () => {
      const me = await api.updateProfile(formValues(form));
      onSaved(me);
      showInfo('Profile saved.');
    });
  });
}
