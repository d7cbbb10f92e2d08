package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Lanes' {@code zuul.d/} and {@code playbooks/} loaded by a real Zuul ({@code src/services/zuul.sh}) from the real
 * Gerrit, laid out as a deployment has them ({@link RealZuulTenant}: all of it in the tenant's trusted config project
 * but the project stanza, which is the platforms repository's). Zuul's verdict is read from zuul-web's REST API. The
 * secrets are encrypted with the config project's real public key first, as a maintainer does with
 * {@code zuul-client encrypt}: Zuul decrypts every secret while loading, and rejects the repository's placeholders.
 */
class RealZuulLoadsLanesConfigTest {
  private static final List<String> LANES_JOBS = List.of("lanes-backup-verify", "lanes-base", "lanes-build-image",
      "lanes-cluster-apply", "lanes-deploy", "lanes-dr-drill", "lanes-promote", "lanes-push-image", "lanes-render",
      "lanes-preview-up", "lanes-preview-down", "lanes-preview-expire", "lanes-takeover");

  /**
   * Broken copies of CheckZuulStepTest that real Zuul loads without an error: where check-zuul is deliberately
   * stricter (docs/steps/check-zuul.md, "check-zuul and Zuul's own loader"). The test proves Zuul accepts each.
   */
  static final Set<String> STRICTER_THAN_ZUUL = Set.of(
      "an undefined semaphore",
      "a secret of another project",
      "a playbook that does not exist",
      "a secret in plain text",
      "a misspelt pipeline",
      "parents that form a cycle");

  private static RealZuulTenant zuul;

  @TempDir Path work;

  @BeforeAll
  static void startZuul() throws Exception {
    zuul = RealZuulTenant.start();
  }

  @Test
  @DisplayName("real Zuul loads this repository's zuul.d and playbooks with no configuration error")
  void lanesConfigLoads() throws Exception {
    RealZuulTenant.Layout layout = zuul.layout(work);

    List<JsonNode> errors = zuul.load(layout, true, work);

    assertThat(errors).as("Zuul's config errors").isEmpty();
    assertThat(RealZuulTenant.names(zuul.zuulGet("/api/tenant/" + zuul.tenant + "/jobs"))).containsAll(LANES_JOBS);
    assertThat(RealZuulTenant.names(zuul.zuulGet("/api/tenant/" + zuul.tenant + "/pipelines")))
        .containsExactlyInAnyOrder("check", "gate", "promote", "periodic", "preview", "preview-cleanup", "takeover",
            "takeover-plan");
    JsonNode projectConfig = zuul.zuulGet("/api/tenant/" + zuul.tenant + "/project/" + RealZuulTenant.encode(zuul.project));
    List<String> templates = new java.util.ArrayList<>();
    projectConfig.path("configs").forEach(c -> c.path("templates").forEach(t -> templates.add(t.asText())));
    // the platforms repository's stanza (once per branch holding projects.yaml: main, and platform/acme where another
    // test of the same Gerrit pushed one), and the config project's from zuul.d/preview.yaml and zuul.d/takeover.yaml
    assertThat(templates).containsOnly("lanes-platform", "lanes-preview", "lanes-takeover");
    assertThat(projectConfig.toString()).contains("lanes-cluster-apply");
    JsonNode render = zuul.zuulGet("/api/tenant/" + zuul.tenant + "/job/lanes-render");
    assertThat(render.get(0).path("branches").get(0).asText()).isEqualTo("^platform/[a-z0-9-]+$");
  }

  @Test
  @DisplayName("real Zuul rejects this repository's placeholder secrets (not ciphertext), which check-zuul accepts")
  void placeholderSecretsRejected() throws Exception {
    RealZuulTenant.Layout layout = zuul.layout(work);

    List<JsonNode> errors = zuul.load(layout, false, work);

    assertThat(errors).as("Zuul's config errors").isNotEmpty();
    assertThat(errors).anySatisfy(e -> assertThat(e.path("short_error").asText())
        .isEqualTo("Ciphertext length must be equal to key size."));
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(
      resources = CheckZuulStepTest.BROKEN_COPIES,
      delimiter = '|',
      quoteCharacter = '`',
      numLinesToSkip = 1)
  @DisplayName("a broken copy of zuul.d that check-zuul rejects gives a config error in real Zuul too")
  void brokenCopy(String what, String file, String from, String to, String checkZuulSays) throws Exception {
    RealZuulTenant.Layout layout = zuul.layout(work);
    layout.edit(file, CheckZuulStepTest.lines(from), CheckZuulStepTest.lines(to));

    List<JsonNode> errors = zuul.load(layout, true, work);

    System.err.printf("real Zuul on %s (%s): %s%n", what, file,
        errors.stream().map(e -> e.path("source_context").path("path").asText() + ": "
            + e.path("short_error").asText()).toList());
    if (STRICTER_THAN_ZUUL.contains(what)) {
      assertThat(errors).as("Zuul accepts %s (listed as stricter in check-zuul)", what).isEmpty();
    } else {
      assertThat(errors).as("Zuul's config errors for %s", what).isNotEmpty();
    }
  }
}
