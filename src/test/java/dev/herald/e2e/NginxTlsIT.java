package dev.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Http;
import dev.herald.testing.StandardServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped internet site ({@code deploy/nginx/herald.conf}) with a certificate made for the
 * test: streams over TLS and HTTP/2, and plain HTTP sent to HTTPS.
 */
@ExtendWith(StandardServer.class)
class NginxTlsIT {
  private static Nginx nginx;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    Path certs = Files.createDirectories(Path.of("target/nginx/tls-certs").toAbsolutePath());
    Path cert = certs.resolve("fullchain.pem");
    Path key = certs.resolve("privkey.pem");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .redirectOutput(certs.resolve("openssl.log").toFile())
            .start();
    assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl failed");
    nginx =
        Nginx.start(
            "tls",
            Nginx.Site.shipped("herald.conf")
                .herald(StandardServer.get().port())
                .listen("http", "80;")
                .listen("https", "443 ssl http2;")
                .replace("herald.conf", "/etc/ssl/herald/fullchain.pem", cert.toString())
                .replace("herald.conf", "/etc/ssl/herald/privkey.pem", key.toString()));
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(trusting(cert))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (nginx != null) nginx.close();
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  @Test
  void streamsFlowOverHttp2() throws Exception {
    String topic = "nginx/tls/" + UUID.randomUUID();
    URI uri = URI.create("https://127.0.0.1:" + nginx.port("https") + "/sse/" + topic);
    HttpResponse<Stream<String>> r =
        client.send(
            HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> r.body().forEach(lines::add), "h2-sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      assertEquals(200, r.statusCode());
      assertEquals(HttpClient.Version.HTTP_2, r.version());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      awaitLine(lines, "event: connected", Duration.ofSeconds(5));
      Http.publish(StandardServer.get(), topic, "over-h2", "{\"ok\":true}");
      awaitLine(lines, "event: over-h2", Duration.ofSeconds(1));
      awaitLine(lines, "data: {\"ok\":true}", Duration.ofSeconds(1));
    } finally {
      r.body().close();
    }
  }

  @Test
  void plainHttpIsSentToHttps() throws IOException, InterruptedException {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(nginx.uri("http", "/sse/a?topic=b")).build(),
                HttpResponse.BodyHandlers.discarding());
    assertEquals(308, r.statusCode());
    assertTrue(
        r.headers()
            .firstValue("location")
            .orElse("")
            .matches("https://127\\.0\\.0\\.1(:\\d+)?/sse/a\\?topic=b"),
        r.headers().map().toString());
  }

  private static void awaitLine(BlockingQueue<String> lines, String expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (; ; ) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) throw new AssertionError("no '" + expected + "' within " + timeout);
      if (line.equals(expected)) return;
    }
  }
}
