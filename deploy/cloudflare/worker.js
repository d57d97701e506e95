// Cloudflare Worker in front of Herald: event streams go through unbuffered and uncached,
// everything else goes to the origin exactly as it came.

// Streams are recognised by path alone, not by `Accept: text/event-stream`: Herald serves streams
// only under /sse, and an Accept-based rule would let any client rewrite the caching headers of
// API or health answers just by sending that header. `/ssefoo` is not a stream path.
// Nothing but `default` is exported: the runtime takes every named export of the main module for
// an entrypoint and refuses to start on one that is not (a constant, for instance).
function isStreamRequest(request) {
  if (request.method !== 'GET') return false;
  const { pathname } = new URL(request.url);
  return pathname === '/sse' || pathname.startsWith('/sse/');
}

// Cloudflare buffers cacheable traffic and streams only dynamic traffic, so the subrequest must
// never be treated as cacheable, even under a zone-wide "Cache Everything" rule (the Worker's `cf`
// wins over Cache Rules from compatibility date 2025-04-02). `cacheTtl` is avoided: it implies
// Cache Everything, and a negative one has no documented meaning. `cache: 'no-store'` is avoided
// too: before compatibility date 2024-11-11 the runtime throws on it. Node's fetch ignores `cf`.
const STREAM_FETCH_INIT = { cf: { cacheEverything: false } };

async function proxyStream(request) {
  // The request itself is forwarded, so method, URL (query string, lastEventId) and every header
  // (Last-Event-ID, Authorization, Cookie) reach Herald unchanged.
  const response = await fetch(request, STREAM_FETCH_INIT);

  // Refusals (429/503 with Retry-After, 401 with WWW-Authenticate) are the client's to read and
  // retry on as Herald wrote them; rewriting their headers could only lose information.
  if (response.status !== 200) return response;

  // Fetched headers are immutable in Workers, hence the copy. `{...response.headers}` would copy
  // nothing: a Headers object has no own enumerable properties.
  const headers = new Headers(response.headers);
  // Herald already sends these; they are re-asserted because they are what keeps a proxy or
  // browser from caching or holding back frames, should anything between Herald and here drop them.
  headers.set('Cache-Control', 'no-cache');
  headers.set('X-Accel-Buffering', 'no');

  // The body is handed over unread: the runtime pipes it chunk by chunk, so each frame (and each
  // 15 s heartbeat, which keeps the edge's idle timer from firing) reaches the client at once.
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

export default {
  async fetch(request, env, ctx) {
    if (isStreamRequest(request)) return proxyStream(request);
    // The API and health paths are not the Worker's business: same Request, same Response.
    return fetch(request);
  },
};
