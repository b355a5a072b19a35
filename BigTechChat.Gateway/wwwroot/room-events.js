// Where the app's room events come from. Today: the per-room stream of the open room
// (GET /api/messages/stream/{room_id}). When GET /api/events/stream exists, only this module changes: open that one
// stream in `start`, make `watch` a no-op, and pass every event's room_id through as now.
import { api } from './api.js';
import { ResumableStream } from './stream.js';

const ROOM_EVENTS = ['new_message', 'message_updated', 'message_deleted', 'messages_read', 'reaction_added', 'reaction_removed'];

export class RoomEvents {
  /** `onEvent(name, data)` gets every room event; `onState(state, roomId, { resumed })` the connection's state. */
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.stream = null;
    this.roomId = null;
  }

  /** Follows one room from after `afterSeq` (the newest message already shown) on. */
  watch(roomId, afterSeq) {
    this.stop();
    this.roomId = roomId;
    const events = { connected: () => {} };
    for (const name of ROOM_EVENTS) events[name] = (data) => this.onEvent(name, { room_id: roomId, ...data });
    this.stream = new ResumableStream(
      (lastEventId) => api.streamUrl(`/api/messages/stream/${roomId}`, { last_event_id: lastEventId ?? afterSeq }),
      events,
      { onState: (state, details) => this.onState(state, roomId, details) });
  }

  stop() {
    this.stream?.close();
    this.stream = null;
    this.roomId = null;
  }
}
