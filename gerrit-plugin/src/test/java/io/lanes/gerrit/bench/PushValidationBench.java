package io.lanes.gerrit.bench;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.config.Target;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.lanes.gerrit.config.LanesSettings;
import io.lanes.gerrit.validation.CheckResult;
import io.lanes.gerrit.validation.FanOut;
import io.lanes.gerrit.validation.FileVerdict;
import io.lanes.gerrit.validation.FileVerdictKey;
import io.lanes.gerrit.validation.FileVerdicts;
import io.lanes.gerrit.validation.PlatformCommitCheck;
import io.lanes.gerrit.validation.PolicyInputs;
import io.lanes.gerrit.validation.ValidationThreads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;

/**
 * The plugin's own time to validate a push of one commit touching 1,000 files, 500 of them manifests, on a platform
 * branch: {@link PlatformCommitCheck} over a JGit repository, as {@code LanesCommitValidator} calls it (Gerrit's own
 * receive work excluded). Prints p50/p99/max over many runs after a warm-up, as wall time and as CPU time summed
 * over the calling thread and the plugin's validation threads (on a shared, loaded machine the wall time holds the
 * wait for a core). The first-sight cases run twice: on the calling thread alone, and with the validation threads
 * ({@code -Dlanes.bench.validationThreads=N}, by default the plugin's default for this machine). In the same run it
 * measures the floor: SnakeYAML Engine producing parser events for the same 500 manifests, which any YAML reader must
 * do. Run with {@code mvn -B -pl gerrit-plugin -am verify -Pbench -DskipTests} (see
 * docs/push-validation-benchmark.md).
 *
 * <p>With {@code LANES_BENCH_RESULT} set (bench/push-validation.sh, from bench/run.sh) it measures instead the figures
 * of docs/benchmarks.md: the first sight of the clean commit with the validation threads, in pairs with the floor
 * (floor, then check; the order alternates), once quiet and once with a second process keeping a core busy (a shell
 * loop the benchmark starts and stops), and appends them to that file. {@code LANES_BENCH_RUNS} and {@code
 * LANES_BENCH_WARMUP} set the counts (default 300 and 100).
 */
public final class PushValidationBench {
  private static final int FILES = 1000;
  private static final int MANIFESTS = 500;
  static final int WARMUP = BenchFigures.setting("LANES_BENCH_WARMUP", 100);
  static final int RUNS = BenchFigures.setting("LANES_BENCH_RUNS", 300);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PushValidationBench() {}

  /** One timed piece of work; returns a short summary of what it found, checked to be the same every run. */
  @FunctionalInterface
  private interface Work {
    String run() throws Exception;
  }

  /** Prepares a run outside the timing (for example an empty cache, or the parent validated first). */
  @FunctionalInterface
  private interface Setup {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                    + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
            .orThrow();
    Target target = map.target(map.platform("acme").orElseThrow());
    PolicyInputs inputs = new PolicyInputs(map, target);
    int helpers = Integer.getInteger("lanes.bench.validationThreads", LanesSettings.defaultValidationThreads());
    ValidationThreads threads = new ValidationThreads(helpers);
    threads.start();
    FanOut fanOut = threads.fanOut();
    String parallel = " [" + fanOut.threads() + " threads: the caller and " + helpers + " validation threads]";
    System.out.printf(
        Locale.ROOT,
        "%d files (%d manifests) per commit; %d counted runs after %d warm-up; wall time, and CPU time summed over"
            + " the calling thread and the validation threads; %d cores, heap %d MiB%n",
        FILES,
        MANIFESTS,
        RUNS,
        WARMUP,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    BenchFigures figures = BenchFigures.fromEnvironment();
    try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("bench"));
        ObjectReader reader = repo.newObjectReader()) {
      if (figures != null) {
        RevCommit commit = commit(repo, false);
        List<String> texts = manifestTexts(false);
        Work check =
            () -> summary(PlatformCommitCheck.check(reader, commit, inputs, FileVerdicts.uncached(), fanOut));
        Work floor = () -> String.valueOf(parseEvents(texts));
        // cold: the first check in this JVM, before anything of the plugin or SnakeYAML ran (classes loaded on the
        // way, code interpreted), as the first push after Gerrit started meets it
        double cold = timed(check) / 1e6;
        System.out.printf(Locale.ROOT, "cold first sight (the first check in a fresh JVM): %.1f ms%n", cold);
        figures.append(
            "push validation, first sight of a clean commit of " + FILES + " files (" + MANIFESTS + " manifests), "
                + fanOut.threads() + " threads, cold: the first check in a fresh JVM",
            "-", "ms", "", cold, cold, cold, 1, "no warm-up");
        for (boolean busy : new boolean[] {false, true}) {
          inPairs(figures, busy, fanOut.threads(), floor, check);
        }
        return;
      }
      for (boolean violating : new boolean[] {false, true}) {
        String workload =
            violating ? "every manifest keeps an existing violation (worst case)" : "clean commit (the usual case)";
        RevCommit commit = commit(repo, violating);
        List<String> texts = manifestTexts(violating);
        System.out.println(workload);
        measure(
            "floor: SnakeYAML Engine parser events only, the 500 new manifests",
            () -> {},
            () -> String.valueOf(parseEvents(texts)));
        for (FanOut threadsUsed : new FanOut[] {FanOut.SEQUENTIAL, fanOut}) {
          String on = threadsUsed == FanOut.SEQUENTIAL ? " [1 thread: the caller]" : parallel;
          measure(
              "no cache (every file seen for the first time)" + on,
              () -> {},
              () ->
                  summary(
                      PlatformCommitCheck.check(reader, commit, inputs, FileVerdicts.uncached(), threadsUsed)));
          Cache<FileVerdictKey, FileVerdict>[] cache = newCacheHolder();
          measure(
              "cache holding the parent's files (the branch tip was validated when it was pushed)" + on,
              () -> {
                cache[0] = newCache();
                PlatformCommitCheck.check(reader, commit.getParent(0), inputs, FileVerdicts.cachedIn(cache[0]));
              },
              () ->
                  summary(
                      PlatformCommitCheck.check(
                          reader, commit, inputs, FileVerdicts.cachedIn(cache[0]), threadsUsed)));
        }
        Cache<FileVerdictKey, FileVerdict> warm = newCache();
        measure(
            "cache holding the commit's files too (re-push, rebase, the check at submit)",
            () -> {},
            () -> summary(PlatformCommitCheck.check(reader, commit, inputs, FileVerdicts.cachedIn(warm))));
      }
    } finally {
      threads.stop();
    }
  }

  private static void measure(String title, Setup setup, Work work) throws Exception {
    long[] wall = new long[RUNS];
    long[] cpu = new long[RUNS];
    String first = null;
    for (int i = 0; i < WARMUP + RUNS; i++) {
      setup.run();
      Map<Long, Long> cpuStart = validationCpu();
      long callerStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      String found = work.run();
      long took = System.nanoTime() - start;
      long cpuTook = THREADS.getCurrentThreadCpuTime() - callerStart;
      for (Map.Entry<Long, Long> thread : validationCpu().entrySet()) {
        cpuTook += thread.getValue() - cpuStart.getOrDefault(thread.getKey(), 0L);
      }
      if (first == null) {
        first = found;
      } else if (!first.equals(found)) {
        throw new IllegalStateException(title + ": run " + i + " found " + found + ", the first found " + first);
      }
      if (i >= WARMUP) {
        wall[i - WARMUP] = took;
        cpu[i - WARMUP] = cpuTook;
      }
    }
    System.out.printf(Locale.ROOT, "  %s [%s]%n    wall %s%n    cpu  %s%n", title, first, figures(wall), figures(cpu));
  }

  /**
   * The first sight of the clean commit (CHECK) in pairs with the parser floor (FLOOR), WARMUP then RUNS pairs, the
   * order alternating; with BUSY, while a shell loop keeps a core busy. Appends the check's p99 and the median of the
   * per-pair ratios check/floor.
   */
  private static void inPairs(BenchFigures figures, boolean busy, int threads, Work floor, Work check)
      throws Exception {
    Process hog = busy ? new ProcessBuilder("sh", "-c", "while :; do :; done").start() : null;
    try {
      double[] checks = new double[RUNS];
      double[] ratios = new double[RUNS];
      for (int i = 0; i < WARMUP + RUNS; i++) {
        long floorTook;
        long checkTook;
        if (i % 2 == 0) {
          floorTook = timed(floor);
          checkTook = timed(check);
        } else {
          checkTook = timed(check);
          floorTook = timed(floor);
        }
        if (i >= WARMUP) {
          checks[i - WARMUP] = checkTook / 1e6;
          ratios[i - WARMUP] = (double) checkTook / floorTook;
        }
      }
      Arrays.sort(checks);
      Arrays.sort(ratios);
      String condition = busy ? "a second process keeping a core busy" : "no second process";
      String subject =
          "push validation, first sight of a clean commit of " + FILES + " files (" + MANIFESTS + " manifests), "
              + threads + " threads, " + condition;
      String anchor = "SnakeYAML Engine's parser events for the same manifests";
      System.out.printf(
          Locale.ROOT,
          "%s: wall p50 %.2f ms, p99 %.2f ms, max %.2f ms; check / floor per pair p50 %.2f (%.2f-%.2f)%n",
          subject,
          BenchFigures.percentile(checks, 50),
          BenchFigures.percentile(checks, 99),
          checks[RUNS - 1],
          BenchFigures.percentile(ratios, 50),
          ratios[0],
          ratios[RUNS - 1]);
      double p99 = BenchFigures.percentile(checks, 99);
      figures.append(
          subject + ": wall p99",
          anchor,
          "ms",
          busy ? "< 20" : "< 10",
          p99,
          p99,
          p99,
          RUNS,
          String.format(Locale.ROOT, "p50 %.1f ms, max %.1f ms", BenchFigures.percentile(checks, 50), checks[RUNS - 1]));
      figures.append(
          subject, anchor, "ratio", "", BenchFigures.percentile(ratios, 50), ratios[0], ratios[RUNS - 1], RUNS, "wall");
    } finally {
      if (hog != null) {
        hog.destroy();
        hog.waitFor();
      }
    }
  }

  private static long timed(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  /** The CPU time of each of the plugin's validation threads alive now, by thread id. */
  private static Map<Long, Long> validationCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
      if (thread != null && thread.getThreadName().startsWith(ValidationThreads.THREAD_NAME_PREFIX)) {
        cpu.put(thread.getThreadId(), THREADS.getThreadCpuTime(thread.getThreadId()));
      }
    }
    return cpu;
  }

  static String figures(long[] nanos) {
    Arrays.sort(nanos);
    return String.format(
        Locale.ROOT,
        "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
        nanos[nanos.length - 1] / 1e6);
  }

  private static String summary(CheckResult result) {
    return result.errors().size() + " errors, " + result.warnings().size() + " warnings";
  }

  @SuppressWarnings("unchecked")
  private static Cache<FileVerdictKey, FileVerdict>[] newCacheHolder() {
    return new Cache[1];
  }

  /** A cache with the plugin's bound and weigher (Gerrit builds its own with the same settings). */
  private static Cache<FileVerdictKey, FileVerdict> newCache() {
    return CacheBuilder.newBuilder()
        .maximumWeight(FileVerdicts.DEFAULT_MAXIMUM_WEIGHT)
        .weigher(new FileVerdicts.ByViolations())
        .build();
  }

  private static int parseEvents(List<String> texts) {
    int events = 0;
    Parse parse = new Parse(LoadSettings.builder().build());
    for (String text : texts) {
      for (Event ignored : parse.parseString(text)) {
        events++;
      }
    }
    return events;
  }

  static List<String> manifestTexts(boolean violating) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < MANIFESTS; i++) {
      texts.add(manifest(i, 1, violating));
    }
    return texts;
  }

  static RevCommit commit(InMemoryRepository repo, boolean violating) throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId parent = commit(inserter, tree(inserter, 0, violating), null);
      ObjectId child = commit(inserter, tree(inserter, 1, violating), parent);
      inserter.flush();
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(child);
        walk.parseHeaders(commit.getParent(0));
        return commit;
      }
    }
  }

  private static ObjectId tree(ObjectInserter inserter, int version, boolean violating) throws Exception {
    TreeFormatter k8s = new TreeFormatter();
    TreeFormatter apps = new TreeFormatter();
    String[] manifests = new String[MANIFESTS];
    for (int i = 0; i < MANIFESTS; i++) {
      manifests[i] = String.format(Locale.ROOT, "m%04d.yml", i);
    }
    Arrays.sort(manifests);
    for (int i = 0; i < MANIFESTS; i++) {
      k8s.append(manifests[i], FileMode.REGULAR_FILE, blob(inserter, manifest(i, version, violating)));
    }
    for (int i = 0; i < FILES - MANIFESTS; i++) {
      String name = String.format(Locale.ROOT, "s%04d.py", i);
      apps.append(name, FileMode.REGULAR_FILE, blob(inserter, "SETTING_" + i + " = " + version + "\n"));
    }
    TreeFormatter env = new TreeFormatter();
    env.append("apps", FileMode.TREE, inserter.insert(apps));
    env.append("k8s", FileMode.TREE, inserter.insert(k8s));
    TreeFormatter root = new TreeFormatter();
    root.append("env", FileMode.TREE, inserter.insert(env));
    return inserter.insert(root);
  }

  private static ObjectId blob(ObjectInserter inserter, String text) throws Exception {
    return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent) throws Exception {
    CommitBuilder builder = new CommitBuilder();
    builder.setTreeId(tree);
    if (parent != null) {
      builder.setParentId(parent);
    }
    PersonIdent ident = new PersonIdent("bench", "bench@example.org");
    builder.setAuthor(ident);
    builder.setCommitter(ident);
    builder.setMessage("bench");
    return inserter.insert(builder);
  }

  /** A Tutor-like Deployment with a Service, about 45 lines. */
  private static String manifest(int i, int version, boolean violating) {
    return """
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-%1$d
          labels:
            app.kubernetes.io/name: app-%1$d
        spec:
          replicas: %2$d
          selector:
            matchLabels:
              app.kubernetes.io/name: app-%1$d
          template:
            metadata:
              labels:
                app.kubernetes.io/name: app-%1$d
            spec:
              hostNetwork: %3$s
              securityContext:
                runAsUser: 1000
                runAsGroup: 1000
              containers:
                - name: app
                  image: localhost:5000/acme/openedx:change-%2$d-ps-1
                  ports:
                    - containerPort: 8000
                  env:
                    - name: SERVICE_VARIANT
                      value: lms
                  volumeMounts:
                    - mountPath: /openedx/config
                      name: settings
              volumes:
                - name: settings
                  configMap:
                    name: openedx-settings
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app-%1$d
        spec:
          type: ClusterIP
          ports:
            - port: 8000
              protocol: TCP
          selector:
            app.kubernetes.io/name: app-%1$d
        """
        .formatted(i, version + 1, violating);
  }
}
