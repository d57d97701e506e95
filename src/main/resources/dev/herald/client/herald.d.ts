// Types for herald.js, the browser client of Herald. Served as /herald.d.ts; /herald.mjs exports
// `Herald` both by name and as the default, and /herald.js defines `globalThis.Herald`.

/** One published event, the same on every transport. */
export interface HeraldEvent<T = unknown> {
  /** `<millis>-<seq>`, increasing across all topics. */
  id: string;
  topic: string;
  /** The publisher's event type; `"message"` when it named none. */
  type: string;
  /** The parsed JSON value for events published as JSON, the text for events published as text. */
  data: T;
}

export type HeraldHandler<T = unknown> = (this: Herald, event: HeraldEvent<T>) => void;

/** Events after `requested` may be lost: Herald's history no longer reaches back that far. */
export interface HeraldGap {
  /** The cursor the connection resumed from. */
  requested: string | null;
  /** The oldest event Herald still holds, or `null` when it holds none. */
  oldest: string | null;
  /** `"truncated"`: history was trimmed; `"unknown"`: Herald did not recognise the cursor. */
  reason: 'truncated' | 'unknown' | string;
  /** This Herald's topics the gap may have hit. */
  topics: string[];
}

export interface HeraldOpenInfo {
  transport: 'stream' | 'poll';
  /**
   * How this tab shares the connection: through the origin's SharedWorker, as the tab holding it
   * for the others, as one of those others, or not at all.
   */
  shared: 'worker' | 'leader' | 'follower' | null;
  lastEventId: string | null;
}

/** A transient failure; herald.js keeps retrying. */
export interface HeraldError extends Error {
  name: 'HeraldError';
  transport: 'stream' | 'poll';
  /** The HTTP status, when one is known (long-polls; a browser's EventSource hides it). */
  status?: number;
  /** Consecutive failures so far, this one included. */
  attempt?: number;
  /** Milliseconds until the next attempt. */
  retryIn?: number;
  /** `"token-expired"` when the token could not be refreshed. */
  reason?: string;
}

export interface HeraldFallbackInfo {
  from: 'stream' | 'poll';
  to: 'stream' | 'poll';
}

export interface HeraldGiveUpInfo {
  /** `"attempts"` (backoff.attempts used up), `"reauth"`, or `"http-<status>"` for a refusal that retrying cannot mend (403, 404, ...). */
  reason: string;
  attempts: number;
}

export interface HeraldBackoff {
  /** Milliseconds; the n-th retry waits random(0, min(cap, base * 2^(n-1))), at least Retry-After. Default 1000. */
  base?: number;
  /** Default 30000. */
  cap?: number;
  /** Consecutive failures before giving up. Default Infinity. */
  attempts?: number;
}

export interface HeraldOptions {
  /** Herald's base URL; default: the page's origin. */
  url?: string;
  /** Send cookies to a Herald on another origin. Default false. */
  withCredentials?: boolean;
  /**
   * true (default): one connection per browser, through a SharedWorker, else a leader tab (Web
   * Locks and BroadcastChannel); false: this tab connects by itself.
   */
  share?: boolean;
  /** "auto" (default) streams and falls back to long-polling; "stream" and "poll" force one. */
  transport?: 'auto' | 'stream' | 'poll';
  backoff?: HeraldBackoff;
  /** Consecutive stream failures, none of which reached `connected`, before long-polling. Default 3. */
  fallbackAfter?: number;
  /** While long-polling, try streaming again this often, in milliseconds. Default 60000. */
  retryStreamAfter?: number;
  /** Seconds a long-poll waits for events; Herald caps it at 25. Default 25. */
  pollWait?: number;
  /** Most topics on one connection; more are split over several. Default 32. */
  maxTopics?: number;
  /** The SharedWorker's script; default `${url}/herald.js`. A cross-origin one means leader-tab sharing. */
  workerUrl?: string;

  /** All of this Herald's topics are live (again). */
  onOpen?(this: Herald, info: HeraldOpenInfo): void;
  onError?(this: Herald, error: HeraldError | Error): void;
  onGap?(this: Herald, gap: HeraldGap): void;
  /**
   * The token cookie expired: refresh it, then resolve. herald.js reconnects at once with its
   * cursor. With sharing, one tab is asked on behalf of all.
   */
  onReauth?(this: Herald): void | Promise<unknown>;
  onFallback?(this: Herald, info: HeraldFallbackInfo): void;
  onGiveUp?(this: Herald, info: HeraldGiveUpInfo): void;
}

/** What Herald.diagnose found on the path between Herald and this page. */
export interface HeraldDiagnosis {
  /** `ok`; `buffered` (a proxy holds events back); `cut` (the stream ended early); `blocked` (a refusal, CORS, no route). */
  verdict: 'ok' | 'buffered' | 'cut' | 'blocked';
  ok: boolean;
  /** The finding in words. */
  message: string;
  /** The fix, pointing into docs/deployment.md; null when all is well. */
  fix: string | null;
  data: {
    url: string;
    status?: number;
    probes?: number;
    expected?: number | null;
    /** From the request to the first probe. */
    firstProbeMillis?: number | null;
    /** The furthest any probe arrived off its schedule, measured from the first one. */
    maxSkewMillis?: number;
    elapsedMillis?: number;
    cutAfterSeconds?: number;
  };
}

export declare class Herald {
  /**
   * Opens Herald's diagnostics stream (`/sse/herald/diagnostics`) through the same proxies as real
   * streams and times its events. With `idle`, the stream stays quiet but for heartbeats for the
   * heartbeat interval plus 10 s, to catch an idle timeout below the heartbeat.
   */
  static diagnose(
    baseUrl?: string,
    options?: { idle?: boolean; withCredentials?: boolean }
  ): Promise<HeraldDiagnosis>;

  /**
   * Subscribes to `topics` at once. Lifecycle callbacks are options, so that no publisher's event
   * type (even "open" or "error") collides with them.
   */
  constructor(topics: string | readonly string[], options?: HeraldOptions);

  /** Handles events of one type, or of every type with "*". */
  on<T = unknown>(type: string, handler: HeraldHandler<T>): this;
  /** Removes one handler, or every handler of the type when none is named. */
  off(type: string, handler?: HeraldHandler<any>): this;
  /** Ends this Herald's subscription; also done on `pagehide`. */
  close(): void;

  /** The newest event id this Herald has seen, or null. */
  readonly lastEventId: string | null;
  readonly topics: string[];
}

export default Herald;

type HeraldClass = typeof Herald;

declare global {
  /** Defined by /herald.js loaded as a classic script. */
  var Herald: HeraldClass;
}
