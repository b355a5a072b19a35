// Log in and sign up (API.md §3 /api/auth).
import { api, session } from '../api.js';
import { byId, formValues } from '../dom.js';
import { showError, hide } from './notice.js';

export function bindAuth(onSignedIn) {
  const login = async (email, password) => {
    const token = await api.login(email, password);
    session.set(token.access_token);
    hide();
    await onSignedIn();
  };

  byId('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { email, password } = formValues(event.target);
    await guarded(event.target, () => login(email, password));
  });

  byId('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = formValues(event.target);
    if (!fields.display_name) delete fields.display_name;
    await guarded(event.target, async () => {
      await api.register(fields);
      await login(fields.email, fields.password);
    });
  });
}

/** Disables a form's button while its request runs, and shows any failure. */
export async function guarded(form, action) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await action();
    return true;
  } catch (error) {
    showError(error);
    return false;
  } finally {
    button.disabled = false;
  }
}
