package io.lanes.gerrit.bench;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.validation.FileVerdicts;
import io.lanes.gerrit.validation.PlatformCommitCheck;
import io.lanes.gerrit.validation.PolicyInputs;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

/**
 * Where the first-sight tail of {@link PushValidationBench} comes from, on the calling thread: SnakeYAML Engine's
 * parser events under the {@code LoadSettings} options that could cut work (marks, buffer size), with the bytes each
 * run allocates; the check of the clean commit split into runs during which a collection happened and runs without;
 * two loops that neither allocate nor parse, one on the ALU and one chasing pointers through 64 MiB, which show the
 * machine's own tail; and the check and the chase in turn, to see whether their slow runs come together. Run with {@code mvn -B -pl gerrit-plugin -am verify -Pbench -DskipTests
 * -Dbench.main=io.lanes.gerrit.bench.FirstSightDiagnostics} (see docs/push-validation-benchmark.md).
 */
public final class FirstSightDiagnostics {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

  /** About as long as one check of the clean commit on this machine. */
  private static final int CHASE_LOADS = 3_000_000;

  private FirstSightDiagnostics() {}

  /** One piece of work; returns something derived from it, so the JIT cannot drop it. */
  @FunctionalInterface
  private interface Work {
    long run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    List<String> texts = PushValidationBench.manifestTexts(false);
    System.out.printf(
        Locale.ROOT,
        "%d counted runs after %d warm-up, calling thread's CPU time; heap %d MiB%n",
        PushValidationBench.RUNS,
        PushValidationBench.WARMUP,
        Runtime.getRuntime().maxMemory() >> 20);
    Map<String, LoadSettings> options =
        Map.of(
            "default",
            LoadSettings.builder().build(),
            "setUseMarks(false)",
            LoadSettings.builder().setUseMarks(false).build(),
            "setBufferSize(256)",
            LoadSettings.builder().setBufferSize(256).build(),
            "setBufferSize(8192)",
            LoadSettings.builder().setBufferSize(8192).build());
    for (String option : List.of("default", "setUseMarks(false)", "setBufferSize(256)", "setBufferSize(8192)")) {
      LoadSettings settings = options.get(option);
      measure("parser events, 500 manifests, " + option, () -> events(texts, settings));
    }

    PlatformMap map =
        PlatformMapReader.read(
                "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                    + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
            .orThrow();
    PolicyInputs inputs = new PolicyInputs(map, map.target(map.platform("acme").orElseThrow()));
    int[] next = new int[16 << 20];
    Random random = new Random(1);
    for (int i = 0; i < next.length; i++) {
      next[i] = random.nextInt(next.length);
    }
    Work chase =
        () -> {
          int at = 0;
          long sum = 0;
          for (int k = 0; k < CHASE_LOADS; k++) {
            at = next[at];
            sum += at;
          }
          return sum;
        };
    try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("diagnostics"));
        ObjectReader reader = repo.newObjectReader()) {
      RevCommit commit = PushValidationBench.commit(repo, false);
      Work check = () -> PlatformCommitCheck.check(reader, commit, inputs, FileVerdicts.uncached()).warnings().size();
      measure("clean commit, no cache, calling thread", check);
      measure("machine: " + CHASE_LOADS + " dependent loads over 64 MiB (no allocation)", chase);
      measure(
          "machine: 20,000,000 multiply-xorshift steps (ALU only)",
          () -> {
            long x = System.nanoTime();
            for (int k = 0; k < 20_000_000; k++) {
              x = x * 6364136223846793005L + 1442695040888963407L;
              x ^= x >>> 17;
            }
            return x;
          });
      slowTogether(check, chase);
    }
  }

  /**
   * Runs the check and the pointer chase one after the other, {@code RUNS} times, and counts how often a slow check
   * (over 1.3 times its median) sits next to a slow chase: if the slow runs are the machine's, they come together.
   */
  private static void slowTogether(Work check, Work chase) throws Exception {
    int runs = PushValidationBench.RUNS;
    long[] checkCpu = new long[runs];
    long[] chaseCpu = new long[runs];
    long sink = 0;
    for (int i = 0; i < PushValidationBench.WARMUP + runs; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      sink += check.run();
      long between = THREADS.getCurrentThreadCpuTime();
      sink += chase.run();
      long end = THREADS.getCurrentThreadCpuTime();
      if (i >= PushValidationBench.WARMUP) {
        checkCpu[i - PushValidationBench.WARMUP] = between - start;
        chaseCpu[i - PushValidationBench.WARMUP] = end - between;
      }
    }
    long checkSlow = (long) (median(checkCpu) * 1.3);
    long chaseSlow = (long) (median(chaseCpu) * 1.3);
    int slowChecks = 0;
    int slowChases = 0;
    int both = 0;
    for (int i = 0; i < runs; i++) {
      slowChecks += checkCpu[i] > checkSlow ? 1 : 0;
      slowChases += chaseCpu[i] > chaseSlow ? 1 : 0;
      both += checkCpu[i] > checkSlow && chaseCpu[i] > chaseSlow ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "  check and chase in turn, %d times: %d slow checks (over 1.3 x median), %d slow chases, %d runs with both"
            + " [%d]%n",
        runs,
        slowChecks,
        slowChases,
        both,
        sink & 1);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void measure(String title, Work work) throws Exception {
    int runs = PushValidationBench.RUNS;
    long[] cpu = new long[runs];
    long allocated = 0;
    long withCollection = 0;
    long withCollectionCpu = 0;
    long sink = 0;
    for (int i = 0; i < PushValidationBench.WARMUP + runs; i++) {
      long collections = collections();
      long bytes = THREADS.getCurrentThreadAllocatedBytes();
      long start = THREADS.getCurrentThreadCpuTime();
      sink += work.run();
      long took = THREADS.getCurrentThreadCpuTime() - start;
      long allocatedNow = THREADS.getCurrentThreadAllocatedBytes() - bytes;
      if (i >= PushValidationBench.WARMUP) {
        cpu[i - PushValidationBench.WARMUP] = took;
        allocated += allocatedNow;
        if (collections() != collections) {
          withCollection++;
          withCollectionCpu += took;
        }
      }
    }
    long withoutCpu = Arrays.stream(cpu).sum() - withCollectionCpu;
    System.out.printf(
        Locale.ROOT,
        "  %s%n    cpu  %s%n    allocated %.1f MiB a run; %d runs with a collection (mean cpu %s), %d without"
            + " (mean cpu %.2f ms) [%d]%n",
        title,
        PushValidationBench.figures(cpu),
        allocated / (double) runs / (1 << 20),
        withCollection,
        withCollection == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", withCollectionCpu / 1e6 / withCollection),
        runs - withCollection,
        withoutCpu / 1e6 / Math.max(1, runs - withCollection),
        sink & 1);
  }

  private static long collections() {
    return COLLECTORS.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long events(List<String> texts, LoadSettings settings) {
    long events = 0;
    Parse parse = new Parse(settings);
    for (String text : texts) {
      for (Event ignored : parse.parseString(text)) {
        events++;
      }
    }
    return events;
  }
}
