package dev.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Appends result records to the run's results file and echoes a summary of each to stdout. */
final class ResultLog {
  private final Path file;

  ResultLog(Path file) {
    this.file = file;
  }

  void append(ResultRecord record) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file,
        record.toLine() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.println("  result " + record.summary());
  }

  static List<ResultRecord> readAll(Path file) throws IOException {
    List<ResultRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        records.add(ResultRecord.parse(line));
      }
    }
    return records;
  }
}
