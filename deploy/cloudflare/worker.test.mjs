// Tests of the Herald Worker's logic under Node's own runtime: `node --test deploy/cloudflare/`.
// The origin is a stub of globalThis.fetch, so no network, no wrangler and no npm package is needed.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import worker from './worker.js';

const ORIGIN = 'https://herald.example.com';
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const realFetch = globalThis.fetch;

let calls;

// Replaces fetch with one that records what it was given and answers with `answer(input, init)`.
function stubOrigin(answer) {
  globalThis.fetch = async (input, init) => {
    calls.push({ input, init });
    return answer(input, init);
  };
}

beforeEach(() => {
  calls = [];
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

// A buffering Worker never settles these, so every wait is bounded: it fails instead of hanging.
function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const callWorker = (request) => within(2000, worker.fetch(request, {}, {}), 'worker.fetch');

function sseHeaders(extra = {}) {
  return { 'Content-Type': 'text/event-stream', ...extra };
}

test('an SSE body reaches the client frame by frame, before the origin has finished', async () => {
  const first = 'id: 1-0\nevent: connected\ndata: {}\n\n';
  const second = 'id: 1-1\nevent: order\ndata: {"n":1}\n\n';
  let release;
  const released = new Promise((resolve) => (release = resolve));
  stubOrigin(
    () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode(first));
            released.then(() => {
              controller.enqueue(encoder.encode(second));
              controller.close();
            });
          },
        }),
        { status: 200, headers: sseHeaders() },
      ),
  );

  try {
    const response = await callWorker(new Request(`${ORIGIN}/sse/orders`));
    assert.equal(response.status, 200);
    const reader = response.body.getReader();

    const chunk1 = await within(2000, reader.read(), 'first frame');
    assert.equal(chunk1.done, false);
    assert.equal(decoder.decode(chunk1.value), first);

    release();
    const chunk2 = await within(2000, reader.read(), 'second frame');
    assert.equal(decoder.decode(chunk2.value), second);
    assert.equal((await within(2000, reader.read(), 'end of stream')).done, true);
  } finally {
    release(); // lets the stub's stream end even when an assertion failed first
  }
});

test('origin headers are kept and the no-buffering, no-cache headers are set when missing', async () => {
  stubOrigin(
    () =>
      new Response('data: x\n\n', {
        status: 200,
        statusText: 'OK',
        headers: sseHeaders({ 'X-Herald-Test': 'kept', Vary: 'Origin' }),
      }),
  );

  const response = await callWorker(new Request(`${ORIGIN}/sse?topic=a`));

  assert.equal(response.status, 200);
  assert.equal(response.statusText, 'OK');
  assert.equal(response.headers.get('Content-Type'), 'text/event-stream');
  assert.equal(response.headers.get('X-Herald-Test'), 'kept');
  assert.equal(response.headers.get('Vary'), 'Origin');
  assert.equal(response.headers.get('Cache-Control'), 'no-cache');
  assert.equal(response.headers.get('X-Accel-Buffering'), 'no');
  assert.equal(await response.text(), 'data: x\n\n');
});

test('a cacheable Cache-Control from the origin is replaced, repeated headers survive', async () => {
  const headers = new Headers(sseHeaders({ 'Cache-Control': 'max-age=600' }));
  headers.append('Set-Cookie', 'a=1; Path=/');
  headers.append('Set-Cookie', 'b=2; Path=/');
  stubOrigin(() => new Response('', { status: 200, headers }));

  const response = await callWorker(new Request(`${ORIGIN}/sse/orders`));

  assert.equal(response.headers.get('Cache-Control'), 'no-cache');
  assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
});

for (const [status, statusText, headers] of [
  [503, 'Service Unavailable', { 'Content-Type': 'application/problem+json', 'Retry-After': '5' }],
  [429, 'Too Many Requests', { 'Content-Type': 'application/problem+json', 'Retry-After': '1' }],
  [401, 'Unauthorized', { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'Bearer' }],
]) {
  test(`a ${status} refusal on a stream passes through with status, headers and body`, async () => {
    const body = JSON.stringify({ type: 'about:blank', title: statusText, status });
    stubOrigin(() => new Response(body, { status, statusText, headers }));

    const response = await callWorker(new Request(`${ORIGIN}/sse/orders`));

    assert.equal(response.status, status);
    assert.equal(response.statusText, statusText);
    assert.deepEqual(Object.fromEntries(response.headers), {
      'content-type': 'application/problem+json',
      ...Object.fromEntries(new Headers(headers)),
    });
    assert.equal(await response.text(), body);
  });
}

test('the stream request reaches the origin whole, query string and credentials included, uncached', async () => {
  stubOrigin(() => new Response('', { status: 200, headers: sseHeaders() }));
  const url = `${ORIGIN}/sse?topic=a&topic=b`;
  const sent = new Request(url, {
    headers: {
      Accept: 'text/event-stream',
      'Last-Event-ID': '1700000000000-7',
      Authorization: 'Bearer eyJ.test.token',
      Cookie: 'herald_token=eyJ.cookie.token; theme=dark',
    },
  });

  await callWorker(sent);

  assert.equal(calls.length, 1);
  const { input, init } = calls[0];
  // What the origin gets is what fetch(input, init) would build.
  const forwarded = new Request(input, init);
  assert.equal(forwarded.method, 'GET');
  assert.equal(forwarded.url, url);
  assert.deepEqual(new URL(forwarded.url).searchParams.getAll('topic'), ['a', 'b']);
  assert.deepEqual(Object.fromEntries(forwarded.headers), Object.fromEntries(sent.headers));
  assert.equal(forwarded.headers.get('Last-Event-ID'), '1700000000000-7');
  assert.equal(forwarded.headers.get('Authorization'), 'Bearer eyJ.test.token');
  assert.equal(forwarded.headers.get('Cookie'), 'herald_token=eyJ.cookie.token; theme=dark');

  // Not cacheable at the edge: Cache Everything explicitly off, no TTL that would force caching,
  // and no `cache` mode, which older compatibility dates reject outright.
  assert.equal(init.cf.cacheEverything, false);
  assert.equal('cacheTtl' in init.cf, false);
  assert.equal('cacheTtlByStatus' in init.cf, false);
  assert.equal('cacheKey' in init.cf, false);
  assert.equal(init.cache, undefined);
});

test('/sse itself and nested topic paths are streams', async () => {
  for (const path of ['/sse', '/sse/', '/sse/users/42/inbox', '/sse?lastEventId=1-0&topic=a']) {
    calls = [];
    stubOrigin(() => new Response('', { status: 200, headers: sseHeaders() }));
    const response = await callWorker(new Request(`${ORIGIN}${path}`));
    assert.equal(calls[0].init?.cf?.cacheEverything, false, path);
    assert.equal(response.headers.get('X-Accel-Buffering'), 'no', path);
  }
});

const untouched = [
  ['POST', '/api/topics/t/events', { 'Content-Type': 'application/json' }, '{"data":"x"}'],
  ['GET', '/health/ready', {}, undefined],
  ['GET', '/ssefoo', {}, undefined],
  ['GET', '/api/topics', { Accept: 'text/event-stream' }, undefined],
  ['POST', '/sse/orders', {}, undefined],
  ['HEAD', '/sse/orders', {}, undefined],
];

for (const [method, path, headers, body] of untouched) {
  test(`${method} ${path} goes to the origin as the same Request and comes back as the same Response`, async () => {
    const originResponse = new Response('{"status":"UP"}', {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=5' },
    });
    stubOrigin(() => originResponse);
    const request = new Request(`${ORIGIN}${path}`, { method, headers, body });

    const response = await callWorker(request);

    assert.equal(calls.length, 1);
    assert.equal(calls[0].input, request);
    assert.equal(calls[0].init, undefined);
    assert.equal(response, originResponse);
    assert.equal(response.headers.get('Cache-Control'), 'max-age=5');
    assert.equal(response.headers.has('X-Accel-Buffering'), false);
  });
}
