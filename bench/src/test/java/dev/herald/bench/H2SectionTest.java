package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The h2 records share one step numbering: memory stages first, then delivery steps. */
class H2SectionTest {
  private static ResultRecord step(String target, int step, double perStream, Double rate) {
    ResultRecord r =
        new ResultRecord()
            .put("scenario", "h2")
            .put("target", target)
            .put("run", 1)
            .put("step", step)
            .put("rssMarginalPerStreamBytes", perStream);
    return rate == null ? r : r.put("publishRate", rate);
  }

  @Test
  void tellsMemoryStagesFromDeliveryStepsAndTakesTheTopStage() {
    ResultSet results =
        new ResultSet(
            List.of(
                step("herald", 1, Double.NaN, null),
                step("herald", 2, 4096, null),
                step("herald", 3, 99, 5.0),
                step("nchan", 1, Double.NaN, null),
                step("nchan", 2, 2048, null),
                step("nchan", 3, 99, 5.0)));
    assertEquals(List.of(1, 2), H2Section.memorySteps(results));
    assertEquals(4096, H2Section.atTopStage(results, "herald", "rssMarginalPerStreamBytes"));
    assertEquals(2048, H2Section.atTopStage(results, "nchan", "rssMarginalPerStreamBytes"));
  }
}
