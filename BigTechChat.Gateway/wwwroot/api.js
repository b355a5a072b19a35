// The public HTTP API (API.md §3–5) through the gateway, with problem details (RFC 9457) turned into readable errors.

const TOKEN_KEY = 'bigtechchat.token';
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** An API or network failure, with a sentence a person can read in `message`. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network_error', problem = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.problem = problem;
  }
}

let token = sessionStorage.getItem(TOKEN_KEY);
let onSignedOut = () => {};

export const session = {
  get token() { return token; },
  set(value) { token = value; sessionStorage.setItem(TOKEN_KEY, value); },
  clear() { token = null; sessionStorage.removeItem(TOKEN_KEY); },
  /** Called when the server refuses the token (expired, revoked): the person must log in again. */
  onSignedOut(handler) { onSignedOut = handler; },
};

function describe(status, problem) {
  if (problem?.errors && typeof problem.errors === 'object') {
    const fields = Object.values(problem.errors).flat().filter(Boolean);
    if (fields.length) return fields.join(' ');
  }
  if (problem?.detail) return String(problem.detail);
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That no longer exists.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'The server could not handle that just now. Please try again.';
  return `The request failed (HTTP ${status}).`;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One API call. `retry` marks a call that is safe to repeat (reads, and sends carrying a client_message_id):
 * it is retried on network errors and on 502/503/504, with growing delays.
 */
export async function call(method, path, { json, form, retry = method === 'GET' } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  if (form !== undefined) body = new URLSearchParams(form);

  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(path, { method, headers, body });
    } catch {
      if (retry && attempt < RETRY_DELAYS_MS.length) { await wait(RETRY_DELAYS_MS[attempt]); continue; }
      throw new ApiError('Cannot reach the server. Check your connection and try again.');
    }
    if (retry && [502, 503, 504].includes(response.status) && attempt < RETRY_DELAYS_MS.length) {
      await wait(RETRY_DELAYS_MS[attempt]);
      continue;
    }
    const text = await response.text();
    const data = text ? safeJson(text) : null;
    if (response.ok) return data;
    const error = new ApiError(describe(response.status, data), { status: response.status, code: data?.error ?? 'http_error', problem: data });
    if (response.status === 401 && token) { session.clear(); onSignedOut(error); }
    throw error;
  }
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return { detail: text }; }
}

const q = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)).toString();

export const api = {
  register: (fields) => call('POST', '/api/auth/register', { json: fields }),
  login: (email, password) => call('POST', '/api/auth/login/json', { json: { email, password } }),
  logout: () => call('POST', '/api/auth/logout'),
  me: () => call('GET', '/api/profile/me'),
  updateProfile: (fields) => call('PUT', '/api/profile/me', { json: fields, retry: true }),
  searchUsers: (query) => call('GET', `/api/users/search?${q({ query, limit: 20 })}`),

  heartbeat: () => call('POST', '/api/online-status/heartbeat', { retry: true }),
  friendStatuses: () => call('GET', '/api/online-status/friends'),

  friends: () => call('GET', '/api/friends/list'),
  requests: () => call('GET', '/api/friends/requests'),
  blocked: () => call('GET', '/api/friends/blocked'),
  sendFriendRequest: (userId) => call('POST', '/api/friends/request', { json: { user_id_2: userId } }),
  answerFriendRequest: (requesterId, action) => call('PUT', `/api/friends/status/${requesterId}`, { json: { action } }),
  cancelFriendRequest: (userId) => call('DELETE', `/api/friends/request/${userId}`),
  removeFriend: (userId) => call('DELETE', `/api/friends/${userId}`),
  block: (userId) => call('POST', `/api/friends/block/${userId}`),
  unblock: (userId) => call('DELETE', `/api/friends/block/${userId}`),

  rooms: () => call('GET', '/api/chat-rooms?limit=100'),
  room: (roomId) => call('GET', `/api/chat-rooms/${roomId}`),
  directRoom: (userId) => call('GET', `/api/chat-rooms/check/${userId}`),
  createGroup: (name, memberIds) => call('POST', '/api/chat-rooms/group', { json: { name, member_ids: memberIds } }),
  addMembers: (roomId, userIds) => call('POST', `/api/chat-rooms/${roomId}/members`, { json: { user_ids: userIds } }),
  removeMember: (roomId, userId) => call('DELETE', `/api/chat-rooms/${roomId}/members/${userId}`),

  latestMessages: (roomId) => call('GET', `/api/messages/${roomId}?limit=50`),
  messagesBefore: (roomId, seq) => call('GET', `/api/messages/${roomId}?${q({ before_seq: seq, limit: 50 })}`),
  /** Idempotent by client_message_id (API.md §5), so retrying after a network error never duplicates. */
  sendMessage: (roomId, content, clientMessageId) =>
    call('POST', `/api/messages/${roomId}`, { json: { content, message_type: 'text', client_message_id: clientMessageId }, retry: true }),
  editMessage: (messageId, content) => call('PUT', `/api/messages/${messageId}`, { json: { content }, retry: true }),
  deleteMessage: (messageId) => call('DELETE', `/api/messages/${messageId}`),
  readUpTo: (roomId, seq) => call('POST', `/api/messages/${roomId}/read-up-to`, { json: { seq }, retry: true }),
  addReaction: (messageId, emoji) => call('POST', `/api/messages/${messageId}/reactions`, { json: { emoji }, retry: true }),
  removeReaction: (messageId, emoji) => call('DELETE', `/api/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`, { retry: true }),

  /** Stream URLs carry the token in the query: EventSource cannot set headers (API.md §1). */
  streamUrl: (path, params = {}) => `${path}?${q({ ...params, access_token: token })}`,
};
