package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.Trees;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/zuul-jobs.md, "Adding a platform", followed for a new platform initech end to end: its map entry, its branch
 * holding a Tutor project of its own (images under its registry prefix, its namespace), its zuul.d file written by
 * zuul-config; then check-config, check-zuul, and a deploy of its Tutor project on the real control plane.
 */
@DisplayName("a platform added by the documented steps passes check-config and check-zuul and deploys on the real control plane")
class AddPlatformAgainstKubeTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @RegisterExtension final KubeCluster kube = new KubeCluster("initech");

  @TempDir Path dir;

  @Test
  @DisplayName("initech: map, Tutor project on platform/initech, zuul-config, checks, deploy (Tutor's init tasks, Deployments Available)")
  void addedPlatformDeploys() throws Exception {
    // 1. The map: the sample's, plus initech in this test's namespace.
    Path map = dir.resolve("lanes.config");
    Files.writeString(
        map,
        Files.readString(REPOSITORY.resolve("src/sample-platform/lanes.config"))
            + "[platform \"initech\"]\n\tbranch = platform/initech\n\tnamespace = " + kube.namespace()
            + "\n\tcluster = prod\n\tregistry = localhost:5000\n");
    StepRun checkConfig = StepRun.of("check-config", map.toString());
    assertThat(checkConfig.exitCode()).as(checkConfig.err()).isZero();

    // 2. Its branch: a Tutor project of its own, images under localhost:5000/initech/, env/ written by Tutor.
    Path project = dir.resolve("initech");
    Files.createDirectories(project);
    Files.writeString(
        project.resolve("config.yml"),
        Files.readString(REPOSITORY.resolve("src/sample-platform/config.yml"))
            .replace("localhost:5000/acme/", "localhost:5000/initech/")
            .replace("acme.example", "initech.example")
            .replace("K8S_NAMESPACE: openedx-acme\n", "K8S_NAMESPACE: " + kube.namespace() + "\n")
            .replace("PLUGINS:\n- acme\n- mfe\n", "PLUGINS:\n- mfe\n"));
    RealTutor.tutor(project, "config", "save");
    try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("platform/initech").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("initech's Tutor project").setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org").setSign(false).call();
    }

    // 3. Its part of the config project's zuul.d, written from the map; check-zuul holds the copy to it.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Path publicKey = dir.resolve("config-project.pub");
    Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    Path secrets = dir.resolve("initech-credentials");
    Files.createDirectories(secrets);
    for (String file : List.of("kubeconfig", "s3-access-key", "s3-secret-key", "dr-mysql-password", "dr-mongodb-uri")) {
      Files.writeString(secrets.resolve(file), "initech " + file);
    }
    Path zuulD = dir.resolve("config-project/zuul.d");
    Trees.copy(REPOSITORY.resolve("zuul.d"), zuulD);
    Files.createSymbolicLink(zuulD.getParent().resolve("playbooks"), REPOSITORY.resolve("playbooks"));
    StepRun zuulConfig =
        StepRun.of("zuul-config", "--config", map.toString(), "--platform", "initech", "--public-key",
            publicKey.toString(), "--secrets", secrets.toString(), "--output",
            zuulD.resolve("platforms/initech.yaml").toString());
    assertThat(zuulConfig.exitCode()).as(zuulConfig.err()).isZero();
    StepRun checkZuul = StepRun.of("check-zuul", zuulD.toString(), "--config", map.toString());
    assertThat(checkZuul.exitCode()).as(checkZuul.err()).isZero();

    // 4. The deploy, as the platform's namespaced identity.
    StepRun deploy =
        StepRun.withEnvironment(
            Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()),
            "deploy", "--config", map.toString(), "--platform", "initech", "--tutor-root", project.toString(),
            "--kubeconfig", kube.kubeconfig().toString(), "--holder", "initech-1", "--poll-interval", "200",
            "--rollout-timeout", "120");

    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.err()).contains(": 6 init tasks");
    List<Deployment> deployments = kube.client().apps().deployments().inNamespace(kube.namespace()).list().getItems();
    assertThat(deployments).extracting(d -> d.getMetadata().getName()).contains("lms", "cms", "mfe");
    assertThat(deployments)
        .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers())
            .allSatisfy(c -> assertThat(c.getImage()).startsWith("localhost:5000/initech/")));
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-initech-1").get())
        .isNotNull();
  }
}
