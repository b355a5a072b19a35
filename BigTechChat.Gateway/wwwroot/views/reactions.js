// A message's reactions (one per user per emoji, API.md §5) and the picker to add one.
import { h } from '../dom.js';

const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🎉'];

/** One button per emoji in use: its count, pressed when it is ours; pressing toggles ours. */
export function reactionButtons(message, meId, react) {
  const entries = Object.entries(message.reactions ?? {}).filter(([, users]) => users.length);
  return h('div', { class: 'reactions' }, entries.map(([emoji, users]) => {
    const reacted = users.includes(meId);
    return h('button', {
      type: 'button',
      class: 'reaction',
      'aria-pressed': String(reacted),
      'aria-label': `${emoji} ${users.length}${reacted ? ', yours: press to remove' : ': press to add yours'}`,
      onclick: () => react(emoji, !reacted),
    }, `${emoji} ${users.length}`);
  }));
}

export function reactionPicker(react) {
  return h('details', { class: 'react' }, h('summary', {}, 'React'),
    h('div', { class: 'emoji-choices' }, EMOJI.map((emoji) => h('button', {
      type: 'button',
      'aria-label': `React with ${emoji}`,
      onclick: (event) => {
        event.currentTarget.closest('details').open = false;
        react(emoji, true);
      },
    }, emoji))));
}
