package repro;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least an SSE server does per stream: start async with no timeout, send the head and one
 * comment, then hold the AsyncContext and write nothing more. GET /count answers how many are held.
 * -Drepro.mode picks the write: blocking (default), nobuffer (setBufferSize(0) first) or listener
 * (a WriteListener, non-blocking).
 */
@WebServlet(urlPatterns = {"/sse/*", "/count"}, asyncSupported = true)
public class IdleStreamServlet extends HttpServlet {
  private static final byte[] COMMENT = ":ok\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final String MODE = System.getProperty("repro.mode", "blocking");
  // Held as an application would, to write to them later (never removed: the server is stopped
  // after each measurement).
  private final Set<AsyncContext> streams = ConcurrentHashMap.newKeySet();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getServletPath().equals("/count")) {
      resp.getWriter().print(streams.size());
      return;
    }
    if (MODE.equals("nobuffer")) {
      resp.setBufferSize(0);
    }
    resp.setContentType("text/event-stream");
    // Commits the head now, as Herald does: Liberty sends nothing on the first out.flush().
    resp.flushBuffer();
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    ServletOutputStream out = resp.getOutputStream();
    if (MODE.equals("listener")) {
      out.setWriteListener(
          new WriteListener() {
            private boolean written;

            @Override
            public void onWritePossible() throws IOException {
              if (!written) {
                written = true;
                out.write(COMMENT);
                if (out.isReady()) {
                  out.flush();
                }
              }
            }

            @Override
            public void onError(Throwable t) {
              streams.remove(async);
            }
          });
    } else {
      out.write(COMMENT);
      out.flush();
    }
    streams.add(async);
  }
}
