package io.lanes.gerrit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Files built to exhaust a reader, pushed to a platform branch: each is a rejection line naming the file and the
 * bound (what {@code lanes-core}'s readers throw), never an internal error, in well under the timeout. The same
 * hostile manifests {@code render} refuses are refused here with the same lines.
 */
@Timeout(30)
class HostilePushTest {
  private static final PlatformMap MAP =
      PlatformMapReader.read(
              "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                  + "[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
          .map();

  @Test
  @DisplayName("deep nesting, a billion laughs, binary and Latin-1 files, privileged: yes and a List are rejected")
  void hostileFilesRejected() throws Exception {
    StringBuilder laughs = new StringBuilder("a0: &a0 [" + "x,".repeat(99) + "x]\n");
    for (int i = 1; i <= 5; i++) {
      laughs.append("a").append(i).append(": &a").append(i).append(" [");
      laughs.append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("test"));
        ObjectReader reader = repo.newObjectReader()) {
      TestRepository<InMemoryRepository> git = new TestRepository<>(repo);
      RevCommit commit =
          git.commit()
              .add("env/k8s/a-deep.yml", "k: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n")
              .add("env/k8s/b-laughs.yml", laughs.toString())
              .add("env/k8s/c-blob.yml", git.blob(new byte[] {0x7f, 'E', 'L', 'F', 2, 0, 0}))
              .add("env/k8s/d-latin1.yml", git.blob("name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)))
              .add(
                  "env/k8s/e-privileged.yml",
                  "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                      + "    - {name: c, image: localhost:5000/acme/x:1, securityContext: {privileged: yes}}\n")
              .add(
                  "env/k8s/f-list.yml",
                  "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: rbac.authorization.k8s.io/v1\n"
                      + "    kind: ClusterRoleBinding\n    metadata: {name: take-over}\n"
                      + "    roleRef: {kind: ClusterRole, name: cluster-admin}\n")
              .add("zuul.d/deep.yaml", "- job:\n    vars: " + "{a: ".repeat(200) + "1" + "}".repeat(200) + "\n")
              .create();
      git.getRevWalk().parseBody(commit);

      CheckResult result =
          PlatformCommitCheck.check(reader, commit, MAP, MAP.target(MAP.platform("acme").orElseThrow()));

      assertThat(result.errors())
          .containsExactly(
              "env/k8s/a-deep.yml:1: more than 100 levels of nested maps and lists (the limit)",
              "env/k8s/b-laughs.yml:6: more than 1000000 values once aliases are expanded (the limit)",
              "env/k8s/c-blob.yml: a binary file, not text (a NUL byte at character 5)",
              "env/k8s/d-latin1.yml: not valid UTF-8 text (an undecodable byte at character 9)",
              "env/k8s/e-privileged.yml:1: Pod/p: container \"c\" privileged is \"yes\", not a boolean: YAML 1.1"
                  + " readers such as kubectl's may read it as true (write true or false)",
              "env/k8s/f-list.yml:1: ClusterRoleBinding/take-over: a ClusterRoleBinding grants rights across the"
                  + " whole cluster",
              "zuul.d/deep.yaml:2: more than 100 levels of nested maps and lists (the limit)");
    }
  }
}
