package io.lanes.gerrit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PlatformCommitCheck} over a real in-memory JGit repository, with and without the cache of verdicts. */
class PlatformCommitCheckTest {
  private static final PlatformMap MAP =
      PlatformMapReader.read(
              "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                  + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
          .map();
  private static final PolicyInputs ACME = new PolicyInputs(MAP, MAP.target(MAP.platform("acme").orElseThrow()));
  private static final String HOST_NETWORK_POD =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec: {hostNetwork: true}\n";
  private static final String CLEAN_CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";

  private InMemoryRepository repo;
  private TestRepository<InMemoryRepository> git;
  private ObjectReader reader;
  private final Cache<FileVerdictKey, FileVerdict> cache = CacheBuilder.newBuilder().maximumSize(1000).build();
  /** The paths whose verdict was computed (parsed), in order. */
  private final List<String> computed = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    repo = new InMemoryRepository(new DfsRepositoryDescription("test"));
    git = new TestRepository<>(repo);
    reader = repo.newObjectReader();
  }

  @AfterEach
  void tearDown() {
    reader.close();
    repo.close();
  }

  private RevCommit commit(RevCommit parent, Map<String, String> files) throws Exception {
    TestRepository<InMemoryRepository>.CommitBuilder builder =
        parent == null ? git.commit() : git.commit().parent(parent);
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      builder.add(file.getKey(), file.getValue());
    }
    RevCommit commit = git.parseBody(builder.create());
    for (RevCommit p : commit.getParents()) {
      git.parseBody(p);
    }
    return commit;
  }

  /** Counts computations while keeping verdicts in {@link #cache}. */
  private FileVerdicts counting(PolicyInputs inputs) {
    FileVerdicts cached = FileVerdicts.cachedIn(cache);
    return new FileVerdicts() {
      @Override
      public FileVerdict get(FileVerdictKey key, Computation computation) throws IOException {
        return cached.get(
            key,
            () -> {
              computed.add(key.path());
              return computation.compute();
            });
      }
    };
  }

  @Test
  @DisplayName("a second check of the same commit parses nothing: every verdict comes from the cache")
  void secondCheckParsesNothing() throws Exception {
    RevCommit parent = commit(null, Map.of("README", "hi\n"));
    RevCommit commit =
        commit(parent, Map.of("env/k8s/a.yml", CLEAN_CONFIG_MAP, "env/k8s/b.yml", HOST_NETWORK_POD));

    CheckResult first = PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));
    List<String> afterFirst = List.copyOf(computed);
    CheckResult second = PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));

    assertThat(afterFirst).containsExactly("env/k8s/a.yml", "env/k8s/b.yml");
    assertThat(computed).isEqualTo(afterFirst);
    assertThat(second).isEqualTo(first);
    assertThat(second.errors()).containsExactly("env/k8s/b.yml:1: Pod/debug: hostNetwork shares the node's namespaces");
  }

  @Test
  @DisplayName("the cached result equals the uncached one, errors and warnings alike")
  void cachedEqualsUncached() throws Exception {
    RevCommit parent = commit(null, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    RevCommit commit =
        commit(
            parent,
            Map.of(
                "env/k8s/pod.yml",
                HOST_NETWORK_POD + "---\n" + HOST_NETWORK_POD.replace("debug", "other"),
                "env/k8s/bad.yml",
                "kind: Pod\n  bad: x: y\n"));

    CheckResult uncached = PlatformCommitCheck.check(reader, commit, MAP, ACME.target());
    PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));
    CheckResult cached = PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));

    assertThat(cached).isEqualTo(uncached);
    assertThat(cached.errors())
        .containsExactly(
            "env/k8s/bad.yml:2: mapping values are not allowed here",
            "env/k8s/pod.yml:6: Pod/other: hostNetwork shares the node's namespaces");
    assertThat(cached.warnings())
        .containsExactly(
            "env/k8s/pod.yml:1: Pod/debug: hostNetwork shares the node's namespaces (already there, not blocking)");
  }

  @Test
  @DisplayName("the parent's version already validated (the branch tip) is not parsed again")
  void parentVerdictComesFromTheCache() throws Exception {
    RevCommit parent = commit(null, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    RevCommit commit = commit(parent, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD + "# touched\n"));
    PlatformCommitCheck.check(reader, parent, ACME, counting(ACME));
    computed.clear();

    CheckResult result = PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));

    assertThat(computed).containsExactly("env/k8s/pod.yml");
    assertThat(result.passed()).isTrue();
    assertThat(result.warnings()).hasSize(1);
  }

  @Test
  @DisplayName("another map or platform is another key: a verdict is never reused across policy inputs")
  void otherInputsAreNotServedFromTheCache() throws Exception {
    RevCommit commit = commit(commit(null, Map.of()), Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    PlatformMap renamed =
        PlatformMapReader.read(
                "[platform \"acme\"]\n namespace = openedx-acme-2\n cluster = prod\n"
                    + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
            .map();
    PolicyInputs other = new PolicyInputs(renamed, renamed.target(renamed.platform("acme").orElseThrow()));

    PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));
    PlatformCommitCheck.check(reader, commit, other, counting(other));
    PlatformCommitCheck.check(reader, commit, new PolicyInputs(MAP, ACME.target()), counting(ACME));

    assertThat(computed).containsExactly("env/k8s/pod.yml", "env/k8s/pod.yml");
  }

  @Test
  @DisplayName("files outside env/ and the Zuul configuration, and unchanged files, are never read")
  void skipsFilesThePolicyDoesNotRead() throws Exception {
    RevCommit parent = commit(null, Map.of("env/k8s/same.yml", CLEAN_CONFIG_MAP));
    RevCommit commit =
        commit(
            parent,
            Map.of(
                "env/k8s/same.yml",
                CLEAN_CONFIG_MAP,
                "env/apps/settings.py",
                "X = 1\n",
                "docs/pod.yml",
                HOST_NETWORK_POD,
                "zuul.d/jobs.yaml",
                "- job: {name: acme-deploy}\n"));

    CheckResult result = PlatformCommitCheck.check(reader, commit, ACME, counting(ACME));

    assertThat(computed).containsExactly("zuul.d/jobs.yaml");
    assertThat(result.passed()).isTrue();
  }

  @Test
  @DisplayName("with validation threads, the errors and warnings and their order are those of the calling thread alone")
  void validationThreadsGiveTheSequentialResult() throws Exception {
    Map<String, String> before = new TreeMap<>();
    Map<String, String> after = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      String pod = HOST_NETWORK_POD.replace("debug", "pod-" + i);
      switch (i % 5) {
        case 0 -> after.put("env/k8s/clean-" + i + ".yml", CLEAN_CONFIG_MAP.replace("settings", "s-" + i));
        case 1 -> after.put("env/k8s/new-" + i + ".yml", pod);
        case 2 -> {
          before.put("env/k8s/kept-" + i + ".yml", pod);
          after.put("env/k8s/kept-" + i + ".yml", pod + "---\n" + pod.replace("pod-" + i, "added-" + i));
        }
        case 3 -> after.put("env/k8s/broken-" + i + ".yml", "kind: Pod\n  bad: x: y\n");
        default -> after.put("zuul.d/jobs-" + i + ".yaml", "- job: {name: acme-deploy-" + i + "}\n");
      }
    }
    RevCommit parent = commit(null, before);
    Map<String, String> files = new TreeMap<>(before);
    files.putAll(after);
    RevCommit commit = commit(parent, files);
    CheckResult sequential = PlatformCommitCheck.check(reader, commit, MAP, ACME.target());
    ValidationThreads threads = new ValidationThreads(3);
    threads.start();
    try {
      for (int run = 0; run < 20; run++) {
        CheckResult uncached =
            PlatformCommitCheck.check(reader, commit, ACME, FileVerdicts.uncached(), threads.fanOut());
        CheckResult cached =
            PlatformCommitCheck.check(reader, commit, ACME, FileVerdicts.cachedIn(cache), threads.fanOut());

        assertThat(uncached).isEqualTo(sequential);
        assertThat(cached).isEqualTo(sequential);
      }
    } finally {
      threads.stop();
    }
    assertThat(sequential.errors()).hasSize(24);
    assertThat(sequential.errors().subList(0, 3))
        .containsExactly(
            "env/k8s/broken-13.yml:2: mapping values are not allowed here",
            "env/k8s/broken-18.yml:2: mapping values are not allowed here",
            "env/k8s/broken-23.yml:2: mapping values are not allowed here");
    assertThat(sequential.errors())
        .contains("env/k8s/kept-2.yml:6: Pod/added-2: hostNetwork shares the node's namespaces");
    assertThat(sequential.warnings()).hasSize(8);
    assertThat(sequential.warnings().get(0))
        .isEqualTo(
            "env/k8s/kept-12.yml:1: Pod/pod-12: hostNetwork shares the node's namespaces"
                + " (already there, not blocking)");
  }

  @Test
  @DisplayName("a merge whose first parent carries a violation is new against the tip, though not against that parent")
  void mergeMeasuredAgainstTheTip() throws Exception {
    RevCommit root = commit(null, Map.of("README", "hi\n"));
    RevCommit tip = commit(root, Map.of("env/k8s/a.yml", CLEAN_CONFIG_MAP));
    RevCommit foreign = commit(root, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    RevCommit merge =
        git.parseBody(
            git.commit().parent(foreign).parent(tip).add("env/k8s/a.yml", CLEAN_CONFIG_MAP).create());
    git.parseBody(foreign);

    CheckResult againstFirstParent =
        PlatformCommitCheck.check(reader, Range.firstParent(merge), ACME, counting(ACME), FanOut.SEQUENTIAL);
    CheckResult againstTip =
        PlatformCommitCheck.check(
            reader, Range.change(git.getRevWalk(), merge, tip), ACME, counting(ACME), FanOut.SEQUENTIAL);
    CheckResult asRefUpdate =
        PlatformCommitCheck.check(
            reader, Range.refUpdate(git.getRevWalk(), tip, merge), ACME, counting(ACME), FanOut.SEQUENTIAL);

    assertThat(againstFirstParent.errors()).isEmpty();
    assertThat(againstTip.errors())
        .containsExactly("env/k8s/pod.yml:1: Pod/debug: hostNetwork shares the node's namespaces");
    assertThat(asRefUpdate).isEqualTo(againstTip);
  }

  @Test
  @DisplayName("a change on an older tip brings only its own edits, each measured against the tip's version")
  void changeOnAnOlderTip() throws Exception {
    RevCommit old = commit(null, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    RevCommit tip = commit(old, Map.of("env/k8s/pod.yml", CLEAN_CONFIG_MAP));
    RevCommit ownEdits = commit(old, Map.of("env/k8s/a.yml", CLEAN_CONFIG_MAP));
    RevCommit touchesPod = commit(old, Map.of("env/k8s/pod.yml", HOST_NETWORK_POD + "# touched\n"));

    CheckResult own =
        PlatformCommitCheck.check(
            reader, Range.change(git.getRevWalk(), ownEdits, tip), ACME, counting(ACME), FanOut.SEQUENTIAL);
    CheckResult touched =
        PlatformCommitCheck.check(
            reader, Range.change(git.getRevWalk(), touchesPod, tip), ACME, counting(ACME), FanOut.SEQUENTIAL);

    assertThat(own.errors()).isEmpty();
    assertThat(own.warnings()).isEmpty();
    assertThat(touched.errors())
        .containsExactly("env/k8s/pod.yml:1: Pod/debug: hostNetwork shares the node's namespaces");
  }
}
