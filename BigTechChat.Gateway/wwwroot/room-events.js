// Where the app's room events come from: the one per-user stream GET /api/events/stream (API.md §5), opened at
// sign-in. Every room event carries room_id, which is what app.js routes by; `watch` only says which room's
// connection state the page shows.
import { api } from './api.js';
import { ResumableStream } from './stream.js';

const EVENTS = [
  'new_message', 'message_updated', 'message_deleted', 'messages_read', 'reaction_added', 'reaction_removed',
  'room_joined', 'room_updated', 'room_left',
  'friend_request_received', 'friend_request_accepted', 'friend_request_rejected', 'friend_request_cancelled', 'friend_removed',
];

export class RoomEvents {
  /** `onEvent(name, data)` gets every event; `onState(state, roomId, { resumed })` the connection's state. */
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.stream = null;
    this.roomId = null;
    this.state = 'reconnecting';
  }

  /** Opens the per-user stream; it resumes by itself (Last-Event-ID) after drops and restarts. */
  start() {
    this.close();
    const events = {
      connected: () => {},
      // The server could not resume from our cursor: what is shown may be stale, so reload as after a reconnect.
      resync: () => this.onState('live', this.roomId, { resumed: true }),
    };
    for (const name of EVENTS) events[name] = (data) => this.onEvent(name, data);
    this.stream = new ResumableStream(
      (lastEventId) => api.streamUrl('/api/events/stream', { last_event_id: lastEventId }),
      events,
      { onState: (state, details) => { this.state = state; this.onState(state, this.roomId, details); } });
  }

  /** The room now shown; its events already flow on the per-user stream. */
  watch(roomId) {
    this.roomId = roomId;
    if (!this.stream) this.start();
    else this.onState(this.state, roomId, { resumed: false });
  }

  stop() {
    this.roomId = null;
  }

  close() {
    this.stream?.close();
    this.stream = null;
    this.state = 'reconnecting';
  }
}
