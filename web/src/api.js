// The careergraph HTTP API (base /api/v1). Each response body is what the matching CLI
// command prints with --format json; errors are {"error": {code, message, field, details}}.

export const BASE = 'api/v1';

export class ApiError extends Error {
  constructor({ status = 0, code = 'error', message = 'Request failed', field = null, details = [] }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = Array.isArray(details) ? details : [];
  }
}

/** Query string from an object: arrays repeat the parameter, true becomes "true",
 *  false / null / undefined / "" are left out. */
export function query(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === false || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => { if (x !== '' && x != null) q.append(k, String(x)); });
    else q.append(k, v === true ? 'true' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function isAbort(e) {
  return e && (e.name === 'AbortError' || e.code === 'aborted');
}

async function errorFrom(res) {
  let body = null;
  let text = '';
  try {
    text = await res.text();
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (body && body.error) {
    const e = body.error;
    return new ApiError({
      status: res.status,
      code: e.code || 'error',
      message: e.message || `${res.status} ${res.statusText}`,
      field: e.field ?? null,
      details: e.details || [],
    });
  }
  const snippet = text && text.length < 300 ? `: ${text.trim()}` : '';
  return new ApiError({ status: res.status, code: 'http_error', message: `The server answered ${res.status} ${res.statusText}${snippet}` });
}

/**
 * request('next', {person: 'commenter'}, {signal}) -> parsed JSON
 * as: 'json' | 'text' (SVG and other text bodies)
 */
export async function request(path, params = {}, { signal, as = 'json', method = 'GET', body, token, contentType } = {}) {
  const headers = { Accept: as === 'json' ? 'application/json' : 'image/svg+xml, text/plain, */*' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined && contentType) headers['Content-Type'] = contentType;
  let res;
  try {
    res = await fetch(`${BASE}/${path}${query(params)}`, { method, headers, body, signal, cache: 'no-store' });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError({ code: 'network', message: 'Cannot reach the careergraph server. Is `careergraph serve` running?' });
  }
  noteVersion(res.headers.get('X-Data-Version'));
  if (!res.ok) throw await errorFrom(res);
  if (as === 'text') return res.text();
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server sent a response that is not JSON.' });
  }
}

// Responses that rarely change are cached until the data changes (an import, a new
// framework): the cache is keyed by path and parameters and cleared by invalidate().
const cache = new Map();

export function cached(path, params = {}, opts = {}) {
  const key = `${path}${query(params)}|${opts.as || 'json'}`;
  if (!cache.has(key)) {
    // Not bound to a view's signal: a shared response must survive the view that asked first.
    const p = request(path, params, { as: opts.as });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  const p = cache.get(key);
  if (!opts.signal) return p;
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('aborted', 'AbortError'));
    if (opts.signal.aborted) return abort();
    opts.signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject);
  });
}

export function invalidate() {
  cache.clear();
}

// The server stamps each answer with the store's data version: when it changes (someone
// imported, perhaps from another tab or the CLI), cached answers are stale.
let dataVersion = null;
function noteVersion(v) {
  if (v === null || v === undefined || v === '') return;
  if (dataVersion !== null && v !== dataVersion) {
    cache.clear();
    window.dispatchEvent(new CustomEvent('cg:data-version', { detail: v }));
  }
  dataVersion = v;
}
