package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  @Test
  void refusesBeyondTheHubLimitAndTheClientLimit() {
    Admission a = new Admission(3, 2);
    a.acquire("x");
    a.acquire("x");
    assertEquals(
        Refusal.Reason.CLIENT_LIMIT, assertThrows(Refusal.class, () -> a.acquire("x")).reason());
    a.acquire("y");
    assertEquals(Refusal.Reason.FULL, assertThrows(Refusal.class, () -> a.acquire("z")).reason());
    a.release("x");
    a.acquire("z");
    assertEquals(3, a.open());
  }

  @Test
  void zeroMeansNoLimit() {
    Admission a = new Admission(0, 0);
    for (int i = 0; i < 50_000; i++) a.acquire("same");
    assertEquals(50_000, a.open());
  }

  @Test
  void countsReturnToZeroAfterTenThousandConcurrentCycles() throws Exception {
    Admission a = new Admission(100, 3);
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
                  try {
                    a.acquire(client);
                  } catch (Refusal r) {
                    continue;
                  }
                  admitted++;
                  a.release(client);
                }
                return admitted;
              }));
    }
    int admitted = 0;
    for (Future<Integer> f : results) admitted += f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertEquals(0, a.open());
    assertEquals(0, a.clients());
    // Each client holds at most 3 at once and 16 threads share 5 clients, so most got in.
    assertEquals(true, admitted > 5_000, "admitted " + admitted);
  }
}
