package dev.herald.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPatternTest {
  @ParameterizedTest
  @CsvSource({
    "orders/42, orders/42, true",
    "orders/42, orders/43, false",
    "orders/*, orders/42, true",
    "orders/*, orders, false",
    "orders/*, orders/42/lines, false",
    "*/42, orders/42, true",
    "*, orders, true",
    "*, orders/42, false",
    "users/42/**, users/42/inbox, true",
    "users/42/**, users/42/a/b/c, true",
    "users/42/**, users/42, false",
    "users/42/**, users/43/inbox, false",
    "users/*/**, users/7/x, true",
    "**, a, true",
    "**, a/b/c, true",
    "prices/eur.usd, prices/eur.usd, true",
    "prices/eur.usd, prices/eurxusd, false",
  })
  void matchesWholeSegments(String pattern, String topic, boolean matches) {
    assertEquals(matches, TopicPattern.compile(pattern).matches(topic));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/**/b", "a*", "a/b*c", "a//b", "a/", "../x", "a/.hidden"})
  void refusesWhatIsNotAPattern(String pattern) {
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.compile(pattern));
  }
}
