/*
 * herald.js: the browser client for Herald's Server-Sent Events hub.
 *
 * One file, three uses: a classic <script> (defines globalThis.Herald), the body of /herald.mjs
 * (the server appends the exports), and the SharedWorker that holds one connection for every tab
 * of an origin. Tabs talk to a "hub" (the code that owns the connections): in that SharedWorker,
 * in a leader tab elected with Web Locks, or in the tab itself. The hub is the same code in all
 * three places, so exactly-once delivery, backoff and fallback behave the same everywhere.
 */
(function () {
  'use strict';

  // Bumped when tab and hub messages change: a tab never talks to a SharedWorker still running an
  // older herald.js (it lives on while any tab of the old version is open).
  const PROTOCOL = 1;

  // A buffering proxy or a hung upstream shows up as a stream that never says `connected`.
  const CONNECT_TIMEOUT = 15000;
  // The browser's own reconnect waits the server's `retry:` (3 s by default) first.
  const RECONNECT_GRACE = 15000;
  // Joins are batched: eight tabs opening at once reopen the stream once, not eight times.
  const REPLAN_DELAY = 30;
  // A new leader gives the tabs this long to announce their cursors before it opens anything.
  const ANNOUNCE_WINDOW = 250;
  // How stale a tab's cursor for a quiet topic may get; it matters only when a leader tab dies.
  const CURSOR_FLUSH = 1000;
  const REAUTH_TIMEOUT = 20000;
  // A connection that survives this long after a reauth ends a reauth streak.
  const REAUTH_SETTLE = 5000;
  const WORKER_TIMEOUT = 5000;
  // Added to a long-poll's wait before the request counts as hung.
  const POLL_GRACE = 15000;
  const ES_CLOSED = 2;
  // The cursor before every event: where a connection resumes when Herald held none at its start.
  const ORIGIN = '0-0';

  // ---- ids: "<millis>-<seq>", ordered as two integers ------------------------------------------

  function parseId(id) {
    const m = typeof id === 'string' ? /^(\d+)-(\d+)$/.exec(id) : null;
    return m ? [Number(m[1]), Number(m[2])] : null;
  }

  function compareIds(a, b) {
    const x = parseId(a);
    const y = parseId(b);
    if (!x || !y) return a === b ? 0 : a < b ? -1 : 1;
    return x[0] - y[0] || x[1] - y[1];
  }

  /** Whether id is newer than seen; nothing seen yet means everything is new. */
  function isAfter(id, seen) {
    return seen == null || compareIds(id, seen) > 0;
  }

  /** Whether a gap notice means events a reader at `cursor` still needed may be lost. */
  function gapHits(gap, cursor) {
    return gap.reason !== 'truncated' || !gap.oldest || !cursor || compareIds(cursor, gap.oldest) < 0;
  }

  // ---- small helpers ---------------------------------------------------------------------------

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return undefined;
    }
  }

  function backoffDelay(backoff, failures, retryAfterMs) {
    const ceiling = Math.min(backoff.cap, backoff.base * Math.pow(2, Math.max(0, failures - 1)));
    return Math.max(Math.random() * ceiling, retryAfterMs || 0);
  }

  /** Retry-After as milliseconds: delta-seconds or an HTTP date. */
  function retryAfterMs(header) {
    if (!header) return 0;
    if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
    const at = Date.parse(header);
    return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
  }

  function randomId() {
    if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  /** Reports a callback's exception without breaking the delivery that called it. */
  function report(error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
    else setTimeout(() => { throw error; });
  }

  /** An Error that also survives JSON.stringify, as error reports and logs do with it. */
  function heraldError(fields) {
    const error = Object.assign(new Error(fields.message), fields, { name: 'HeraldError' });
    Object.defineProperty(error, 'message', { value: fields.message, enumerable: true, writable: true, configurable: true });
    return error;
  }

  function problem(message, extra) {
    return Object.assign({ message }, extra);
  }

  function locks() {
    return typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.request === 'function'
      ? navigator.locks
      : null;
  }

  /** Takes a lock for as long as the caller holds the returned release function. */
  function holdLock(name) {
    const l = locks();
    if (!l) return Promise.resolve(() => {});
    return new Promise((granted) => {
      l.request(name, () => new Promise((release) => granted(release))).catch(() => granted(() => {}));
    });
  }

  /**
   * Calls gone() once whoever holds the lock lets go of it. Every tab holds a lock of its own, so
   * a hub learns of a tab that crashed or was discarded without saying goodbye.
   */
  function watchLock(name, gone) {
    const l = locks();
    if (!l || !name) return null;
    const ctl = new AbortController();
    l.request(name, { signal: ctl.signal }, () => gone()).catch(() => {});
    return ctl;
  }

  // ---- the hub: connections for the union of its clients' topics ---------------------------------

  /**
   * Owns the streams (or long-polls) for every topic its clients want and forwards each event to
   * the clients subscribed to its topic. `coverage` holds, per topic, the id up to which every
   * event of that topic has been forwarded: a connection resumes from the smallest coverage of its
   * topics, and anything at or below a topic's coverage is a duplicate.
   *
   * @param broadcast in a leader tab, posts one message to every other tab at once
   */
  class Hub {
    constructor(config, broadcast) {
      this.config = config;
      this.broadcast = broadcast || null;
      this.clients = new Map();
      this.conns = [];
      this.coverage = new Map();
      this.announced = new Map();
      // The newest id seen anywhere: where a newly wanted topic starts, so a joining tab gets
      // events from the moment it joined rather than the history a resumed stream replays.
      this.newest = null;
      this.preferPoll = false;
      this.replanTimer = 0;
      this.cursorTimer = 0;
      this.changed = new Set();
      this.pending = new Map();
      this.nextRequest = 1;
      this.reauthing = null;
      this.closed = false;
    }

    add(client, cursors, delay) {
      const known = this.clients.get(client.id);
      if (known) {
        client.live = known.live;
        if (known.unwatch) known.unwatch.abort();
      }
      client.fresh = true;
      this.clients.set(client.id, client);
      for (const [topic, id] of Object.entries(cursors || {})) {
        if (!client.topics.has(topic) || !parseId(id)) continue;
        const least = this.announced.get(topic);
        if (!least || compareIds(id, least) < 0) this.announced.set(topic, id);
      }
      this.scheduleReplan(delay == null ? REPLAN_DELAY : delay);
    }

    remove(id) {
      const client = this.clients.get(id);
      if (!client) return;
      this.clients.delete(id);
      if (client.unwatch) client.unwatch.abort();
      for (const [rid, p] of this.pending) if (p.client === id) this.settle(rid, undefined);
      this.scheduleReplan(REPLAN_DELAY);
    }

    /** A tab's answer to a request (only reauth, so far). */
    answer(id, rid, ok) {
      const p = this.pending.get(rid);
      if (p && p.client === id) this.settle(rid, !!ok);
    }

    close() {
      this.closed = true;
      clearTimeout(this.replanTimer);
      clearTimeout(this.cursorTimer);
      for (const conn of this.conns) conn.stop();
      this.conns = [];
      for (const client of this.clients.values()) if (client.unwatch) client.unwatch.abort();
      this.clients.clear();
      for (const rid of [...this.pending.keys()]) this.settle(rid, undefined);
    }

    scheduleReplan(delay) {
      if (!this.replanTimer && !this.closed) {
        this.replanTimer = setTimeout(() => this.replan(), delay);
      }
    }

    wanted() {
      const topics = new Set();
      for (const client of this.clients.values()) for (const t of client.topics) topics.add(t);
      return topics;
    }

    /**
     * Matches the connections to the clients' topics. Topics stay on the connection they were put
     * on; new ones fill a connection with room (reopened from its cursor, so nothing is lost for
     * the tabs already on it), else a new one. A topic nobody wants any more rides along until its
     * connection reopens anyway: dropping it at once would cost every other tab a reconnect.
     */
    replan() {
      this.replanTimer = 0;
      if (this.closed) return;
      const wanted = this.wanted();
      const max = this.config.maxTopics;
      for (const conn of [...this.conns]) {
        if (![...conn.topics].some((t) => wanted.has(t))) this.drop(conn);
      }
      const dirty = new Set();
      // Cursors tabs brought (a new leader, a page back from the bfcache): history they still need.
      for (const [topic, id] of this.announced) {
        if (!wanted.has(topic)) continue;
        const covered = this.coverage.get(topic);
        if (!covered || compareIds(id, covered) < 0) {
          this.coverage.set(topic, id);
          const holder = this.conns.find((c) => c.topics.has(topic));
          if (holder) dirty.add(holder);
        }
        if (isAfter(id, this.newest)) this.newest = id;
      }
      this.announced.clear();
      for (const topic of wanted) {
        if (this.conns.some((c) => c.topics.has(topic))) continue;
        if (!this.coverage.has(topic) && this.newest) this.coverage.set(topic, this.newest);
        let conn = this.conns.find((c) => [...c.topics].filter((t) => wanted.has(t)).length < max);
        if (!conn) {
          conn = new Conn(this);
          this.conns.push(conn);
        }
        if (conn.topics.size >= max) this.prune(conn, wanted);
        conn.topics.add(topic);
        dirty.add(conn);
      }
      // A tab that joins gives a connection that gave up a fresh set of attempts.
      for (const conn of this.conns) {
        if (conn.state === 'dead' && [...this.clients.values()].some((c) => c.fresh && this.touches(c, conn))) {
          dirty.add(conn);
        }
      }
      for (const conn of dirty) {
        this.prune(conn, wanted);
        conn.refresh();
      }
      for (const client of this.clients.values()) {
        if (client.fresh) {
          client.fresh = false;
          const cursors = {};
          for (const t of client.topics) if (this.coverage.has(t)) cursors[t] = this.coverage.get(t);
          client.post({ t: 'cursors', cursors });
        }
        this.notifyOpen(client);
      }
    }

    drop(conn) {
      conn.stop();
      this.conns.splice(this.conns.indexOf(conn), 1);
      for (const t of conn.topics) this.coverage.delete(t);
    }

    prune(conn, wanted) {
      for (const t of [...conn.topics]) {
        if (!wanted.has(t)) {
          conn.topics.delete(t);
          this.coverage.delete(t);
        }
      }
    }

    touches(client, conn) {
      for (const t of client.topics) if (conn.topics.has(t)) return true;
      return false;
    }

    clientsOf(conn) {
      return [...this.clients.values()].filter((c) => this.touches(c, conn));
    }

    /** The smallest coverage of the topics: resuming there loses nothing for any of them. */
    cursorOf(topics) {
      let least = null;
      for (const t of topics) {
        const id = this.coverage.get(t);
        if (id && (least === null || compareIds(id, least) < 0)) least = id;
      }
      return least;
    }

    /**
     * A connection delivers its topics' events in id order from its cursor, so an id it reached
     * covers every one of its topics, not just the topic of the event that carried it.
     */
    advance(conn, id) {
      if (!parseId(id)) return;
      for (const t of conn.topics) {
        if (isAfter(id, this.coverage.get(t))) {
          this.coverage.set(t, id);
          this.changed.add(t);
        }
      }
      if (isAfter(id, this.newest)) this.newest = id;
      if (!this.cursorTimer && this.changed.size) {
        this.cursorTimer = setTimeout(() => this.flushCursors(), CURSOR_FLUSH);
      }
    }

    /** Tabs keep their cursors fresh for quiet topics too, for the day a new leader asks for them. */
    flushCursors() {
      this.cursorTimer = 0;
      const cursors = {};
      for (const t of this.changed) if (this.coverage.has(t)) cursors[t] = this.coverage.get(t);
      this.changed.clear();
      if (Object.keys(cursors).length) this.emit([...this.clients.values()], { t: 'cursors', cursors });
    }

    deliver(conn, ev) {
      if (!parseId(ev.id)) return;
      const covered = this.coverage.get(ev.topic);
      if (covered && compareIds(ev.id, covered) <= 0) return;
      this.advance(conn, ev.id);
      conn.reauths = 0;
      this.emit(
        [...this.clients.values()].filter((c) => c.topics.has(ev.topic)),
        { t: 'event', ev },
      );
    }

    /** One message to many clients; in a leader tab one broadcast serves every other tab. */
    emit(targets, msg) {
      let remote = false;
      for (const c of targets) {
        if (this.broadcast && c.remote) remote = true;
        else c.post(msg);
      }
      if (remote) this.broadcast(msg);
    }

    gap(conn, gap) {
      if (!gap || typeof gap !== 'object') return;
      const hit = [...conn.topics].filter((t) => gapHits(gap, this.coverage.get(t)));
      for (const client of this.clients.values()) {
        const topics = hit.filter((t) => client.topics.has(t));
        if (!topics.length) continue;
        client.post({
          t: 'gap',
          gap: { requested: gap.requested ?? null, oldest: gap.oldest ?? null, reason: gap.reason, topics },
        });
      }
    }

    /** Tells each client once all of its topics are live again. */
    notifyOpen(client) {
      if (client.live) return;
      const conns = this.conns.filter((c) => this.touches(client, c));
      if (!conns.length || conns.some((c) => c.state !== 'open')) return;
      client.live = true;
      client.post({ t: 'open', transport: conns.some((c) => c.mode === 'poll') ? 'poll' : 'stream' });
    }

    opened(conn) {
      for (const client of this.clientsOf(conn)) this.notifyOpen(client);
    }

    failed(conn, error) {
      for (const client of this.clientsOf(conn)) {
        client.live = false;
        client.post({ t: 'error', error });
      }
    }

    fellBack(conn, from, to) {
      this.preferPoll = to === 'poll';
      for (const client of this.clientsOf(conn)) client.post({ t: 'fallback', from, to });
    }

    gaveUp(conn, reason, attempts) {
      for (const client of this.clientsOf(conn)) {
        client.live = false;
        client.post({ t: 'giveup', reason, attempts });
      }
    }

    /** Concurrent reauths (two streams, say) share one refresh of the cookie. */
    reauth(conn) {
      if (!this.reauthing) {
        this.reauthing = this.askReauth().finally(() => {
          this.reauthing = null;
        });
      }
      this.reauthing.then((ok) => conn.afterReauth(ok));
    }

    /**
     * The token cookie belongs to the whole origin, so one tab refreshing it serves every
     * connection. The newest tab is asked first (likely the one in front); a tab that does not
     * answer in time, or goes away, passes the request on to the next.
     */
    async askReauth() {
      const asked = new Set();
      for (;;) {
        const client = [...this.clients.values()].reverse().find((c) => c.reauth && !asked.has(c.id));
        if (!client) return false;
        asked.add(client.id);
        const ok = await this.request(client, { t: 'reauth' }, REAUTH_TIMEOUT);
        if (ok !== undefined) return ok;
      }
    }

    request(client, msg, timeout) {
      const rid = this.nextRequest++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => this.settle(rid, undefined), timeout);
        this.pending.set(rid, { client: client.id, resolve, timer });
        client.post(Object.assign({ rid }, msg));
      });
    }

    settle(rid, value) {
      const p = this.pending.get(rid);
      if (!p) return;
      this.pending.delete(rid);
      clearTimeout(p.timer);
      p.resolve(value);
    }
  }

  /** The hub's side of the tab protocol. */
  function hubReceive(hub, m, makeClient) {
    if (!m || !hub) return;
    if (m.t === 'hello') hub.add(makeClient(m), m.cursors);
    else if (m.t === 'bye') hub.remove(m.id);
    else if (m.t === 'reauthed') hub.answer(m.id, m.rid, m.ok);
  }

  /** A tab's stand-in inside a hub that reaches it by message. */
  function remoteClient(hub, m, post) {
    const client = { id: m.id, topics: new Set(m.topics), reauth: !!m.reauth, remote: true, live: false, post };
    client.unwatch = watchLock(m.lock, () => hub.remove(m.id));
    return client;
  }

  // ---- one connection: a stream, or a long-poll loop, for up to maxTopics topics -----------------

  class Conn {
    constructor(hub) {
      this.hub = hub;
      this.config = hub.config;
      this.topics = new Set();
      this.mode = this.canStream() && !(hub.preferPoll && this.config.transport === 'auto') ? 'stream' : 'poll';
      // idle → connecting → open; waiting (backoff), reauth, dead (gave up), closed (stopped)
      this.state = 'idle';
      this.failures = 0;
      this.streamFailures = 0;
      this.reauths = 0;
      this.es = null;
      this.poll = null;
      this.probing = false;
      this.streamUp = false;
      this.warm = false;
      this.timers = {};
    }

    canStream() {
      return this.config.transport !== 'poll' && this.config.streamable && typeof EventSource !== 'undefined';
    }

    timer(name, ms, fn) {
      clearTimeout(this.timers[name]);
      this.timers[name] = setTimeout(() => {
        delete this.timers[name];
        fn();
      }, ms);
    }

    clear(name) {
      clearTimeout(this.timers[name]);
      delete this.timers[name];
    }

    query() {
      const q = new URLSearchParams();
      for (const t of this.topics) q.append('topic', t);
      return q;
    }

    /** Reopens at once with the current topics, unless a retry is already due. */
    refresh() {
      if (this.state === 'waiting' || this.state === 'reauth') return;
      if (this.state === 'dead') {
        this.failures = this.streamFailures = this.reauths = 0;
        this.mode = this.canStream() ? 'stream' : 'poll';
      }
      this.open();
    }

    open() {
      if (this.state === 'closed') return;
      this.teardown();
      if (this.probing) {
        this.probing = false;
        this.armProbe();
      }
      this.warm = false;
      if (this.mode === 'stream') this.openStream();
      else this.openPoll();
    }

    /** Ends the current attempt; retry state and the probe timer stay. */
    teardown() {
      if (this.es) this.es.close();
      if (this.poll) this.poll.abort();
      this.es = this.poll = null;
      for (const name of ['connect', 'retry', 'settle', 'pollTimeout', 'pollPause']) this.clear(name);
    }

    stop() {
      this.teardown();
      for (const name of Object.keys(this.timers)) this.clear(name);
      this.state = 'closed';
    }

    openStream() {
      const q = this.query();
      q.append('envelope', '1');
      const cursor = this.hub.cursorOf(this.topics);
      if (cursor) q.append('lastEventId', cursor);
      let es;
      try {
        es = new EventSource(this.config.base + '/sse?' + q, { withCredentials: this.config.withCredentials });
      } catch (e) {
        return this.fail(problem(String(e && e.message || e), { transport: 'stream' }));
      }
      this.es = es;
      // What the browser will resume from when it reconnects by itself: the URL's cursor, then
      // the last id line it read.
      this.esCursor = cursor;
      this.streamUp = false;
      if (!this.probing) this.state = 'connecting';
      const mine = (fn) => (e) => {
        if (this.es !== es) return;
        if (e.lastEventId) this.esCursor = e.lastEventId;
        fn(e);
      };
      es.addEventListener('connected', mine((e) => this.onConnected(e)));
      es.addEventListener('message', mine((e) => this.onEnvelope(e)));
      es.addEventListener('gap', mine((e) => this.hub.gap(this, parseJson(e.data))));
      es.addEventListener('reauth', mine(() => this.onReauth()));
      es.addEventListener('error', mine(() => this.onStreamError()));
      this.timer('connect', CONNECT_TIMEOUT, () =>
        this.fail(problem('the stream sent no `connected` in time', { transport: 'stream' })));
    }

    onConnected(e) {
      const data = parseJson(e.data) || {};
      this.clear('connect');
      this.streamUp = true;
      this.startFrom(data.lastEventId || e.lastEventId);
      this.reached('stream');
    }

    /**
     * No resume id means Herald held no event at all: every event from now on is new to us, so
     * the cursor is the very beginning, else a reconnect would start at the newest and skip some.
     */
    startFrom(resume) {
      if (resume) this.hub.advance(this, resume);
      else if (!this.hub.cursorOf(this.topics)) this.hub.advance(this, ORIGIN);
    }

    onEnvelope(e) {
      const env = parseJson(e.data);
      if (!env || typeof env.topic !== 'string') {
        if (!Conn.warned) console.warn('herald: a stream event is not an envelope; does the server know envelope=1?');
        Conn.warned = true;
        return;
      }
      this.hub.deliver(this, { id: e.lastEventId, topic: env.topic, type: env.type || 'message', data: env.data });
    }

    onStreamError() {
      if (this.es.readyState === ES_CLOSED) {
        return this.fail(problem('the stream was refused or broke', { transport: 'stream' }));
      }
      // The browser is reconnecting by itself, with Last-Event-ID: after the server ended a stream
      // at its maximum duration, that is the normal path. Give it a while, then take over.
      if (this.streamUp && !this.esCursor) {
        // Without an id the browser would come back at the newest event; come back ourselves.
        this.teardown();
        this.state = 'waiting';
        this.timer('retry', backoffDelay(this.config.backoff, 1, 0), () => this.open());
        return;
      }
      if (this.streamUp) {
        this.streamUp = false;
        this.timer('connect', RECONNECT_GRACE, () =>
          this.fail(problem('the stream did not come back', { transport: 'stream' })));
        return;
      }
      this.fail(problem('the stream could not connect', { transport: 'stream' }));
    }

    openPoll() {
      const ctl = new AbortController();
      this.poll = ctl;
      const q = this.query();
      const cursor = this.hub.cursorOf(this.topics);
      if (cursor) q.append('after', cursor);
      // The first request of a run does not wait, so the tab hears `open` now, not in 25 s.
      const wait = this.warm ? this.config.pollWait : 0;
      q.append('wait', String(wait));
      if (this.state !== 'open') this.state = 'connecting';
      const started = Date.now();
      this.timer('pollTimeout', wait * 1000 + POLL_GRACE, () => ctl.abort());
      fetch(this.config.base + '/api/events?' + q, {
        credentials: this.config.withCredentials ? 'include' : 'same-origin',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: ctl.signal,
      })
        .then((res) => this.onPollAnswer(ctl, res, started))
        .catch((e) => {
          if (this.poll === ctl) this.fail(problem('the long-poll failed: ' + (e && e.message || e), { transport: 'poll' }));
        });
    }

    async onPollAnswer(ctl, res, started) {
      const body = await res.json().catch(() => null);
      if (this.poll !== ctl) return;
      this.poll = null;
      this.clear('pollTimeout');
      if (!res.ok || !body || !Array.isArray(body.events)) return this.pollRefused(res, body);
      if (this.state !== 'open') this.reached('poll');
      if (body.gap) this.hub.gap(this, body.gap);
      for (const ev of body.events) {
        if (this.state === 'closed') return;
        this.hub.deliver(this, { id: ev.id, topic: ev.topic, type: ev.type || 'message', data: ev.data });
      }
      this.startFrom(body.lastEventId);
      if (this.state !== 'open' || this.mode !== 'poll' || this.poll) return;
      // An empty answer that did not wait would spin: a proxy cutting requests short, say.
      const hasty = this.warm && !body.events.length && Date.now() - started < 1000;
      this.warm = true;
      if (hasty) this.timer('pollPause', 1000, () => this.openPoll());
      else this.openPoll();
    }

    pollRefused(res, body) {
      const status = res.status;
      const what = body ? String(body.type || '') + ' ' + String(body.title || '') : '';
      if (status === 401 && /token-expired/.test(what)) return this.onReauth();
      const detail = (body && (body.detail || body.title)) || 'HTTP ' + status;
      // Other client errors will not mend by retrying: a forbidden topic, a bad topic name.
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.hub.failed(this, problem('the long-poll was refused: ' + detail, { transport: 'poll', status }));
        return this.giveUp('http-' + status);
      }
      this.fail(problem('the long-poll failed: ' + detail, {
        transport: 'poll',
        status,
        retryAfter: retryAfterMs(res.headers.get('Retry-After')),
      }));
    }

    reached(transport) {
      const probed = this.probing;
      this.probing = false;
      this.failures = 0;
      if (transport === 'stream') this.streamFailures = 0;
      this.state = 'open';
      this.timer('settle', REAUTH_SETTLE, () => {
        this.reauths = 0;
      });
      if (probed) {
        // The stream resumed from where the poll was when the probe began; the poll stops now
        // and the hub drops whatever both delivered.
        if (this.poll) this.poll.abort();
        this.poll = null;
        this.clear('pollTimeout');
        this.clear('pollPause');
        this.mode = 'stream';
        this.clear('probe');
        this.hub.fellBack(this, 'poll', 'stream');
      }
      if (transport === 'poll' && !this.timers.probe) this.armProbe();
      this.hub.opened(this);
    }

    armProbe() {
      if (this.config.transport === 'auto' && this.canStream()) {
        this.timer('probe', this.config.retryStreamAfter, () => this.probe());
      }
    }

    /**
     * While long-polling, tries the stream again beside the poll, which goes on until the stream
     * says `connected`: a proxy that buffers streams costs no latency while it is being probed.
     */
    probe() {
      if (this.mode !== 'poll' || this.state !== 'open') return this.armProbe();
      this.probing = true;
      this.openStream();
    }

    onReauth() {
      this.teardown();
      this.state = 'reauth';
      this.reauths++;
      this.hub.reauth(this);
    }

    afterReauth(ok) {
      if (this.state !== 'reauth') return;
      const backoff = this.config.backoff;
      if (this.reauths >= backoff.attempts) return this.giveUp('reauth');
      // Right away only the first time: a refresh that did not take would loop as fast as the
      // server answers.
      if (ok && this.reauths === 1) return this.open();
      const delay = backoffDelay(backoff, this.reauths, 0);
      this.hub.failed(this, problem(ok ? 'the token is still expired' : 'the token expired and was not refreshed', {
        transport: this.mode,
        reason: 'token-expired',
        attempt: this.reauths,
        retryIn: Math.round(delay),
      }));
      this.state = 'waiting';
      this.timer('retry', delay, () => this.open());
    }

    fail(error) {
      if (this.state === 'closed' || this.state === 'dead') return;
      if (this.probing) {
        this.probing = false;
        if (this.es) this.es.close();
        this.es = null;
        this.clear('connect');
        this.armProbe();
        // The stream still does not work, and the poll beside it goes on: no harm done.
        if (error.transport === 'stream') return;
      }
      const mode = this.mode;
      this.teardown();
      this.failures++;
      if (mode === 'stream') this.streamFailures++;
      this.state = 'waiting';
      const backoff = this.config.backoff;
      error.attempt = this.failures;
      if (this.failures >= backoff.attempts) {
        this.hub.failed(this, error);
        return this.giveUp('attempts');
      }
      if (mode === 'stream' && this.config.transport === 'auto' && this.streamFailures >= this.config.fallbackAfter) {
        this.mode = 'poll';
        error.retryIn = 0;
        this.hub.failed(this, error);
        this.hub.fellBack(this, 'stream', 'poll');
        this.armProbe();
        this.open();
        return;
      }
      const delay = backoffDelay(backoff, this.failures, error.retryAfter);
      error.retryIn = Math.round(delay);
      delete error.retryAfter;
      this.hub.failed(this, error);
      this.timer('retry', delay, () => this.open());
    }

    giveUp(reason) {
      this.teardown();
      this.clear('probe');
      this.state = 'dead';
      this.hub.gaveUp(this, reason, Math.max(this.failures, this.reauths));
    }
  }

  // ---- where a tab's hub lives -------------------------------------------------------------------

  /** This tab alone. */
  class SoloLink {
    constructor(herald) {
      herald._role = null;
      this.hub = new Hub(herald._config);
      this.hub.add(herald._localClient(), herald._cursorObject());
    }

    send(m) {
      hubReceive(this.hub, m);
    }

    close() {
      this.hub.close();
    }
  }

  /** The origin's SharedWorker, which runs this same file. */
  class WorkerLink {
    constructor(herald) {
      this.herald = herald;
      herald._role = 'worker';
      const cfg = herald._config;
      this.worker = new SharedWorker(cfg.workerUrl, { name: 'herald:' + cfg.base });
      this.port = this.worker.port;
      this.port.onmessage = (e) => this.onMessage(e.data);
      // A worker that fails to load (a CSP, a 404, an old herald.js) must not leave the tab deaf.
      this.worker.onerror = () => this.fallBack();
      this.timer = setTimeout(() => this.fallBack(), WORKER_TIMEOUT);
      this.welcomed = false;
      this.closed = false;
      holdLock(herald._lockName()).then((release) => {
        this.release = release;
        if (this.closed) release();
        else this.port.postMessage(herald._hello());
      });
    }

    onMessage(m) {
      if (!m || this.closed) return;
      if (m.t === 'welcome') {
        clearTimeout(this.timer);
        if (m.v !== PROTOCOL) return this.fallBack();
        this.welcomed = true;
        return;
      }
      this.herald._receive(m);
    }

    fallBack() {
      if (this.welcomed || this.closed) return;
      this.close();
      this.herald._relink(leaderUsable() ? new LeaderLink(this.herald) : new SoloLink(this.herald));
    }

    send(m) {
      this.port.postMessage(m);
    }

    close() {
      if (this.closed) return;
      this.closed = true;
      clearTimeout(this.timer);
      this.port.postMessage({ t: 'bye', id: this.herald._id, v: PROTOCOL });
      this.port.close();
      if (this.release) this.release();
    }
  }

  /**
   * Tabs elect a leader with a Web Lock held for the leader's lifetime; the leader runs the hub
   * and talks to the others over a BroadcastChannel. When it goes, the next tab in the lock's
   * queue takes over, asks every tab for its topics and cursors, and resumes from the oldest.
   */
  class LeaderLink {
    constructor(herald) {
      this.herald = herald;
      herald._role = 'follower';
      const name = 'herald:' + herald._config.base;
      this.channel = new BroadcastChannel(name);
      this.channel.onmessage = (e) => this.onMessage(e.data);
      this.hub = null;
      this.ready = false;
      this.closed = false;
      this.abort = new AbortController();
      holdLock(herald._lockName()).then((release) => {
        this.release = release;
        if (this.closed) return release();
        this.ready = true;
        if (!this.hub) this.post(herald._hello());
      });
      navigator.locks
        .request(name, { signal: this.abort.signal }, () => this.lead())
        .catch(() => {});
    }

    lead() {
      if (this.closed) return undefined;
      const herald = this.herald;
      herald._role = 'leader';
      this.hub = new Hub(herald._config, (msg) => this.post(msg));
      this.hub.add(herald._localClient(), herald._cursorObject(), ANNOUNCE_WINDOW);
      this.post({ t: 'who', v: PROTOCOL });
      return new Promise((resign) => {
        this.resign = resign;
      });
    }

    post(msg) {
      if (!this.closed) this.channel.postMessage(Object.assign({ v: PROTOCOL }, msg));
    }

    onMessage(m) {
      if (!m || m.v !== PROTOCOL || this.closed) return;
      if (this.hub) {
        hubReceive(this.hub, m, (hello) =>
          remoteClient(this.hub, hello, (msg) => this.post(Object.assign({ to: hello.id }, msg))));
        return;
      }
      if (m.t === 'who') {
        if (this.ready) this.post(this.herald._hello());
      } else if (!m.to || m.to === this.herald._id) {
        this.herald._receive(m);
      }
    }

    send(m) {
      if (this.hub) hubReceive(this.hub, m);
      else this.post(m);
    }

    close() {
      if (this.closed) return;
      if (this.hub) this.hub.close();
      else this.post({ t: 'bye', id: this.herald._id, v: PROTOCOL });
      this.closed = true;
      this.abort.abort();
      if (this.resign) this.resign();
      if (this.release) this.release();
      this.channel.close();
    }
  }

  function leaderUsable() {
    return typeof BroadcastChannel !== 'undefined' && !!locks();
  }

  function workerUsable(cfg) {
    if (typeof SharedWorker === 'undefined' || typeof location === 'undefined') return false;
    try {
      return new URL(cfg.workerUrl, location.href).origin === location.origin;
    } catch (e) {
      return false;
    }
  }

  // ---- the public class --------------------------------------------------------------------------

  function settle(options) {
    const o = options || {};
    const here = typeof location !== 'undefined' ? location.href : undefined;
    let base;
    if (o.url) {
      const u = new URL(o.url, here);
      base = u.origin + u.pathname.replace(/\/+$/, '');
    } else if (here) {
      base = new URL(here).origin;
    } else {
      throw new TypeError('Herald: options.url is required outside a page');
    }
    const b = o.backoff || {};
    const number = (v, fallback, min) => (typeof v === 'number' && v >= min ? v : fallback);
    let transport = o.transport || 'auto';
    if (!['auto', 'stream', 'poll'].includes(transport)) {
      console.warn('herald: transport must be "auto", "stream" or "poll", not ' + JSON.stringify(transport));
      transport = 'auto';
    }
    const streamable = typeof EventSource !== 'undefined';
    if (transport === 'stream' && !streamable) console.warn('herald: transport "stream" without EventSource; long-polling');
    return {
      base,
      withCredentials: !!o.withCredentials,
      transport,
      streamable,
      backoff: { base: number(b.base, 1000, 1), cap: number(b.cap, 30000, 1), attempts: number(b.attempts, Infinity, 1) },
      fallbackAfter: number(o.fallbackAfter, 3, 1),
      retryStreamAfter: number(o.retryStreamAfter, 60000, 1000),
      pollWait: Math.floor(Math.min(number(o.pollWait, 25, 0), 25)),
      maxTopics: Math.floor(number(o.maxTopics, 32, 1)),
      workerUrl: o.workerUrl ? String(o.workerUrl) : base + '/herald.js',
    };
  }

  class Herald {
    constructor(topics, options) {
      const list = typeof topics === 'string' ? [topics] : Array.from(topics || []);
      if (!list.length || list.some((t) => typeof t !== 'string' || !t)) {
        throw new TypeError('Herald: name one or more topics, as non-empty strings');
      }
      this._topics = new Set(list);
      this._options = Object.assign({}, options);
      this._config = settle(this._options);
      this._handlers = new Map();
      this._cursors = new Map();
      this._newest = null;
      this._closed = false;
      this._suspended = false;
      this._link = null;
      this._onPageHide = (e) => {
        // A page that may come back from the back/forward cache only pauses, and catches up on
        // return: its cursors still say where it was.
        if (e.persisted) this._suspend();
        else this.close();
      };
      this._onPageShow = (e) => {
        if (e.persisted && this._suspended && !this._closed) {
          this._suspended = false;
          this._start();
        }
      };
      if (typeof addEventListener === 'function') {
        addEventListener('pagehide', this._onPageHide);
        addEventListener('pageshow', this._onPageShow);
      }
      this._start();
    }

    get lastEventId() {
      return this._newest === ORIGIN ? null : this._newest;
    }

    get topics() {
      return [...this._topics];
    }

    on(type, fn) {
      if (typeof fn !== 'function') throw new TypeError('Herald.on: the handler must be a function');
      if (!this._handlers.has(type)) this._handlers.set(type, new Set());
      this._handlers.get(type).add(fn);
      return this;
    }

    off(type, fn) {
      const set = this._handlers.get(type);
      if (set && fn) set.delete(fn);
      else if (set) set.clear();
      return this;
    }

    close() {
      if (this._closed) return;
      this._closed = true;
      if (typeof removeEventListener === 'function') {
        removeEventListener('pagehide', this._onPageHide);
        removeEventListener('pageshow', this._onPageShow);
      }
      if (this._link) this._link.close();
      this._link = null;
    }

    _start() {
      // A fresh id per start: a hub may still hold the previous one until its lock watcher fires.
      this._id = randomId();
      const share = this._options.share !== false;
      if (share && workerUsable(this._config)) this._link = new WorkerLink(this);
      else if (share && leaderUsable()) this._link = new LeaderLink(this);
      else this._link = new SoloLink(this);
    }

    _suspend() {
      this._suspended = true;
      if (this._link) this._link.close();
      this._link = null;
    }

    _relink(link) {
      if (this._closed || this._suspended) link.close();
      else this._link = link;
    }

    _lockName() {
      return 'herald-tab:' + this._id;
    }

    _cursorObject() {
      return Object.fromEntries(this._cursors);
    }

    _hello() {
      return {
        t: 'hello',
        v: PROTOCOL,
        id: this._id,
        topics: [...this._topics],
        cursors: this._cursorObject(),
        reauth: typeof this._options.onReauth === 'function',
        lock: locks() ? this._lockName() : null,
        config: this._config,
      };
    }

    /** This tab as a client of a hub running in this same tab. */
    _localClient() {
      return {
        id: this._id,
        topics: new Set(this._topics),
        reauth: typeof this._options.onReauth === 'function',
        remote: false,
        live: false,
        // Never call into the page's handlers from inside the hub's own bookkeeping.
        post: (m) => queueMicrotask(() => this._receive(m)),
      };
    }

    _receive(m) {
      if (this._closed || !this._link) return;
      switch (m.t) {
        case 'event':
          return this._event(m.ev);
        case 'cursors':
          for (const [topic, id] of Object.entries(m.cursors || {})) {
            if (this._topics.has(topic)) this._advance(topic, id);
          }
          return;
        case 'open':
          return this._call('onOpen', { transport: m.transport, shared: this._role, lastEventId: this.lastEventId });
        case 'error':
          return this._call('onError', heraldError(m.error));
        case 'gap': {
          const topics = m.gap.topics.filter((t) => this._topics.has(t) && gapHits(m.gap, this._cursors.get(t)));
          if (topics.length) this._call('onGap', Object.assign({}, m.gap, { topics }));
          return;
        }
        case 'reauth':
          return this._reauth(m.rid);
        case 'fallback':
          return this._call('onFallback', { from: m.from, to: m.to });
        case 'giveup':
          return this._call('onGiveUp', { reason: m.reason, attempts: m.attempts });
      }
    }

    _advance(topic, id) {
      if (!parseId(id) || !isAfter(id, this._cursors.get(topic))) return false;
      this._cursors.set(topic, id);
      if (isAfter(id, this._newest)) this._newest = id;
      return true;
    }

    /** Each tab drops what it has seen by its own cursors: a new leader replays from the oldest. */
    _event(ev) {
      if (!ev || !this._topics.has(ev.topic) || !this._advance(ev.topic, ev.id)) return;
      const event = { id: ev.id, topic: ev.topic, type: ev.type, data: ev.data };
      for (const type of [ev.type, '*']) {
        const set = this._handlers.get(type);
        if (!set) continue;
        for (const fn of [...set]) {
          try {
            fn.call(this, event);
          } catch (e) {
            report(e);
          }
        }
      }
    }

    _reauth(rid) {
      const fn = this._options.onReauth;
      Promise.resolve()
        .then(() => fn.call(this))
        .then(
          () => true,
          (e) => {
            this._call('onError', e);
            return false;
          },
        )
        .then((ok) => {
          if (this._link) this._link.send({ t: 'reauthed', v: PROTOCOL, id: this._id, rid, ok });
        });
    }

    _call(name, arg) {
      const fn = this._options[name];
      if (typeof fn !== 'function') return;
      try {
        fn.call(this, arg);
      } catch (e) {
        report(e);
      }
    }
  }

  // ---- diagnosis: what the path between Herald and this page does to a stream --------------------

  // An event may arrive this much off its schedule before the path counts as buffering.
  const BUFFERED_SKEW_MS = 1000;
  // Beyond the stream's own length: how long a silent path is given before it counts as holding.
  const DIAGNOSIS_GRACE_MS = 10000;
  // How long the first probe may take, headers included, before the path counts as holding it.
  const FIRST_PROBE_WAIT_MS = 15000;
  const FIXES = {
    buffered:
      'A proxy buffers the stream. Turn buffering off for /sse and let X-Accel-Buffering through ' +
      '(nginx: proxy_buffering off, proxy_http_version 1.1, no proxy_ignore_headers ' +
      'X-Accel-Buffering, no gzip on ' +
      'text/event-stream): docs/deployment.md, Troubleshooting, "later events come late, in bursts".',
    cut:
      "Something on the path closes quiet streams: an idle timeout below Herald's heartbeat " +
      "(nginx's proxy_read_timeout, a load balancer's idle timeout). Raise it above " +
      'herald.stream.heartbeat: docs/deployment.md, Troubleshooting, "streams drop after 60 s".',
    blocked:
      'The stream was refused or could not be reached (its status, CORS, or no route): ' +
      'docs/deployment.md, Troubleshooting, and "Testing each hop with curl".',
  };

  function verdict(name, message, data) {
    return { verdict: name, ok: name === 'ok', message, fix: FIXES[name] || null, data };
  }

  /** Reads SSE frames from a fetch body, calling onEvent(type, data) for each. */
  async function readFrames(reader, onEvent) {
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
      let end;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        let type = 'message';
        const data = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent(type, data.join('\n'));
      }
    }
  }

  /**
   * Opens Herald's diagnostics stream through the same path as real streams and times its probes:
   * `ok`, `buffered` (held back by a proxy), `cut` (ended early), or `blocked` (refused, CORS).
   * With {idle: true} the stream stays quiet but for heartbeats, to catch an idle timeout.
   */
  async function diagnose(baseUrl, options) {
    const o = options || {};
    const here = typeof location !== 'undefined' ? location.href : undefined;
    const base = new URL(baseUrl || new URL(here).origin, here).href.replace(/\/+$/, '');
    const url = base + '/sse/herald/diagnostics' + (o.idle ? '?idle=1' : '');
    const clock = () => performance.now();
    const started = clock();
    const abort = new AbortController();
    let timedOut = false;
    // Armed before the request: a proxy that buffers a close-delimited stream holds even its
    // headers, so waiting for the response could wait for ever.
    let watchdog = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, FIRST_PROBE_WAIT_MS);
    let response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: o.withCredentials ? 'include' : 'same-origin',
        signal: abort.signal,
      });
    } catch (e) {
      if (timedOut) {
        return verdict('buffered', 'Nothing came back, not even the headers: a proxy holds the whole stream.', {
          url,
          elapsedMillis: Math.round(clock() - started),
        });
      }
      clearTimeout(watchdog);
      return verdict('blocked', 'The stream could not be opened (no route, or CORS refused it): ' + e.message, {
        url,
      });
    }
    if (response.status !== 200) {
      clearTimeout(watchdog);
      let detail = '';
      try {
        detail = (await response.json()).detail || '';
      } catch (e) {
        // not a problem body: a proxy's own page
      }
      return verdict('blocked', 'The stream was answered ' + response.status + (detail ? ': ' + detail : ''), {
        url,
        status: response.status,
      });
    }
    const probes = [];
    let plan = null;
    let finished = false;
    try {
      await readFrames(response.body.getReader(), (type, data) => {
        if (type === 'probe') {
          const p = JSON.parse(data);
          probes.push({ seq: p.seq, sentAt: p.sentAt, arrivedAt: clock() });
          if (!plan) {
            plan = p;
            clearTimeout(watchdog);
            const length = p.idleMillis || p.of * p.everyMillis;
            watchdog = setTimeout(() => {
              timedOut = true;
              abort.abort();
            }, length + DIAGNOSIS_GRACE_MS);
          }
        } else if (type === 'done') {
          finished = true;
          abort.abort();
        }
      });
    } catch (e) {
      // aborted by the watchdog or by `done`, or the connection broke: judged below
    }
    clearTimeout(watchdog);
    const ended = clock();
    const first = probes[0];
    let skew = 0;
    for (const p of probes) {
      skew = Math.max(skew, Math.abs(p.arrivedAt - first.arrivedAt - (p.sentAt - first.sentAt)));
    }
    const data = {
      url,
      status: 200,
      probes: probes.length,
      expected: plan ? plan.of : null,
      firstProbeMillis: first ? Math.round(first.arrivedAt - started) : null,
      maxSkewMillis: Math.round(skew),
      elapsedMillis: Math.round(ended - started),
    };
    if (!first) {
      return verdict(
        timedOut ? 'buffered' : 'cut',
        timedOut ? 'Headers came but no event did: a proxy holds the whole stream.' : 'The stream ended before its first event.',
        data
      );
    }
    if (skew > BUFFERED_SKEW_MS) {
      return verdict('buffered', 'Events came up to ' + (skew / 1000).toFixed(1) + ' s off their schedule: a proxy holds them back.', data);
    }
    if (!finished || probes.length < plan.of) {
      data.cutAfterSeconds = Math.round((ended - first.arrivedAt) / 100) / 10;
      return verdict('cut', 'The stream was cut after ' + data.cutAfterSeconds + ' s, before its last event.', data);
    }
    return verdict('ok', 'Events arrive on time and the stream stays open: the path does not get in the way.', data);
  }

  Herald.diagnose = diagnose;

  // ---- entry points ------------------------------------------------------------------------------

  function runWorker() {
    let hub = null;
    globalThis.onconnect = (e) => {
      const port = e.ports[0];
      port.onmessage = (msg) => {
        const m = msg.data;
        if (!m) return;
        if (m.v !== PROTOCOL) return port.postMessage({ t: 'welcome', v: PROTOCOL });
        // The first tab's options configure the worker (every tab names the same base); a worker
        // whose tabs all left takes the next one's.
        if (m.t === 'hello' && (!hub || !hub.clients.size)) {
          if (hub) hub.close();
          hub = new Hub(m.config);
        }
        hubReceive(hub, m, (hello) => remoteClient(hub, hello, (out) => port.postMessage(out)));
        if (m.t === 'hello') port.postMessage({ t: 'welcome', v: PROTOCOL });
      };
    };
  }

  if (typeof SharedWorkerGlobalScope !== 'undefined' && globalThis instanceof SharedWorkerGlobalScope) {
    runWorker();
  } else {
    globalThis.Herald = Herald;
  }
})();
