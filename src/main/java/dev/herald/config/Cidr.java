package dev.herald.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block, e.g. {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a
 * /32 or /128.
 */
public record Cidr(byte[] network, int prefix) {
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    InetAddress parsed = literal(host);
    if (parsed == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
    }
    byte[] address = parsed.getAddress();
    int bits = address.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + text + "' has a prefix outside 0.." + bits);
    }
    return new Cidr(address, prefix);
  }

  /**
   * An IP address literal, or {@code null} when the text is not one. Only literals reach {@link
   * InetAddress}, so this never looks a name up.
   */
  public static InetAddress literal(String text) {
    if (text == null) return null;
    boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");
    if (!ipv4 && !ipv6) return null;
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
    int rest = prefix % 8;
    if (rest == 0) return true;
    int mask = 0xff << (8 - rest);
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
