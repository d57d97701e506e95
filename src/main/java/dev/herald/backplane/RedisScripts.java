package dev.herald.backplane;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The two Lua scripts the Redis log runs. Each runs atomically inside Redis, which is what makes a
 * batch all-or-nothing, an idempotency check race-free, and a history read one consistent snapshot.
 */
final class RedisScripts {
  /**
   * KEYS: the stream, the idempotency key's key. ARGV: the deadline (Redis's clock, millis), the
   * count bound, the age bound (millis), the key's fingerprint ("" for none), then per event its
   * topic, type, kind ("j" JSON, "t" text), data, client id ("" none), retained ("1"/"0").
   *
   * <p>The deadline is the fence: a command sent to a Redis that then paused still runs when it
   * resumes, and by then the publisher has been told no. Such a late run refuses itself.
   */
  static final String APPEND =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      if now > tonumber(ARGV[1]) then return {'late'} end
      local fingerprint = ARGV[4]
      if fingerprint ~= '' then
        local seen = redis.call('GET', KEYS[2])
        if seen then
          local cut = string.find(seen, ' ', 1, true)
          if string.sub(seen, 1, cut - 1) ~= fingerprint then return {'conflict'} end
          return {'repeat', string.sub(seen, cut + 1)}
        end
      end
      local previous = '0-0'
      if redis.call('EXISTS', KEYS[1]) == 1 then
        local info = redis.call('XINFO', 'STREAM', KEYS[1])
        for i = 1, #info, 2 do
          if info[i] == 'last-generated-id' then previous = info[i + 1] end
        end
      end
      local ids = {}
      for i = 5, #ARGV, 6 do
        local fields = {'t', ARGV[i], 'y', ARGV[i + 1], 'k', ARGV[i + 2], 'd', ARGV[i + 3],
          'p', previous}
        if ARGV[i + 4] ~= '' then table.insert(fields, 'c'); table.insert(fields, ARGV[i + 4]) end
        if ARGV[i + 5] == '0' then table.insert(fields, 'r'); table.insert(fields, '0') end
        previous = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
        ids[#ids + 1] = previous
      end
      redis.call('XTRIM', KEYS[1], 'MINID', '~', now - tonumber(ARGV[3]))
      local joined = table.concat(ids, ',')
      if fingerprint ~= '' then
        redis.call('SET', KEYS[2], fingerprint .. ' ' .. joined, 'PX', ARGV[3])
      end
      return {'ok', joined}
      """;

  /**
   * KEYS: the stream. ARGV: the cursor ("" for none). Answers the newest id ever assigned, the
   * oldest retained, the newest trimmed and the entries after the cursor, all from one moment.
   *
   * <p>Redis's own max-deleted-entry-id counts only XDEL, not trimming, so each entry carries its
   * predecessor's id ({@code p}): the oldest retained entry's predecessor is the newest trimmed.
   */
  static final String READ =
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return {'', '', '', {}} end
      local info = redis.call('XINFO', 'STREAM', KEYS[1])
      local newest, oldest, trimmed = '', '', ''
      for i = 1, #info, 2 do
        local k, v = info[i], info[i + 1]
        if k == 'last-generated-id' then newest = v
        elseif k == 'first-entry' and v then
          oldest = v[1]
          trimmed = oldest
          for j = 1, #v[2], 2 do
            if v[2][j] == 'p' then trimmed = v[2][j + 1] end
          end
        end
      end
      local entries = {}
      if ARGV[1] ~= '' then entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+') end
      return {newest, oldest, trimmed, entries}
      """;

  private final String appendSha;
  private final String readSha;

  RedisScripts() {
    appendSha = sha1(APPEND);
    readSha = sha1(READ);
  }

  Object append(Jedis redis, List<String> keys, List<String> args) {
    return run(redis, APPEND, appendSha, keys, args);
  }

  Object read(Jedis redis, List<String> keys, List<String> args) {
    return run(redis, READ, readSha, keys, args);
  }

  /** By digest; a Redis that restarted has forgotten the script, so it is sent once more. */
  private static Object run(
      Jedis redis, String script, String sha, List<String> keys, List<String> args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(script, keys, args);
    }
  }

  private static String sha1(String script) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
