package dev.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapProbeTest {
  @Test
  void sumsGenerationsOfParallelGcAndSkipsMetaspace() {
    String info =
        """
        12345:
         PSYoungGen      total 38400K, used 2661K [0x00000000f5580000, 0x0000000100000000)
          eden space 33280K, 8% used [0x00000000f5580000,0x00000000f5815550,0x00000000f7600000)
         ParOldGen       total 87552K, used 18283K [0x00000000e0000000, 0x00000000e5580000)
         Metaspace       used 60510K, committed 61184K, reserved 1105920K
          class space    used 7000K, committed 7300K, reserved 1048576K
        """;
    assertEquals((2661 + 18283) * 1024L, HeapProbe.parseUsedBytes(info));
  }

  @Test
  void readsG1() {
    String info = " garbage-first heap   total 258048K, used 25112K [0x0, 0x1)\n";
    assertEquals(25112 * 1024L, HeapProbe.parseUsedBytes(info));
  }
}
