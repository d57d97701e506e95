package dev.herald.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Redis alone, the way the backplane uses it, without Herald: one connection appends ({@code
 * XADD}), another waits in {@code XREAD BLOCK} from the last id it saw. Times, per entry, the
 * append's round trip and the hop from sending the append to the blocked reader having the entry.
 * That hop is the least the Redis backplane can add to a delivery; Herald's publish→deliver latency
 * less the memory backplane's should come close to it.
 */
final class RedisHopProbe {
  private final RunContext context;
  private final int redisPort;
  private final int count;
  private final double rate;
  private final String label;
  private final String stream;

  RedisHopProbe(RunContext context, Options o) {
    this.context = context;
    this.redisPort = o.integer("redis-port", 6379);
    this.count = o.integer("count", 4000);
    this.rate = o.decimal("rate", 200);
    this.label = o.string("label", "redis hop");
    this.stream = "bench:" + context.topics().name(0);
  }

  void run() throws Exception {
    System.out.printf(
        "%s %s: %d XADD at %.0f/s, an XREAD BLOCK reader on another connection%n",
        context.scenario(), label, count, rate);
    Histogram append = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
    Histogram hop = new Histogram(SubscriberLoop.MAX_LATENCY_MICROS, 3);
    int warmup = count / 4;
    try (Socket writer = connect();
        Socket reader = connect()) {
      InputStream writerIn = new BufferedInputStream(writer.getInputStream());
      OutputStream writerOut = writer.getOutputStream();
      InputStream readerIn = new BufferedInputStream(reader.getInputStream());
      OutputStream readerOut = reader.getOutputStream();
      String last = "$";
      long interval = (long) (1e9 / rate);
      long next = System.nanoTime();
      for (int i = 0; i < count + warmup; i++) {
        command(readerOut, "XREAD", "BLOCK", "0", "STREAMS", stream, last);
        // The reader must be blocked before the append, or the hop would include its late start.
        LockSupport.parkNanos(Math.max(200_000L, next - System.nanoTime()));
        long sent = System.nanoTime();
        command(writerOut, "XADD", stream, "MAXLEN", "~", "1000", "*", "n", Long.toString(i));
        Object id = read(writerIn);
        long appended = System.nanoTime();
        Object entries = read(readerIn);
        long delivered = System.nanoTime();
        last = (String) id;
        if (!(entries instanceof List<?>)) {
          throw new IllegalStateException("XREAD answered " + entries);
        }
        if (i >= warmup) {
          append.recordValue((appended - sent) / 1000);
          hop.recordValue((delivered - sent) / 1000);
        }
        next += interval;
      }
      command(writerOut, "DEL", stream);
      read(writerIn);
    }
    context
        .log()
        .append(
            context
                .record()
                .put("step", label)
                .put("label", label)
                .put("count", count)
                .put("rate", rate)
                .put("appendP50Ms", append.getValueAtPercentile(50) / 1000.0)
                .put("appendP99Ms", append.getValueAtPercentile(99) / 1000.0)
                .put("p50Ms", hop.getValueAtPercentile(50) / 1000.0)
                .put("p99Ms", hop.getValueAtPercentile(99) / 1000.0)
                .put("p999Ms", hop.getValueAtPercentile(99.9) / 1000.0));
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", redisPort);
    s.setTcpNoDelay(true);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void command(OutputStream out, String... args) throws IOException {
    StringBuilder b = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One RESP2 reply: strings, numbers, null, or lists of those. */
  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new IOException("Redis: " + line);
      case '$' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(n + 2);
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(read(in));
        }
        return list;
      }
      default -> throw new IOException("not a RESP reply: " + (char) type + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      b.append((char) c);
    }
    in.read(); // the LF
    return b.toString();
  }
}
