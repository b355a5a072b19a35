// Rows for people (friends, requests, search results) with their actions; shared by the friends and search panels.
import { h } from '../dom.js';
import { showError, showInfo } from './notice.js';

export const nameOf = (person) => person.display_name || person.username;

/** A button that runs `action`, shows its failure or `done` text, then lets the caller refresh. */
export function actionButton(label, action, done, afterwards, extra = {}) {
  return h('button', {
    type: 'button',
    ...extra,
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await action();
        if (done) showInfo(done);
      } catch (error) {
        showError(error);
      } finally {
        button.disabled = false;
        await afterwards?.();
      }
    },
  }, label);
}

export function personRow(person, details, buttons) {
  return h('li', { class: 'person', dataset: { userId: person.user_id ?? person.id } },
    h('span', { class: 'person-name' }, nameOf(person), h('span', { class: 'username' }, ` @${person.username}`)),
    details,
    h('span', { class: 'actions' }, buttons));
}
