package io.lanes.gerrit.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.cache.Cache;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.acceptance.config.GerritConfig;
import com.google.gerrit.extensions.events.LifecycleListener;
import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import io.lanes.gerrit.LanesDaemonTest;
import io.lanes.gerrit.config.LanesSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.Test;

/**
 * Push validation on a real in-process Gerrit: the map on refs/meta/config, the lane policy on platform branches, and
 * the cache of file verdicts.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class PushValidationIT extends LanesDaemonTest {
  /**
   * A push to {@code platform/acme} the lane policy refuses.
   *
   * @param what the case, named in a failure
   * @param ref where it is pushed: for review or straight to the branch
   * @param files the files of its one commit
   * @param status the push's error status
   * @param messages every line the push's messages must hold
   */
  private record Refused(String what, String ref, Map<String, String> files, String status, String... messages) {}

  private static final List<Refused> REFUSED =
      List.of(
          new Refused(
              "a manifest breaking the policy, for review: file, line and object",
              "refs/for/platform/acme",
              Map.of("env/k8s/apps.yml", CLEAN_MANIFEST + "---\n" + HOST_NETWORK_POD),
              "lane policy: 1 violation on platform acme",
              "env/k8s/apps.yml:12: Pod/debug: hostNetwork shares the node's namespaces"),
          new Refused(
              "a direct push: every violation",
              "refs/heads/platform/acme",
              Map.of(
                  "env/k8s/rbac.yml",
                  "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: root}\n",
                  "env/k8s/cm.yml",
                  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: openedx-globex}\n"),
              "lane policy: 2 violations on platform acme",
              "env/k8s/cm.yml:1: ConfigMap/x: namespace \"openedx-globex\" is not the platform's namespace openedx-acme",
              "env/k8s/rbac.yml:1: ClusterRoleBinding/root: a ClusterRoleBinding grants rights across the whole cluster"),
          new Refused(
              "Zuul config using another platform's secret or namespace",
              "refs/for/platform/acme",
              Map.of(
                  "zuul.d/jobs.yaml",
                  "- job:\n    name: acme-deploy\n    secrets: [globex-registry]\n"
                      + "    vars: {namespace: openedx-globex}\n"),
              "lane policy: 2 violations on platform acme",
              "zuul.d/jobs.yaml:1: job/acme-deploy: uses secret \"globex-registry\" of platform globex",
              "zuul.d/jobs.yaml:1: job/acme-deploy: vars.namespace sets namespace \"openedx-globex\" of platform globex"),
          new Refused(
              "malformed YAML: file and line",
              "refs/for/platform/acme",
              Map.of("env/k8s/apps.yml", "apiVersion: v1\nkind: Pod\n  bad: x: y\n"),
              "lane policy: 1 violation on platform acme",
              "env/k8s/apps.yml:3: mapping values are not allowed here"));

  @Test
  public void acceptsAValidMapOnRefsMetaConfig() throws Exception {
    pushMap(MAP).assertOkStatus();
  }

  @Test
  public void rejectsAMapWithEveryProblemNamingLanesConfigAndTheKey() throws Exception {
    PushOneCommit.Result result = pushMap("[platform \"acme\"]\n  cluster = nowhere\n  colour = blue\n");

    assertRejected(
        result,
        "lanes.config has 3 problems",
        "lanes.config: platform.acme.colour: unknown key",
        "lanes.config: platform.acme.namespace: missing (required)",
        "lanes.config: platform.acme.cluster: cluster \"nowhere\" is not declared (declared: none)");
  }

  @Test
  public void acceptsCleanManifestsAndZuulConfigOnAPlatformBranchDirectAndForReview() throws Exception {
    pushMapAndCreatePlatformBranch("acme");

    push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).assertOkStatus();
    checkout("platform/acme");
    push(
            "refs/heads/platform/acme",
            Map.of(
                "env/k8s/apps.yml",
                CLEAN_MANIFEST,
                "zuul.d/jobs.yaml",
                "- job:\n    name: acme-deploy\n    vars: {namespace: openedx-acme}\n"))
        .assertOkStatus();
  }

  @Test
  public void rejectsPushesBreakingThePolicyNamingFileLineAndObject() throws Exception {
    pushMapAndCreatePlatformBranch("acme");

    for (Refused refused : REFUSED) {
      checkout("platform/acme");
      PushOneCommit.Result result = push(refused.ref(), refused.files());

      try {
        assertRejected(result, refused.status(), refused.messages());
      } catch (AssertionError e) {
        throw new AssertionError(refused.what() + ": " + e.getMessage(), e);
      }
      assertWithMessage(refused.what()).that(result.getMessage()).doesNotContain("Exception");
    }
  }

  @Test
  public void rejectsAPushToAnUnmappedPlatformBranchListingKnownPlatforms() throws Exception {
    pushMap(MAP).assertOkStatus();
    commitBypassingValidation("platform/initech", Map.of("README", "before the map\n"));
    checkout("platform/initech");

    PushOneCommit.Result result = push("refs/for/platform/initech", Map.of("README", "hello\n"));

    result.assertErrorStatus(
        "platform/initech is not a platform's branch"
            + " (known platforms: acme on platform/acme, globex on platform/globex)");
  }

  @Test
  public void leavesOtherBranchesAlone() throws Exception {
    pushMap(MAP).assertOkStatus();
    checkout("master");

    push("refs/heads/master", Map.of("env/k8s/apps.yml", HOST_NETWORK_POD)).assertOkStatus();
  }

  @Test
  public void warnsButDoesNotBlockOnAViolationTheCommitLeftUntouched() throws Exception {
    // The violation predates the map: the platform was not guarded yet.
    commitBypassingValidation("platform/acme", Map.of("env/k8s/apps.yml", HOST_NETWORK_POD));
    pushMap(MAP).assertOkStatus();
    checkout("platform/acme");

    PushOneCommit.Result result =
        push(
            "refs/for/platform/acme",
            Map.of("env/k8s/apps.yml", HOST_NETWORK_POD + "---\n" + CLEAN_MANIFEST));

    result.assertOkStatus();
    result.assertMessage(
        "env/k8s/apps.yml:1: Pod/debug: hostNetwork shares the node's namespaces (already there, not blocking)");
  }

  @Test
  public void blocksANewViolationBesideAnExistingOne() throws Exception {
    commitBypassingValidation("platform/acme", Map.of("env/k8s/apps.yml", HOST_NETWORK_POD));
    pushMap(MAP).assertOkStatus();
    checkout("platform/acme");
    RevCommit base = testRepo.getRevWalk().parseCommit(testRepo.getRepository().resolve("refs/heads/platform/acme"));

    PushOneCommit.Result result =
        push(
            "refs/for/platform/acme",
            Map.of("env/k8s/apps.yml", HOST_NETWORK_POD.replace("hostNetwork", "hostPID") + "  hostNetwork: true\n"));

    assertRejected(
        result,
        "lane policy: 1 violation on platform acme",
        "env/k8s/apps.yml:1: Pod/debug: hostPID shares the node's namespaces");
    result.assertNotMessage("ERROR: env/k8s/apps.yml:1: Pod/debug: hostNetwork");
    testRepo.reset(base);
  }

  @Test
  public void anotherCommitWithTheSameFilesTakesTheirVerdictsFromTheCache() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    Cache<FileVerdictKey, FileVerdict> cache =
        plugin
            .getSysInjector()
            .getInstance(
                Key.get(new TypeLiteral<Cache<FileVerdictKey, FileVerdict>>() {}, Names.named(FileVerdicts.CACHE)));
    String otherManifest = CLEAN_MANIFEST.replace("name: lms", "name: cms");
    PushOneCommit.Result first =
        push("refs/for/platform/acme", Map.of("env/k8s/lms.yml", CLEAN_MANIFEST, "env/k8s/cms.yml", otherManifest));
    first.assertOkStatus();
    long hits = cache.stats().hitCount();
    long misses = cache.stats().missCount();
    checkout("platform/acme");

    PushOneCommit.Result second =
        push("refs/for/platform/acme", Map.of("env/k8s/lms.yml", CLEAN_MANIFEST, "env/k8s/cms.yml", otherManifest));

    second.assertOkStatus();
    assertThat(cache.stats().hitCount() - hits).isEqualTo(2);
    assertThat(cache.stats().missCount()).isEqualTo(misses);
  }

  @Test
  @GerritConfig(name = "plugin.lanes.validationThreads", value = "2")
  public void withValidationThreadsEveryViolationIsReportedInFileOrder() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    ValidationThreads threads = plugin.getSysInjector().getInstance(ValidationThreads.class);
    Map<String, String> files = new TreeMap<>();
    List<String> expected = new ArrayList<>();
    for (int i = 10; i < 40; i++) {
      String path = "env/k8s/app-" + i + ".yml";
      if (i % 3 == 0) {
        files.put(path, HOST_NETWORK_POD.replace("debug", "debug-" + i));
        expected.add(path + ":1: Pod/debug-" + i + ": hostNetwork shares the node's namespaces");
      } else {
        files.put(path, CLEAN_MANIFEST.replace("name: lms", "name: lms-" + i));
      }
    }

    PushOneCommit.Result result = push("refs/for/platform/acme", files);

    assertThat(threads.fanOut().threads()).isEqualTo(3);
    result.assertErrorStatus("lane policy: 10 violations on platform acme");
    Stream<String> reported =
        result.getMessage().lines().filter(l -> l.contains("env/k8s/")).map(l -> l.substring(l.indexOf("env/")));
    assertThat(reported.toList()).containsExactlyElementsIn(expected).inOrder();
  }

  @Test
  @GerritConfig(name = "plugin.lanes.validationThreads", value = "many")
  public void anInvalidValidationThreadsFallsBackToTheDefault() throws Exception {
    ValidationThreads threads = plugin.getSysInjector().getInstance(ValidationThreads.class);

    assertThat(threads.fanOut().threads()).isEqualTo(LanesSettings.defaultValidationThreads() + 1);
    pushMapAndCreatePlatformBranch("acme");
    push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).assertOkStatus();
  }

  @Test
  public void validationThreadsStopWithThePlugin() {
    ValidationThreads threads = plugin.getSysInjector().getInstance(ValidationThreads.class);
    List<LifecycleListener> listeners = new ArrayList<>();
    for (Binding<LifecycleListener> binding :
        plugin.getSysInjector().findBindingsByType(TypeLiteral.get(LifecycleListener.class))) {
      listeners.add(binding.getProvider().get());
    }

    assertThat(listeners).contains(threads);
  }
}
