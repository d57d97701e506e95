package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @Test
  void ipv4Blocks() {
    Cidr c = Cidr.parse("10.1.0.0/16");
    assertTrue(c.contains(Cidr.literal("10.1.200.3")));
    assertFalse(c.contains(Cidr.literal("10.2.0.1")));
    assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("192.0.2.1")));
    assertTrue(Cidr.parse("127.0.0.1").contains(Cidr.literal("127.0.0.1")));
    assertFalse(Cidr.parse("127.0.0.1").contains(Cidr.literal("127.0.0.2")));
    assertTrue(Cidr.parse("192.168.1.128/25").contains(Cidr.literal("192.168.1.200")));
    assertFalse(Cidr.parse("192.168.1.128/25").contains(Cidr.literal("192.168.1.100")));
  }

  @Test
  void ipv6BlocksAndFamiliesDoNotMix() {
    Cidr c = Cidr.parse("2001:db8::/32");
    assertTrue(c.contains(Cidr.literal("2001:db8:1::5")));
    assertFalse(c.contains(Cidr.literal("2001:db9::1")));
    assertFalse(c.contains(Cidr.literal("10.0.0.1")));
    assertTrue(Cidr.parse("::1").contains(Cidr.literal("::1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "nginx", "example.com", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3"})
  void refusesWhatIsNotABlock(String text) {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
  }

  @Test
  void literalNeverResolvesNames() {
    assertNull(Cidr.literal("localhost"));
    assertNull(Cidr.literal("cafe.be"));
    assertNull(Cidr.literal(null));
  }
}
