package dev.herald.testing;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Servlet requests and responses for unit tests: only what Herald asks of them works. */
public final class ServletFakes {
  private ServletFakes() {}

  /** A request from {@code peer} with these headers and user (or none); nothing else is used. */
  public static HttpServletRequest request(String peer, Map<String, String> headers, String user) {
    return request(peer, headers, user, new HashMap<>());
  }

  /**
   * As {@link #request(String, Map, String)}, with attributes (what a filter left) and plain HTTP.
   */
  public static HttpServletRequest request(
      String peer, Map<String, String> headers, String user, Map<String, Object> attributes) {
    return request(peer, headers, user, attributes, new byte[0]);
  }

  /** As {@link #request(String, Map, String)}, with this body, its length declared. */
  public static HttpServletRequest request(
      String peer, Map<String, String> headers, String user, byte[] body) {
    return request(peer, headers, user, new HashMap<>(), body);
  }

  private static HttpServletRequest request(
      String peer,
      Map<String, String> headers,
      String user,
      Map<String, Object> attributes,
      byte[] body) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServletFakes.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" -> header(headers, (String) args[0]);
                  case "getContentType" -> header(headers, "Content-Type");
                  case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                  case "getScheme" -> "http";
                  case "getServerName" -> "localhost";
                  case "getServerPort" -> 9080;
                  case "getUserPrincipal" -> user == null ? null : (Principal) () -> user;
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  case "getContentLengthLong" -> (long) body.length;
                  case "getInputStream" -> input(body);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** A request body's stream over these bytes. */
  public static ServletInputStream input(byte[] body) {
    ByteArrayInputStream bytes = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return bytes.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return bytes.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return bytes.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** Header names are case-insensitive. */
  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
    }
    return null;
  }

  /** A response that records the headers set on it into {@code headers}. */
  public static HttpServletResponse response(Map<String, String> headers) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            ServletFakes.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("setHeader")) {
                throw new UnsupportedOperationException(method.getName());
              }
              headers.put((String) args[0], (String) args[1]);
              return null;
            });
  }
}
