package dev.herald.testing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Map;

/** Servlet requests and responses for unit tests: only what Herald asks of them works. */
public final class ServletFakes {
  private ServletFakes() {}

  /** A request from {@code peer} with these headers and user (or none); nothing else is used. */
  public static HttpServletRequest request(String peer, Map<String, String> headers, String user) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServletFakes.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getUserPrincipal" -> user == null ? null : (Principal) () -> user;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
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
