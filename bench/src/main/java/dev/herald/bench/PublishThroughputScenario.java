package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How many events per second a server accepts, closed loop: a few keep-alive connections, each
 * sending its next publish as soon as the previous one is answered, and what each request costs the
 * server's core. With {@code --batch 1} a request is one event, as the target takes it (Herald:
 * {@code POST /api/topics/{topic}/events} with its JSON and token; nchan: {@code POST /pub/...});
 * with {@code --batch N} it is one Herald {@code POST /api/events} carrying N events over the run's
 * topics. Closed loop on purpose: the question is the ceiling, and an open-loop rate above it would
 * only measure queueing.
 */
final class PublishThroughputScenario {
  private static final long RECONNECT_PAUSE_NANOS = 100_000_000L;

  private final RunContext context;
  private final int connections;
  private final int batch;
  private final int topicCount;
  private final double seconds;
  private final double warmupSeconds;
  private final String label;
  private final long redisPid;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final Recorder answerMicros = new Recorder(SubscriberLoop.MAX_LATENCY_MICROS, 3);
  private volatile boolean running = true;

  PublishThroughputScenario(RunContext context, Options o) {
    this.context = context;
    this.connections = o.integer("publishers", 4);
    this.batch = o.integer("batch", 1);
    this.topicCount = o.integer("topics", 8);
    this.seconds = o.decimal("seconds", 10);
    this.warmupSeconds = o.decimal("warmup-seconds", 5);
    this.label = o.string("label", "");
    this.redisPid = o.integer("redis-pid", 0);
  }

  void run() throws Exception {
    System.out.printf(
        "%s %s: %d connections to :%d, %s, %.0f s%n",
        context.scenario(),
        label,
        connections,
        context.port(),
        batch == 1 ? "single events" : "batches of " + batch,
        seconds);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      byte[] request = request(i);
      Thread t = new Thread(() -> publishLoop(request), "publisher-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    Thread.sleep((long) (warmupSeconds * 1000));
    long requestsBefore = requests.get();
    long eventsBefore = events.get();
    long failuresBefore = failures.get();
    answerMicros.getIntervalHistogram();
    CpuWindow cpu = new CpuWindow(context);
    CoreLoad cores = new CoreLoad(redisPid);
    long start = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    double elapsed = (System.nanoTime() - start) / 1e9;
    long accepted = events.get() - eventsBefore;
    long answered = requests.get() - requestsBefore;
    long failed = failures.get() - failuresBefore;
    Histogram answers = answerMicros.getIntervalHistogram();
    ResultRecord r = context.record();
    cpu.addTo(r);
    cores.addTo(r);
    running = false;
    for (Thread t : threads) {
      t.join(5000);
    }
    double requestsPerSecond = answered / elapsed;
    r.put("step", label.isEmpty() ? "1" : label)
        .put("label", label)
        .put("publishers", connections)
        .put("batch", batch)
        .put("topics", topicCount)
        .put("payloadBytes", context.payloadSize())
        .put("seconds", elapsed)
        .put("requests", answered)
        .put("accepted", accepted)
        .put("failed", failed)
        .put("acceptedTotal", events.get())
        .put("eventsPerSecond", accepted / elapsed)
        .put("achieved", accepted / elapsed)
        .put("requestsPerSecond", requestsPerSecond)
        // The server's CPU time per request: its share of one core over the requests it answered.
        .put("cpuMicrosPerRequest", r.number("serverCpuPct") / 100 * 1e6 / requestsPerSecond)
        .put("answerP50Ms", millis(answers, 50))
        .put("answerP99Ms", millis(answers, 99));
    if (firstFailure.get() != null) {
      r.put("firstFailure", firstFailure.get());
    }
    context.log().append(r);
  }

  /** The whole HTTP request one connection sends again and again. */
  private byte[] request(int connection) {
    if (batch == 1) {
      Target target = context.target();
      byte[] payload = data(connection).getBytes(StandardCharsets.US_ASCII);
      String topic = context.topics().name(connection % topicCount);
      return concat(
          target.publishHead(topic, context.port(), payload.length, context.token()),
          payload,
          target.publishTail());
    }
    if (context.target() != Target.HERALD) {
      throw new IllegalArgumentException("batches are Herald's: --batch needs --target herald");
    }
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < batch; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"topic\":\"")
          .append(context.topics().name(i % topicCount))
          .append("\",\"data\":\"")
          .append(data(i))
          .append("\"}");
    }
    byte[] json = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:"
            + context.port()
            + (context.token().isEmpty() ? "" : "\r\nAuthorization: Bearer " + context.token())
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + json.length
            + "\r\n\r\n";
    return concat(head.getBytes(StandardCharsets.US_ASCII), json, new byte[0]);
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] all = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    System.arraycopy(c, 0, all, a.length + b.length, c.length);
    return all;
  }

  /** A payload of the configured size, in the benchmark's usual shape (no JSON escaping needed). */
  private String data(int seq) {
    byte[] out = new byte[Payload.maxLength(context.payloadSize())];
    int n = Payload.encode(seq, 0, context.payloadSize(), out, 0);
    return new String(out, 0, n, StandardCharsets.US_ASCII);
  }

  private void publishLoop(byte[] request) {
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", context.port());
    ByteBuffer out = ByteBuffer.wrap(request);
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    ResponseHead head = new ResponseHead();
    ChunkedDecoder chunks = new ChunkedDecoder();
    SocketChannel channel = null;
    while (running) {
      try {
        if (channel == null) {
          channel = SocketChannel.open(server);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        long sent = System.nanoTime();
        out.rewind();
        while (out.hasRemaining()) {
          channel.write(out);
        }
        head.reset();
        chunks.reset();
        boolean close = readAnswer(channel, in, head, chunks);
        answerMicros.recordValue(
            Math.min((System.nanoTime() - sent) / 1000, SubscriberLoop.MAX_LATENCY_MICROS));
        requests.incrementAndGet();
        // Herald answers 201; nchan 201 or 202 (no subscriber yet), both accepted.
        if (head.status() / 100 == 2) {
          events.addAndGet(batch);
        } else {
          failed("HTTP " + head.status());
        }
        if (close) {
          channel.close();
          channel = null;
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          failed(e.toString());
          LockSupport.parkNanos(RECONNECT_PAUSE_NANOS);
        }
        closeQuietly(channel);
        channel = null;
      }
    }
    closeQuietly(channel);
  }

  /** Reads one whole answer; returns whether the server closes the connection after it. */
  private static boolean readAnswer(
      SocketChannel channel, ByteBuffer in, ResponseHead head, ChunkedDecoder chunks)
      throws IOException {
    long bodyRemaining = -1;
    while (true) {
      in.clear();
      int n = channel.read(in);
      if (n < 0) {
        throw new IOException("connection closed before the answer");
      }
      byte[] bytes = in.array();
      int pos = 0;
      if (!head.complete()) {
        pos += head.feed(bytes, 0, n);
        if (!head.complete()) {
          continue;
        }
        bodyRemaining = head.chunked() ? -1 : Math.max(0, head.contentLength());
      }
      if (head.chunked()) {
        chunks.feed(bytes, pos, n - pos, (b, o, l) -> {});
        if (chunks.done()) {
          return head.closeAfter();
        }
      } else {
        bodyRemaining -= Math.min(bodyRemaining, n - pos);
        if (bodyRemaining == 0) {
          return head.closeAfter();
        }
      }
    }
  }

  private void failed(String reason) {
    failures.incrementAndGet();
    firstFailure.compareAndSet(null, reason);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // Best effort.
    }
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
