package io.lanes.gerrit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Push validation of a platform branch that holds a real Tutor project: the sample platform (src/sample-platform:
 * config.yml, its own plugin, and the env/ that {@code tutor config save} wrote, with Tutor's docker-compose files in
 * env/local and env/dev, Dockerfiles in env/build, app configs in env/apps), committed as a change would carry it.
 */
class TutorProjectPushTest {
  private static final Path SAMPLE = Path.of("../src/sample-platform");
  private static final String COMPOSE_OUT_OF_LANE =
      "services:\n  debug:\n    image: docker.io/library/busybox:1.36\n    privileged: true\n"
          + "    volumes:\n      - /:/host\n";
  private static final String DEPLOYMENT_OUT_OF_LANE =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: debug, namespace: openedx-globex}\n"
          + "spec:\n  template:\n    spec:\n      containers:\n        - {name: debug, image: docker.io/library/busybox:1.36}\n";

  private InMemoryRepository repo;
  private TestRepository<InMemoryRepository> git;
  private ObjectReader reader;
  private PlatformMap map;
  private PolicyInputs acme;

  @BeforeEach
  void setUp() throws Exception {
    repo = new InMemoryRepository(new DfsRepositoryDescription("platforms"));
    git = new TestRepository<>(repo);
    reader = repo.newObjectReader();
    map = PlatformMapReader.read(Files.readString(SAMPLE.resolve("lanes.config"))).map();
    acme = new PolicyInputs(map, map.target(map.platform("acme").orElseThrow()));
  }

  @AfterEach
  void tearDown() {
    reader.close();
    repo.close();
  }

  /** The sample's Tutor project as a platform branch holds it: config.yml, plugins/, env/ (not the map, not clusters/). */
  private static Map<String, byte[]> tutorProject() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("config.yml", Files.readAllBytes(SAMPLE.resolve("config.yml")));
    for (String dir : List.of("plugins", "env")) {
      try (Stream<Path> paths = Files.walk(SAMPLE.resolve(dir))) {
        for (Path path : paths.filter(Files::isRegularFile).toList()) {
          files.put(SAMPLE.relativize(path).toString(), Files.readAllBytes(path));
        }
      }
    }
    return files;
  }

  private RevCommit commit(RevCommit parent, Map<String, byte[]> files) throws Exception {
    TestRepository<InMemoryRepository>.CommitBuilder builder = parent == null ? git.commit() : git.commit().parent(parent);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      builder.add(file.getKey(), git.blob(file.getValue()));
    }
    RevCommit commit = git.parseBody(builder.create());
    for (RevCommit p : commit.getParents()) {
      git.parseBody(p);
    }
    return commit;
  }

  @Test
  @DisplayName("the Tutor-written sample passes acme's lane: every YAML file of env/ is read, Tutor's docker-compose files and app configs parse and hold no object, env/k8s's objects stay in the lane")
  void tutorWrittenSamplePasses() throws Exception {
    Map<String, byte[]> files = tutorProject();
    assertThat(files).containsKeys("env/local/docker-compose.yml", "env/dev/docker-compose.yml",
        "env/build/openedx/Dockerfile", "env/apps/openedx/config/lms.env.yml", "env/k8s/deployments.yml",
        "env/plugins/acme/build/openedx/Dockerfile");

    List<String> read = new ArrayList<>();
    FileVerdicts recording = new FileVerdicts() {
      @Override
      public FileVerdict get(FileVerdictKey key, Computation computation) throws java.io.IOException {
        read.add(key.path());
        return computation.compute();
      }
    };

    CheckResult result = PlatformCommitCheck.check(reader, commit(null, files), acme, recording);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    // every YAML file under env/ is read (a Kubernetes object may be anywhere the kustomization lists), none else
    assertThat(read).containsExactlyInAnyOrderElementsOf(files.keySet().stream()
        .filter(f -> f.startsWith("env/") && (f.endsWith(".yml") || f.endsWith(".yaml"))).toList());
    assertThat(read).contains("env/local/docker-compose.yml", "env/dev/docker-compose.yml",
        "env/apps/openedx/config/lms.env.yml", "env/k8s/deployments.yml").doesNotContain("config.yml");
  }

  @Test
  @DisplayName("a docker-compose file is no Kubernetes object: what it says is not judged by the lane policy (Lanes deploys env/k8s through kustomize, never env/local)")
  void dockerComposeIsNotJudged() throws Exception {
    RevCommit base = commit(null, tutorProject());
    Map<String, byte[]> files = tutorProject();
    files.put("env/local/docker-compose.override.yml", COMPOSE_OUT_OF_LANE.getBytes());

    CheckResult result = PlatformCommitCheck.check(reader, commit(base, files), map, acme.target());

    assertThat(result.errors()).isEmpty();
  }

  @Test
  @DisplayName("a Kubernetes object anywhere under env/ is judged, even in Tutor's non-Kubernetes folders (kustomization.yml may list it): no way around the lane")
  void kubernetesObjectInAComposeFolderIsJudged() throws Exception {
    RevCommit base = commit(null, tutorProject());
    Map<String, byte[]> files = tutorProject();
    files.put("env/local/debug.yml", DEPLOYMENT_OUT_OF_LANE.getBytes());
    String kustomization = new String(files.get("env/kustomization.yml"));
    files.put("env/kustomization.yml", kustomization.replace("resources:\n", "resources:\n- local/debug.yml\n").getBytes());

    CheckResult result = PlatformCommitCheck.check(reader, commit(base, files), map, acme.target());

    List<String> errors = new ArrayList<>(result.errors());
    assertThat(errors).isNotEmpty().allMatch(e -> e.startsWith("env/local/debug.yml:1: Deployment/debug: "), "in the new file");
    assertThat(errors).anyMatch(e -> e.contains("openedx-globex")).anyMatch(e -> e.contains("docker.io/library/busybox:1.36"));
  }
}
