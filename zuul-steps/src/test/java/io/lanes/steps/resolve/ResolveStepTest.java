package io.lanes.steps.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveStepTest {
  private static final String SAMPLE = "../src/sample-platform/lanes.config";

  @TempDir Path dir;

  @Test
  @DisplayName("a platform branch resolves to its namespace, cluster and registry")
  void resolvesBranch() {
    StepRun run = StepRun.of("resolve", "--config", SAMPLE, "--branch", "platform/globex");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("platform      globex\n")
        .contains("namespace     openedx-globex\n")
        .contains("cluster       prod\n")
        .contains("image_prefix  localhost:5000/globex\n");
  }

  @Test
  @DisplayName("Zuul's variables give the branch and the change's image tag, written to --result")
  void resolvesZuulItem() throws Exception {
    Path vars = dir.resolve("zuul.json");
    Files.writeString(
        vars,
        """
        {"zuul": {"branch": "platform/acme", "change": "1234", "patchset": "5", "pipeline": "check",
                  "project": {"canonical_name": "review.example.org/openedx/platforms"}}}
        """);
    Path result = dir.resolve("result.json");

    StepRun run =
        StepRun.at(
            Instant.parse("2026-11-24T12:00:00Z"),
            "resolve", "--config", SAMPLE, "--zuul-vars", vars.toString(), "--result", result.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("image_tag     change-1234-ps-5\n");
    String json = Files.readString(result);
    assertThat(json)
        .startsWith("{\n  \"lanes\" : {\n    \"target\" : {\n      \"platform\" : \"acme\",")
        .contains("\"namespace\" : \"openedx-acme\"")
        .contains("\"image_tag\" : \"change-1234-ps-5\"")
        .contains("\"freeze\" : null");
  }

  @Test
  @DisplayName("an active freeze is reported in the target and warned about")
  void reportsActiveFreeze() throws Exception {
    Path result = dir.resolve("result.json");

    StepRun run =
        StepRun.at(
            Instant.parse("2026-12-25T08:00:00Z"),
            "resolve", "--config", SAMPLE, "--branch", "platform/globex", "--result", result.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEqualTo("warning: platform globex is frozen until 2026-12-27T00:00:00Z\n");
    assertThat(Files.readString(result)).contains("\"freeze\" : \"2026-12-24T00:00Z/2026-12-27T00:00Z\"");
  }

  @Test
  @DisplayName("an unmapped branch exits 2 naming the known platforms, and writes no result")
  void unmappedBranch() {
    Path result = dir.resolve("result.json");

    StepRun run =
        StepRun.of("resolve", "--config", SAMPLE, "--branch", "master", "--result", result.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("branch master belongs to no platform (known platforms: acme, globex)\n");
    assertThat(result).doesNotExist();
  }

  @Test
  @DisplayName("the map is read from a repository's refs/meta/config")
  void readsMapFromRefsMetaConfig() throws Exception {
    Path repo = dir.resolve("project.git");
    try (Git git = Git.init().setBare(true).setDirectory(repo.toFile()).call()) {
      commitToMetaConfig(git.getRepository(), Files.readString(Path.of(SAMPLE)));
    }

    StepRun run = StepRun.of("resolve", "--config-ref", repo.toString(), "--branch", "platform/acme");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("namespace     openedx-acme\n");
  }

  @Test
  @DisplayName("a repository without refs/meta/config is a configuration error naming it")
  void repositoryWithoutMetaConfig() throws Exception {
    Path repo = dir.resolve("empty.git");
    Git.init().setBare(true).setDirectory(repo.toFile()).call().close();

    StepRun run = StepRun.of("resolve", "--config-ref", repo.toString(), "--branch", "platform/acme");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(repo + ": has no refs/meta/config\n");
  }

  @Test
  @DisplayName("an invalid map fails with every problem, each naming the source and the key")
  void invalidMap() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(file, "[platform \"acme\"]\n  namespace = openedx-acme\n");

    StepRun run = StepRun.of("resolve", "--config", file.toString(), "--branch", "platform/acme");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(file + ": platform.acme.cluster: missing (required)\n");
  }

  @Test
  @DisplayName("malformed Zuul variables are one clear error naming the file")
  void malformedZuulVars() throws Exception {
    Path vars = dir.resolve("zuul.json");
    Files.writeString(vars, "{\"zuul\": {\"branch\": ");

    StepRun run = StepRun.of("resolve", "--config", SAMPLE, "--zuul-vars", vars.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(vars + ": not valid JSON: ").doesNotContain("\n\tat ");
  }

  @Test
  @DisplayName("--branch and --zuul-vars together are a usage error")
  void exclusiveItemOptions() {
    StepRun run =
        StepRun.of("resolve", "--config", SAMPLE, "--branch", "platform/acme", "--zuul-vars", "zuul.json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  private static void commitToMetaConfig(Repository repository, String text) throws Exception {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("lanes.config", FileMode.REGULAR_FILE, blob);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      PersonIdent ident = new PersonIdent("Lanes Test", "lanes@example.org");
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("Set the platform map\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef("refs/meta/config");
      update.setNewObjectId(id);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
    }
  }
}
