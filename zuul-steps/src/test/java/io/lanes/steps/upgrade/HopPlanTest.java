package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HopPlan: the MongoDB and MySQL hops of an upgrade as Jobs, from the new release's Deployments (pure)")
class HopPlanTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String CANARY = "canary-hop-pw-7f3e9a";

  /** The sample platform's rendered Deployments (Tutor 22's k8s/deployments.yml, lane-rewritten images). */
  static List<GenericKubernetesResource> deployments() {
    try {
      String yaml = Files.readString(Path.of("..", "src", "sample-platform", "env", "k8s", "deployments.yml"));
      List<GenericKubernetesResource> objects = new ArrayList<>();
      for (String document : yaml.split("(?m)^---\\s*$")) {
        if (!document.isBlank()) {
          GenericKubernetesResource object = SERIALIZATION.unmarshal(document, GenericKubernetesResource.class);
          object.getMetadata().setNamespace("openedx-acme");
          objects.add(object);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static UpgradeAction mongodb(String version, String fcv, String command, String binary) {
    return new UpgradeAction("mongodb", "mongodb", "MongoDB " + version + " (featureCompatibilityVersion " + fcv + ")",
        Map.of("version", version, "fcv", fcv, "command", command, "binary", binary));
  }

  static UpgradeAction mysql(String version, String script) {
    return new UpgradeAction("mysql", "mysql", "MySQL " + version + " (" + script + ")",
        Map.of("version", version, "script", script, "user", "root"));
  }

  static final List<UpgradeAction> QUINCE = List.of(
      mongodb("5.0.26", "5.0", "{\"setFeatureCompatibilityVersion\": \"5.0\"}", "mongo"),
      mongodb("6.0.14", "6.0", "{\"setFeatureCompatibilityVersion\": \"6.0\"}", "mongosh"),
      mongodb("7.0.28", "7.0", "{\"setFeatureCompatibilityVersion\": \"7.0\", \"confirm\": 1}", "mongosh"));

  @SuppressWarnings("unchecked")
  static Map<String, Object> container(GenericKubernetesResource job) {
    return job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
  }

  @Test
  @DisplayName("from quince: three Jobs on the mongodb Deployment's volume, in Tutor's order, each the platform's mongo repository at Tutor's version, FCV set, mongosh from 6, confirm for 7")
  void quince() {
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("quince", "verawood", List.of("quince", "redwood"), QUINCE);

    HopPlan hops = HopPlan.of(plan, deployments(), "acme", Duration.ofSeconds(90));

    assertThat(hops.warnings()).isEmpty();
    assertThat(hops.hops()).extracting(HopPlan.Hop::order, HopPlan.Hop::name, HopPlan.Hop::deployment, HopPlan.Hop::image)
        .containsExactly(
            tuple(1, "mongodb-5.0.26", "mongodb", "localhost:5000/acme/mongo:5.0.26"),
            tuple(2, "mongodb-6.0.14", "mongodb", "localhost:5000/acme/mongo:6.0.14"),
            tuple(3, "mongodb-7.0.28", "mongodb", "localhost:5000/acme/mongo:7.0.28"));
    // the database starts again after its last hop, at the new release's Deployment
    assertThat(hops.hops()).extracting(HopPlan.Hop::last).containsExactly(false, false, true);
    assertThat(hops.hops().get(2).newRelease().getMetadata().getName()).isEqualTo("mongodb");
    assertThat(hops.hops()).extracting(HopPlan.Hop::upstream).containsExactly("docker.io/library/mongo:5.0.26",
        "docker.io/library/mongo:6.0.14", "docker.io/library/mongo:7.0.28");
    GenericKubernetesResource first = hops.hops().get(0).job();
    assertThat(first.getMetadata().getName()).matches("mongodb-hop-01-[0-9a-f]{10}");
    assertThat(first.getMetadata().getLabels()).containsEntry(HopPlan.LABEL_UPGRADE_OF, "acme")
        .doesNotContainKey("lanes.io/platform");
    assertThat(first.<Object>get("spec", "activeDeadlineSeconds")).isEqualTo(90L);
    assertThat(first.<Object>get("spec", "backoffLimit")).isEqualTo(0);
    assertThat(first.<Object>get("spec", "template", "spec", "restartPolicy")).isEqualTo("Never");
    assertThat(first.<Object>get("spec", "template", "spec", "volumes"))
        .isEqualTo(List.of(Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", "mongodb"))));
    assertThat(first.<Map<String, String>>get("spec", "template", "metadata", "labels"))
        .doesNotContainEntry("app.kubernetes.io/name", "mongodb");
    Map<String, Object> container = container(first);
    assertThat(container.get("command")).isEqualTo(List.of("sh", "-e", "-c"));
    String script = ((List<String>) container.get("args")).get(0);
    assertThat(script).contains("'mongod' '--storageEngine' 'wiredTiger' --bind_ip 127.0.0.1 &")
        .contains("'mongo' --quiet --eval 'var r = db.adminCommand({\"setFeatureCompatibilityVersion\": \"5.0\"});")
        .contains("db.adminCommand({shutdown: 1})").contains("wait \"$pid\"");
    assertThat((List<String>) container(hops.hops().get(2).job()).get("args")).first().asString()
        .contains("'mongosh' --quiet --eval 'var r = db.adminCommand({\"setFeatureCompatibilityVersion\": \"7.0\", \"confirm\": 1});");
    assertThat(container.get("volumeMounts")).isEqualTo(List.of(Map.of("mountPath", "/data/db", "name", "data")));
    assertThat(hops.hops()).allMatch(h -> h.secret().isEmpty());
    // the same plan gives the same Jobs
    assertThat(HopPlan.of(plan, deployments(), "acme", Duration.ofSeconds(90)).hops().get(2).job().getMetadata().getName())
        .isEqualTo(hops.hops().get(2).job().getMetadata().getName());
  }

  @Test
  @DisplayName("MySQL hops (juniper's mysql_upgrade on 5.7.44, olive's 8.1.0 start): the root password reaches the Job through a Secret, never in the Job (canary)")
  void mysqlPasswordThroughASecret() {
    List<GenericKubernetesResource> objects = deployments();
    GenericKubernetesResource mysqlDeployment = objects.stream().filter(o -> o.getMetadata().getName().equals("mysql"))
        .findFirst().orElseThrow();
    container(mysqlDeployment).put("env", List.of(Map.of("name", "MYSQL_ROOT_PASSWORD", "value", CANARY)));
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("juniper", "verawood", List.of("juniper", "koa"),
        List.of(mysql("5.7", "mysql_upgrade"), mysql("8.1.0", "start")));

    HopPlan hops = HopPlan.of(plan, objects, "acme", Duration.ofSeconds(60));

    assertThat(hops.hops()).extracting(HopPlan.Hop::name, HopPlan.Hop::image).containsExactly(
        tuple("mysql-5.7.44", "localhost:5000/acme/mysql:5.7.44"), tuple("mysql-8.1.0", "localhost:5000/acme/mysql:8.1.0"));
    for (HopPlan.Hop hop : hops.hops()) {
      String name = hop.job().getMetadata().getName();
      assertThat(SERIALIZATION.asJson(hop.job())).doesNotContain(CANARY);
      assertThat(container(hop.job()).get("env")).isEqualTo(List.of(Map.of("name", "MYSQL_ROOT_PASSWORD",
          "valueFrom", Map.of("secretKeyRef", Map.of("name", name, "key", "MYSQL_ROOT_PASSWORD")))));
      assertThat(hop.secret().orElseThrow().getStringData()).containsExactly(Map.entry("MYSQL_ROOT_PASSWORD", CANARY));
      assertThat(hop.secret().orElseThrow().getMetadata().getName()).isEqualTo(name);
      assertThat(hop.describe()).doesNotContain(CANARY);
    }
    String upgrade = ((List<String>) container(hops.hops().get(0).job()).get("args")).get(0);
    assertThat(upgrade).contains("printf '[client]\\nuser=%s\\npassword=\"%s\"\\n' 'root' \"$MYSQL_ROOT_PASSWORD\"")
        .contains("'mysqld' --bind-address=127.0.0.1 &").contains("mysql_upgrade --defaults-extra-file=/tmp/lanes-hop.cnf")
        .contains("mysqladmin --defaults-extra-file=/tmp/lanes-hop.cnf --host=127.0.0.1 --protocol=tcp shutdown");
    String start = ((List<String>) container(hops.hops().get(1).job()).get("args")).get(0);
    assertThat(start).contains("'mysqld' '--character-set-server=utf8mb3' '--collation-server=utf8mb3_general_ci'"
        + " '--binlog-expire-logs-seconds=259200' --bind-address=127.0.0.1 &").doesNotContain("mysql_upgrade");
    assertThat(hops.hops().get(1).job().<Object>get("spec", "template", "spec", "securityContext"))
        .isEqualTo(Map.of("runAsUser", 999, "runAsGroup", 999, "fsGroup", 999, "fsGroupChangePolicy", "OnRootMismatch"));
  }

  @Test
  @DisplayName("a password the Deployment reads from a Secret is referenced as it is: no Secret of Lanes'")
  void passwordFromTheDeploymentsSecret() {
    List<GenericKubernetesResource> objects = deployments();
    GenericKubernetesResource mysqlDeployment = objects.stream().filter(o -> o.getMetadata().getName().equals("mysql"))
        .findFirst().orElseThrow();
    Map<String, Object> ref = Map.of("secretKeyRef", Map.of("name", "mysql-root", "key", "password"));
    container(mysqlDeployment).put("env", List.of(Map.of("name", "MYSQL_ROOT_PASSWORD", "valueFrom", ref)));

    HopPlan.Hop hop = HopPlan.of(new TutorUpgrades.Plan("olive", "verawood", List.of(), List.of(mysql("8.1.0", "start"))),
        objects, "acme", Duration.ofSeconds(60)).hops().get(0);

    assertThat(hop.secret()).isEmpty();
    assertThat(container(hop.job()).get("env")).isEqualTo(List.of(Map.of("name", "MYSQL_ROOT_PASSWORD", "valueFrom", ref)));
  }

  @Test
  @DisplayName("RUN_MONGODB/RUN_MYSQL false: no Job, Tutor's words as a warning; a hop whose Deployment the release lacks: exit 2 naming it")
  void externalAndMissing() {
    TutorUpgrades.Plan external = new TutorUpgrades.Plan("quince", "verawood", List.of(), List.of(
        new UpgradeAction("external", "mongodb", "You are not running MongoDB (RUN_MONGODB=false). It is your"
            + " responsibility to upgrade your MongoDb instance to 5.0.26.")));

    HopPlan hops = HopPlan.of(external, List.of(), "acme", Duration.ofSeconds(60));

    assertThat(hops.hops()).isEmpty();
    assertThat(hops.warnings()).containsExactly("upgrade from quince: You are not running MongoDB (RUN_MONGODB=false)."
        + " It is your responsibility to upgrade your MongoDb instance to 5.0.26. (Tutor does not run this database:"
        + " Lanes runs no hop for it)");

    List<GenericKubernetesResource> withoutMongo = new ArrayList<>(deployments());
    withoutMongo.removeIf(o -> o.getMetadata().getName().equals("mongodb"));
    assertThatThrownBy(() -> HopPlan.of(new TutorUpgrades.Plan("quince", "verawood", List.of(), QUINCE), withoutMongo,
        "acme", Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("upgrade: MongoDB 5.0.26 (featureCompatibilityVersion 5.0) runs on the data of Deployment/mongodb,"
            + " which the new release does not have (k8s/deployments.yml); nothing was done");
  }

  @Test
  @DisplayName("an image's repository: tag and digest off, a registry port kept")
  void repository() {
    assertThat(HopPlan.repository("localhost:5000/acme/mongo:7.0.39")).isEqualTo("localhost:5000/acme/mongo");
    assertThat(HopPlan.repository("localhost:5000/acme/mongo@sha256:abc")).isEqualTo("localhost:5000/acme/mongo");
    assertThat(HopPlan.repository("localhost:5000/acme/mongo:7.0@sha256:abc")).isEqualTo("localhost:5000/acme/mongo");
    assertThat(HopPlan.repository("mongo")).isEqualTo("mongo");
    assertThat(Arrays.asList(HopScripts.quote("it's").split(""))).isNotEmpty();
    assertThat(HopScripts.quote("it's")).isEqualTo("'it'\"'\"'s'");
  }
}
