// Friends' online status, live (GET /api/online-status/stream), and our own, kept by a heartbeat (API.md §3).
import { api } from './api.js';
import { ResumableStream } from './stream.js';

const HEARTBEAT_MS = 30_000; // the server keeps a user online for 60 s per heartbeat

export class Presence {
  constructor(onStatus, onError) {
    this.stream = new ResumableStream(
      () => api.streamUrl('/api/online-status/stream'),
      { status: onStatus, connected: () => {} });
    const beat = () => api.heartbeat().catch(onError);
    beat();
    this.timer = setInterval(beat, HEARTBEAT_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.stream.close();
  }
}
