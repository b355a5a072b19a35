// One open room: history with scroll-back by seq, live events, sending, edits, deletes, reactions and receipts.
import { api } from '../api.js';
import { byId, formatTime, h } from '../dom.js';
import { showError } from './notice.js';
import { roomTitle } from './rooms.js';
import { renderMembers } from './members.js';
import { reactionButtons, reactionPicker } from './reactions.js';

export class RoomView {
  constructor({ me, friends, onRead, onLeft }) {
    this.me = me;
    this.friends = friends; // () => current friends, for adding group members
    this.onRead = onRead;
    this.onLeft = onLeft;
    this.room = null;
    this.list = byId('message-list');
    this.scroller = byId('messages');
    byId('load-older').addEventListener('click', () => this.loadOlder().catch(showError));
    byId('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byId('composer-text');
      const content = input.value.trim();
      if (!content) return;
      input.value = '';
      this.send(content, crypto.randomUUID());
    });
    document.addEventListener('visibilitychange', () => this.markRead());
  }

  /** Shows a room and its newest page; returns the newest seq shown (the stream resumes after it). */
  async open(room) {
    this.room = room;
    this.messages = new Map(); // id → MessageResponse
    this.pending = new Map(); // client_message_id → { content, failed }
    this.readUpTo = new Map(); // other user id → highest seq they read
    this.readIds = new Set(); // message ids read by someone else (receipts sent by id)
    this.lastReadSent = 0;
    this.list.replaceChildren();
    byId('room-title').textContent = roomTitle(room, this.me);
    this.showMembers();
    const page = await api.latestMessages(room.id);
    this.merge(page.messages);
    byId('load-older').hidden = !page.has_more;
    this.scrollToEnd();
    this.markRead();
    return this.newestSeq();
  }

  close() {
    this.room = null;
  }

  newestSeq() {
    let newest = 0;
    for (const m of this.messages.values()) newest = Math.max(newest, m.seq);
    return newest;
  }

  oldestSeq() {
    let oldest = Infinity;
    for (const m of this.messages.values()) oldest = Math.min(oldest, m.seq);
    return oldest;
  }

  async loadOlder() {
    const before = this.oldestSeq();
    const page = await api.messagesBefore(this.room.id, before);
    const anchor = this.scroller.scrollHeight - this.scroller.scrollTop;
    this.merge(page.messages);
    byId('load-older').hidden = !page.has_more;
    this.scroller.scrollTop = this.scroller.scrollHeight - anchor; // keep the reader's place
  }

  /** After a reconnect: edits, deletes, reactions and receipts are not replayed, so reload what is shown. */
  async resync() {
    if (!this.room) return;
    const page = await api.latestMessages(this.room.id);
    this.merge(page.messages);
    this.markRead();
  }

  handleEvent(name, data) {
    if (!this.room || data.room_id !== this.room.id) return;
    switch (name) {
      case 'new_message': {
        const atEnd = this.isAtEnd();
        this.merge([data]);
        if (atEnd || data.user_id === this.me.id) this.scrollToEnd();
        this.markRead();
        break;
      }
      case 'message_updated':
        this.merge([data]);
        break;
      case 'message_deleted': {
        const message = this.messages.get(data.message_id);
        if (message) this.put({ ...message, is_deleted: true, content: '' });
        break;
      }
      case 'reaction_added':
      case 'reaction_removed':
        this.applyReaction(name === 'reaction_added', data);
        break;
      case 'messages_read':
        this.applyRead(data);
        break;
      default:
        break;
    }
  }

  /** Adds or replaces messages by id, so a message seen twice (stream, replay, REST) is shown once. */
  merge(messages) {
    for (const message of messages) {
      if (message.client_message_id && this.pending.delete(message.client_message_id)) {
        this.list.querySelector(`[data-client-id="${CSS.escape(message.client_message_id)}"]`)?.remove();
      }
      this.put(message);
    }
  }

  put(message) {
    this.messages.set(message.id, message);
    const element = this.renderMessage(message);
    const existing = this.list.querySelector(`[data-message-id="${CSS.escape(message.id)}"]`);
    if (existing) {
      existing.replaceWith(element);
      return;
    }
    const after = [...this.list.querySelectorAll('[data-seq]')].find((li) => Number(li.dataset.seq) > message.seq);
    this.list.insertBefore(element, after ?? this.list.querySelector('[data-client-id]'));
  }

  async send(content, clientMessageId) {
    const roomId = this.room.id;
    this.pending.set(clientMessageId, { content, failed: false });
    this.drawPending(clientMessageId);
    this.scrollToEnd();
    try {
      const message = await api.sendMessage(roomId, content, clientMessageId);
      if (this.room?.id === roomId) this.merge([message]);
    } catch (error) {
      if (!this.pending.has(clientMessageId)) return;
      this.pending.get(clientMessageId).failed = true;
      this.drawPending(clientMessageId);
      showError(error);
    }
  }

  drawPending(clientMessageId) {
    const { content, failed } = this.pending.get(clientMessageId);
    const element = h('li', { class: `message mine ${failed ? 'failed' : 'pending'}`, dataset: { clientId: clientMessageId } },
      h('p', { class: 'content' }, content),
      h('p', { class: 'meta' }, failed ? 'Not sent. ' : 'Sending…',
        failed ? h('button', { type: 'button', onclick: () => this.send(content, clientMessageId) }, 'Retry') : null));
    const existing = this.list.querySelector(`[data-client-id="${CSS.escape(clientMessageId)}"]`);
    if (existing) existing.replaceWith(element);
    else this.list.append(element);
  }

  renderMessage(m) {
    const mine = m.user_id === this.me.id;
    const author = mine ? 'You' : (this.room.participants?.find((p) => p.id === m.user_id)?.display_name || m.username);
    const element = h('li', { class: `message${mine ? ' mine' : ''}${m.is_deleted ? ' deleted' : ''}`, dataset: { messageId: m.id, seq: m.seq } },
      h('p', { class: 'meta' }, h('span', { class: 'author' }, author), ' ', h('time', { datetime: m.created_at }, formatTime(m.created_at)),
        m.is_edited && !m.is_deleted ? h('span', { class: 'edited' }, ' (edited)') : null),
      h('p', { class: 'content' }, m.is_deleted ? 'Message deleted' : m.content));
    if (m.is_deleted) return element;
    const react = (emoji, add) => this.react(m, emoji, add);
    element.append(reactionButtons(m, this.me.id, react));
    const actions = h('div', { class: 'message-actions' }, reactionPicker(react));
    if (mine) {
      actions.append(
        h('button', { type: 'button', onclick: () => this.startEdit(element, m) }, 'Edit'),
        h('button', { type: 'button', onclick: (event) => this.confirmDelete(event.currentTarget, m) }, 'Delete'),
        h('span', { class: 'receipt' }, this.isRead(m) ? 'Read' : 'Sent'));
    }
    element.append(actions);
    return element;
  }

  async react(m, emoji, add) {
    try {
      const updated = add ? await api.addReaction(m.id, emoji) : await api.removeReaction(m.id, emoji);
      this.merge([updated]);
    } catch (error) {
      showError(error);
    }
  }

  applyReaction(added, { message_id: id, user_id: userId, emoji }) {
    const message = this.messages.get(id);
    if (!message) return;
    const reactions = { ...(message.reactions ?? {}) };
    const users = new Set(reactions[emoji] ?? []);
    if (added) users.add(userId); else users.delete(userId);
    reactions[emoji] = [...users];
    this.put({ ...message, reactions });
  }

  startEdit(element, m) {
    const cancel = () => this.put(this.messages.get(m.id) ?? m);
    const input = h('input', { name: 'content', value: m.content, maxlength: 300, required: true, 'aria-label': 'Edit message' });
    const form = h('form', {
      class: 'edit',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          this.merge([await api.editMessage(m.id, input.value.trim())]);
        } catch (error) {
          showError(error);
        }
      },
      onkeydown: (event) => { if (event.key === 'Escape') cancel(); },
    }, input, h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', onclick: () => cancel() }, 'Cancel'));
    element.querySelector('.content').replaceWith(form);
    input.focus();
  }

  async confirmDelete(button, m) {
    if (button.dataset.confirm !== 'yes') {
      button.dataset.confirm = 'yes';
      button.textContent = 'Confirm delete';
      return;
    }
    try {
      await api.deleteMessage(m.id);
      this.put({ ...m, is_deleted: true, content: '' });
    } catch (error) {
      showError(error);
    }
  }

  isRead(m) {
    if (this.readIds.has(m.id)) return true;
    for (const seq of this.readUpTo.values()) if (seq >= m.seq) return true;
    return false;
  }

  applyRead({ user_id: userId, up_to_seq: upTo, message_ids: ids }) {
    if (userId === this.me.id) return;
    if (upTo) this.readUpTo.set(userId, Math.max(this.readUpTo.get(userId) ?? 0, upTo));
    for (const id of ids ?? []) this.readIds.add(id);
    for (const m of this.messages.values()) {
      const receipt = m.user_id === this.me.id && this.list.querySelector(`[data-message-id="${CSS.escape(m.id)}"] .receipt`);
      if (receipt) receipt.textContent = this.isRead(m) ? 'Read' : 'Sent';
    }
  }

  /** Tells the server everything shown is read, when the person can see it (POST read-up-to). */
  markRead() {
    if (!this.room || document.visibilityState !== 'visible') return;
    const newest = this.newestSeq();
    if (newest <= this.lastReadSent) return;
    const hasOthers = [...this.messages.values()].some((m) => m.seq > this.lastReadSent && m.user_id !== this.me.id);
    this.lastReadSent = newest;
    if (!hasOthers) return;
    api.readUpTo(this.room.id, newest).then(() => this.onRead(this.room?.id)).catch(showError);
  }

  showMembers() {
    renderMembers(this.room, this.me, this.friends(), (room) => {
      if (room) { this.room = room; this.showMembers(); } else this.onLeft();
    });
  }

  isAtEnd() {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 80;
  }

  scrollToEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
