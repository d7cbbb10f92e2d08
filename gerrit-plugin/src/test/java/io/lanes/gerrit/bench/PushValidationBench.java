package io.lanes.gerrit.bench;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.config.Target;
import io.lanes.gerrit.validation.CheckResult;
import io.lanes.gerrit.validation.PlatformCommitCheck;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

/**
 * The plugin's own time to validate a push of one commit touching 1,000 files, 500 of them manifests, on a platform
 * branch: {@link PlatformCommitCheck} over a JGit repository, as {@code LanesCommitValidator} calls it (Gerrit's own
 * receive work excluded). Prints p50/p99 over many runs after a warm-up. Run with {@code mvn -B -pl gerrit-plugin -am
 * verify -Pbench -DskipTests} (see docs/benchmarks.md).
 */
public final class PushValidationBench {
  private static final int FILES = 1000;
  private static final int MANIFESTS = 500;
  private static final int WARMUP = 100;
  private static final int RUNS = 300;

  private PushValidationBench() {}

  public static void main(String[] args) throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                    + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
            .orThrow();
    Target target = map.target(map.platform("acme").orElseThrow());
    try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("bench"))) {
      run("clean commit (the usual case: one parse per changed file)", repo, map, target, false);
      run("every manifest keeps an existing violation (worst case: parent parsed too)", repo, map, target, true);
    }
  }

  private static void run(String title, InMemoryRepository repo, PlatformMap map, Target target, boolean violating)
      throws Exception {
    RevCommit commit;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId parent = commit(inserter, tree(inserter, 0, violating), null);
      ObjectId child = commit(inserter, tree(inserter, 1, violating), parent);
      inserter.flush();
      try (RevWalk walk = new RevWalk(repo)) {
        commit = walk.parseCommit(child);
        walk.parseHeaders(commit.getParent(0));
      }
    }
    long[] nanos = new long[RUNS];
    CheckResult last = null;
    try (ObjectReader reader = repo.newObjectReader()) {
      for (int i = 0; i < WARMUP + RUNS; i++) {
        long start = System.nanoTime();
        last = PlatformCommitCheck.check(reader, commit, map, target);
        long took = System.nanoTime() - start;
        if (i >= WARMUP) {
          nanos[i - WARMUP] = took;
        }
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%s%n  %d files (%d manifests) per commit, %d runs after %d warm-up: p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " %d errors, %d warnings%n",
        title,
        FILES,
        MANIFESTS,
        RUNS,
        WARMUP,
        nanos[RUNS / 2] / 1e6,
        nanos[(int) Math.ceil(RUNS * 0.99) - 1] / 1e6,
        nanos[RUNS - 1] / 1e6,
        last.errors().size(),
        last.warnings().size());
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
