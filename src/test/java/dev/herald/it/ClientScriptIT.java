package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.HeraldServer;
import dev.herald.testing.Http;
import dev.herald.testing.StandardServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * herald.js as Herald serves it: a script, the same as a module, its types; each revalidated on
 * every load by its tag. (What the script does is tested in a real browser, in the e2e suite.)
 */
@ExtendWith(StandardServer.class)
class ClientScriptIT {
  private final HeraldServer server = StandardServer.get();

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("");
  }

  @Test
  void theScriptCarriesATagAndIsRevalidatedEveryTime() {
    HttpResponse<String> js = Http.get(server.uri("/herald.js"));
    assertEquals(200, js.statusCode());
    assertTrue(
        header(js, "Content-Type").startsWith("text/javascript"), header(js, "Content-Type"));
    assertEquals("no-cache", header(js, "Cache-Control"));
    String tag = header(js, "ETag");
    assertTrue(tag.startsWith("\"") && tag.length() > 10, tag);
    assertTrue(js.body().contains("globalThis.Herald"), "the script defines Herald");

    HttpResponse<String> again =
        Http.send(
            HttpRequest.newBuilder(server.uri("/herald.js")).header("If-None-Match", tag).build());
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(tag, header(again, "ETag"));
  }

  @Test
  void theModuleIsTheScriptWithExportsAndTheTypesComeToo() {
    String script = Http.get(server.uri("/herald.js")).body();
    HttpResponse<String> module = Http.get(server.uri("/herald.mjs"));
    assertEquals(200, module.statusCode());
    assertTrue(header(module, "Content-Type").startsWith("text/javascript"));
    assertTrue(module.body().startsWith(script));
    assertTrue(module.body().contains("export default Herald;"));
    assertTrue(!header(module, "ETag").equals(header(Http.get(server.uri("/herald.js")), "ETag")));
    HttpResponse<String> types = Http.get(server.uri("/herald.d.ts"));
    assertEquals(200, types.statusCode());
    assertTrue(types.body().contains("class Herald"), "the types declare Herald");
  }

  @Test
  void otherPathsStayProblems() {
    HttpResponse<String> missing = Http.get(server.uri("/herald.css"));
    assertEquals(404, missing.statusCode());
    assertTrue(header(missing, "Content-Type").startsWith("application/problem+json"));
    assertEquals(405, Http.post(server.uri("/herald.js"), "text/plain", "x").statusCode());
  }
}
