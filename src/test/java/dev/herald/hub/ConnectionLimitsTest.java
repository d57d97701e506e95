package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
  @Test
  void refusesBeyondTheHubLimitAndTheClientLimit() {
    ConnectionLimits limits = new ConnectionLimits(3, 2);
    Admission x1 = limits.admit("x");
    limits.admit("x");
    assertEquals(
        Refusal.Reason.CLIENT_LIMIT, assertThrows(Refusal.class, () -> limits.admit("x")).reason());
    limits.admit("y");
    assertEquals(
        Refusal.Reason.FULL, assertThrows(Refusal.class, () -> limits.admit("z")).reason());
    x1.close();
    limits.admit("z");
    assertEquals(3, limits.open());
  }

  @Test
  void aPlaceIsGivenBackOnceHoweverOftenItIsClosed() {
    ConnectionLimits limits = new ConnectionLimits(2, 1);
    Admission a = limits.admit("x");
    limits.admit("y");
    a.close();
    a.close();
    a.close();
    assertEquals(1, limits.open());
    assertEquals(1, limits.clients());
    limits.admit("x");
    assertEquals(
        Refusal.Reason.FULL, assertThrows(Refusal.class, () -> limits.admit("z")).reason());
  }

  @Test
  void anUnknownClientCountsTowardTheHubLimitOnly() {
    ConnectionLimits limits = new ConnectionLimits(3, 1);
    Admission a = limits.admit(null);
    limits.admit(null);
    limits.admit(null);
    assertEquals(
        Refusal.Reason.FULL, assertThrows(Refusal.class, () -> limits.admit(null)).reason());
    a.close();
    assertEquals(2, limits.open());
    assertEquals(0, limits.clients());
  }

  @Test
  void zeroMeansNoLimit() {
    ConnectionLimits limits = new ConnectionLimits(0, 0);
    for (int i = 0; i < 50_000; i++) limits.admit("same");
    assertEquals(50_000, limits.open());
  }

  @Test
  void countsReturnToZeroAfterTenThousandConcurrentCycles() throws Exception {
    ConnectionLimits limits = new ConnectionLimits(100, 3);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                int admitted = 0;
                for (int i = 0; i < 625; i++) {
                  String client = "c" + ((thread + i) % 5);
                  Admission a;
                  try {
                    a = limits.admit(client);
                  } catch (Refusal r) {
                    continue;
                  }
                  admitted++;
                  a.close();
                  a.close(); // a second close gives nothing back twice
                }
                return admitted;
              }));
    }
    int admitted = 0;
    for (Future<Integer> f : results) admitted += f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertEquals(0, limits.open());
    assertEquals(0, limits.clients());
    // Each client holds at most 3 at once and 16 threads share 5 clients, so most got in.
    assertTrue(admitted > 5_000, "admitted " + admitted);
  }
}
