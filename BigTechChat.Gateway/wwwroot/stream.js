// Server-Sent Events that survive network drops and server restarts (API.md §5 "Resume").

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];

/**
 * One EventSource that comes back by itself. While the browser retries (readyState CONNECTING) it sends
 * Last-Event-ID itself; when it gives up (an HTTP error such as 502 while the server restarts), a new EventSource
 * is made here with the last seen id in `?last_event_id=`, so nothing between the two is lost.
 */
export class ResumableStream {
  constructor(urlFor, events, { onState = () => {} } = {}) {
    this.urlFor = urlFor; // (lastEventId) => url
    this.events = events; // { name: (data, lastEventId) => void }
    this.onState = onState; // ('live' | 'reconnecting', { resumed }) => void
    this.lastEventId = null;
    this.failures = 0;
    this.everConnected = false;
    this.closed = false;
    this.open();
  }

  open() {
    const source = new EventSource(this.urlFor(this.lastEventId));
    this.source = source;
    source.addEventListener('open', () => { this.failures = 0; });
    for (const [name, handler] of Object.entries(this.events)) {
      source.addEventListener(name, (event) => {
        if (event.lastEventId) this.lastEventId = event.lastEventId;
        let data = null;
        try { data = JSON.parse(event.data); } catch { return; }
        if (name === 'connected') {
          this.onState('live', { resumed: this.everConnected });
          this.everConnected = true;
        }
        handler(data, event.lastEventId);
      });
    }
    source.addEventListener('error', () => {
      if (this.closed) return;
      this.onState('reconnecting', {});
      if (source.readyState !== EventSource.CLOSED) return; // the browser is retrying with Last-Event-ID
      const delay = RECONNECT_DELAYS_MS[Math.min(this.failures++, RECONNECT_DELAYS_MS.length - 1)];
      this.timer = setTimeout(() => { if (!this.closed) this.open(); }, delay);
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
  }
}
