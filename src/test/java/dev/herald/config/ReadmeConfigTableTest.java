package dev.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the user's reference: it must match the code exactly. */
class ReadmeConfigTableTest {
  @Test
  void everySettingIsDocumentedWithItsEnvVarDefaultAndMeaning() throws Exception {
    List<String> rows =
        Files.readAllLines(Path.of("README.md")).stream()
            .filter(l -> l.startsWith("| `herald.") || l.startsWith("| `mp.jwt."))
            .toList();
    assertEquals(Setting.values().length, rows.size(), "README rows: " + rows);
    for (Setting s : Setting.values()) {
      String shown = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
      String row = "| `%s` | `%s` | %s | %s |".formatted(s.key(), s.envVar(), shown, s.meaning());
      assertTrue(rows.contains(row), "README lacks or differs for: " + row);
    }
  }
}
