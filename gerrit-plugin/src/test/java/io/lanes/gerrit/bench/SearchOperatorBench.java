package io.lanes.gerrit.bench;

import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allowLabel;
import static com.google.gerrit.server.group.SystemGroupBackend.REGISTERED_USERS;

import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.extensions.api.changes.ReviewInput;
import com.google.gerrit.extensions.common.ChangeInfo;
import com.google.gerrit.extensions.common.LabelDefinitionInput;
import com.google.gerrit.index.query.Matchable;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.gerrit.server.query.change.ChangeQueryBuilder;
import com.google.gerrit.server.query.change.InternalChangeQuery;
import com.google.inject.Inject;
import com.google.inject.Provider;
import io.lanes.gerrit.LanesDaemonTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;

/**
 * The search operators on a dashboard's scale: 500 open changes on one platform branch of a real in-process Gerrit,
 * every other one with Verified+1 and an owner's Code-Review+2. Measures one query over all of them with and without
 * each operator (the difference, per change, is what the operator adds to a dashboard), and the operator alone over
 * the 500 changes the query returned (each change's data already loaded: "from cache"). Run with {@code mvn -B -pl
 * gerrit-plugin -am verify -Pbench -DskipTests -Dbench.main=io.lanes.gerrit.bench.SearchOperatorBench
 * -Dbench.heap=-Xmx1g} (see docs/push-validation-benchmark.md). {@code LANES_BENCH_CHANGES} sets the number of
 * changes (default 500); with {@code LANES_BENCH_RESULT} set (bench/search-operators.sh, from bench/run.sh) it also
 * appends the figures of docs/benchmarks.md to that file.
 */
public final class SearchOperatorBench {
  static final int CHANGES = BenchFigures.setting("LANES_BENCH_CHANGES", 500);
  static final int WARMUP = 5;
  static final int RUNS = 30;
  static final int OPERATOR_RUNS = 200;

  private SearchOperatorBench() {}

  public static void main(String[] args) {
    Result result = JUnitCore.runClasses(Run.class);
    result.getFailures().forEach(f -> System.err.println(f.getTrace()));
    System.exit(result.wasSuccessful() && result.getRunCount() == 1 ? 0 : 1);
  }

  /** The benchmark as an acceptance test (its name keeps it out of the test suite). */
  @TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
  public static class Run extends LanesDaemonTest {
    @Inject private Provider<InternalChangeQuery> internalQuery;
    @Inject private Provider<ChangeQueryBuilder> queryBuilder;

    @Test
    public void measure() throws Exception {
      List<String> changes = setUp();
      String base = "status:open project:" + project.get() + " branch:platform/acme";
      System.out.printf(Locale.ROOT, "%d open changes on platform/acme, %d with Verified+1 and Code-Review+2%n",
          changes.size(), changes.size() / 2);
      BenchFigures figures = BenchFigures.fromEnvironment();
      System.out.println("one query, limit " + CHANGES + ", through the Java API (the REST layer's work without HTTP), "
          + WARMUP + " warm-up then " + RUNS + " runs:");
      double[] baseline = query(base, CHANGES);
      for (String operator :
          List.of("platform_lanes:acme", "namespace_lanes:openedx-acme", "is:frozen_lanes", "has:deployable_lanes",
              "-has:deployable_lanes")) {
        int expected = switch (operator) {
          case "is:frozen_lanes" -> 0;
          case "has:deployable_lanes", "-has:deployable_lanes" -> CHANGES / 2;
          default -> CHANGES;
        };
        double[] with = query(base + " " + operator, expected);
        System.out.printf(Locale.ROOT,
            "  + %-28s p50 %7.2f ms  (%+.3f ms per change over the query without it)%n",
            operator, percentile(with, 50), (percentile(with, 50) - percentile(baseline, 50)) / CHANGES);
        if (figures != null && operator.equals("has:deployable_lanes")) {
          double added = (percentile(with, 50) - percentile(baseline, 50)) / CHANGES;
          figures.append(
              "has:deployable_lanes, added per change to a dashboard's query of " + CHANGES + " changes",
              "the same query without the operator",
              "ms",
              "< 1",
              added,
              added,
              added,
              RUNS,
              "difference of the p50s");
        }
      }
      List<ChangeData> data = internalQuery.get().byBranchOpen(BranchNameKey.create(project, "platform/acme"));
      if (data.size() != CHANGES) {
        throw new AssertionError("expected " + CHANGES + " open changes, got " + data.size());
      }
      System.out.println("the operator alone over the " + CHANGES + " changes, their data loaded, "
          + OPERATOR_RUNS + " runs after " + OPERATOR_RUNS + " warm-up:");
      for (String operator : List.of("platform_lanes:acme", "is:frozen_lanes", "has:deployable_lanes")) {
        Matchable<ChangeData> match = queryBuilder.get().parse(operator).asMatchable();
        double[] times = new double[OPERATOR_RUNS];
        for (int run = -OPERATOR_RUNS; run < OPERATOR_RUNS; run++) {
          long start = System.nanoTime();
          int matched = 0;
          for (ChangeData change : data) {
            matched += match.match(change) ? 1 : 0;
          }
          long nanos = System.nanoTime() - start;
          if (run >= 0) {
            times[run] = nanos / 1e6;
          }
          if (matched < 0) {
            throw new AssertionError();
          }
        }
        System.out.printf(Locale.ROOT,
            "  %-22s for %d changes p50 %6.2f ms, p99 %6.2f ms: %.4f ms per change (p99 %.4f)%n",
            operator, CHANGES, percentile(times, 50), percentile(times, 99), percentile(times, 50) / CHANGES,
            percentile(times, 99) / CHANGES);
        if (figures != null && operator.equals("has:deployable_lanes")) {
          double p99 = percentile(times, 99) / CHANGES;
          figures.append(
              "has:deployable_lanes alone, per change, p99",
              "-",
              "ms",
              "< 1",
              p99,
              p99,
              p99,
              OPERATOR_RUNS,
              String.format(Locale.ROOT, "p50 %.4f ms", percentile(times, 50) / CHANGES));
        }
      }
    }

    /** The map, labels, and 500 changes pushed at once onto platform/acme; votes on every other one. */
    private List<String> setUp() throws Exception {
      LabelDefinitionInput input = new LabelDefinitionInput();
      input.values = Map.of("+1", "yes", " 0", "no vote", "-1", "no");
      input.function = "NoBlock";
      gApi.projects().name(project.get()).label("Verified").create(input);
      projectOperations
          .project(project)
          .forUpdate()
          .add(allowLabel("Verified").ref("refs/*").group(REGISTERED_USERS).range(-1, 1))
          .update();
      pushMap(MAP.replace("  freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z\n", "")).assertOkStatus();
      createPlatformBranch("acme");
      long started = System.nanoTime();
      RevCommit parent = testRepo.getRevWalk().parseCommit(testRepo.getRepository().resolve("HEAD"));
      List<String> changeIds = new ArrayList<>();
      for (int i = 0; i < CHANGES; i++) {
        String changeId = "I" + ObjectId.fromRaw(
            java.security.MessageDigest.getInstance("SHA-1").digest(("bench-" + i).getBytes())).name();
        TestRepository<?>.CommitBuilder commit =
            testRepo.commit().parent(parent).add("notes/change-" + i + ".txt", "change " + i + "\n")
                .message("Change " + i + "\n\nChange-Id: " + changeId + "\n");
        parent = commit.create();
        changeIds.add(changeId);
      }
      PushResult pushed = org.eclipse.jgit.api.Git.wrap(testRepo.getRepository()).push()
          .setRemote("origin").setRefSpecs(new org.eclipse.jgit.transport.RefSpec(
              parent.name() + ":refs/for/platform/acme")).call().iterator().next();
      RemoteRefUpdate update = pushed.getRemoteUpdate("refs/for/platform/acme");
      if (update.getStatus() != RemoteRefUpdate.Status.OK) {
        throw new AssertionError("push of " + CHANGES + " changes: " + update.getStatus() + " " + update.getMessage());
      }
      for (int i = 0; i < CHANGES; i += 2) {
        gApi.changes().id(project.get(), "platform/acme", changeIds.get(i)).current()
            .review(new ReviewInput().label("Verified", 1).label("Code-Review", 2));
      }
      System.out.printf(Locale.ROOT, "set-up (push, votes) %.1f s%n", (System.nanoTime() - started) / 1e9);
      return changeIds;
    }

    private double[] query(String query, int expected) throws Exception {
      double[] times = new double[RUNS];
      for (int run = -WARMUP; run < RUNS; run++) {
        long start = System.nanoTime();
        List<ChangeInfo> found = gApi.changes().query(query).withLimit(CHANGES).get();
        long nanos = System.nanoTime() - start;
        if (found.size() != expected) {
          throw new AssertionError(query + ": expected " + expected + " changes, found " + found.size());
        }
        if (run >= 0) {
          times[run] = nanos / 1e6;
        }
      }
      System.out.printf(Locale.ROOT, "  %-70s p50 %7.2f ms, p99 %7.2f ms%n", query, percentile(times, 50),
          percentile(times, 99));
      return times;
    }
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
