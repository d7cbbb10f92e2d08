package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The database hops of an upgrade, as Jobs: for each MongoDB and MySQL hop Tutor names for a from→to pair (in
 * Tutor's order), one Job built from the new release's Deployment of that database ({@code mongodb}, {@code mysql}):
 * its pod spec (volumes, so the same PersistentVolumeClaim; security context), one container with the
 * intermediate version's image and {@link HopScripts}' script. Pure: no cluster.
 *
 * <p>Images: the Deployment's own image repository (the platform's mirror, which the lane policy already admitted)
 * with the intermediate version as tag: {@code localhost:5000/acme/mongo:7.0.39} gives
 * {@code localhost:5000/acme/mongo:5.0.26}. MongoDB's versions and MySQL's 8.1.0 are Tutor's; MySQL 5.7 (juniper),
 * for which Tutor names no version, is {@value #MYSQL_57}, the last 5.7. The platform must mirror each.
 *
 * <p>A hop of a database Tutor does not run ({@code RUN_MONGODB}/{@code RUN_MYSQL} false) is no Job: a warning
 * (Tutor's words), the operator's to upgrade.
 *
 * @param hops the hops, in Tutor's order
 * @param warnings one per hop of a database Tutor does not run
 */
public record HopPlan(List<Hop> hops, List<String> warnings) {
  /** The MySQL 5.7 tag of juniper's hop (Tutor names none): the last 5.7 release. */
  public static final String MYSQL_57 = "5.7.44";

  /** Where Tutor's MongoDB images come from ({@code DOCKER_IMAGE_MONGODB}: {@code docker.io/mongo}), in full. */
  static final String UPSTREAM_MONGODB = "docker.io/library/mongo";

  /** Where Tutor's MySQL images come from ({@code DOCKER_IMAGE_MYSQL}: {@code docker.io/mysql}), in full. */
  static final String UPSTREAM_MYSQL = "docker.io/library/mysql";

  /** The label a hop's Job and Secret carry instead of {@code lanes.io/platform} (prune never deletes them). */
  public static final String LABEL_UPGRADE_OF = "lanes.io/upgrade-of";

  /** The annotation saying which hop a Job runs: {@code <order> <hop name> from <release>}. */
  public static final String ANNOTATION_HOP = "lanes.io/upgrade-hop";

  /** The server arguments of Tutor's {@code mysql-81} Deployment (Tutor 22, {@code upgrade/k8s.py}). */
  static final List<String> MYSQL_81_SERVER = List.of("mysqld", "--character-set-server=utf8mb3",
      "--collation-server=utf8mb3_general_ci", "--binlog-expire-logs-seconds=259200");

  /**
   * One hop.
   *
   * @param order its place among the hops, 1, 2...
   * @param name {@code <database>-<version>}, e.g. {@code mongodb-5.0.26}
   * @param deployment the Deployment stopped for it (its data's)
   * @param image the intermediate version's image
   * @param upstream where Tutor's image of that version comes from (Docker Hub's official image), which the platform
   *     mirrors as {@code image}
   * @param job the Job to run
   * @param secret the Secret holding MySQL's root password for the Job (when the Deployment has it as a plain value),
   *     created before the Job and deleted after
   * @param last whether it is its database's last hop: the database starts again after it, at the new release's image
   * @param newRelease the new release's Deployment of that database (digest-annotated), which starts it again
   */
  public record Hop(int order, String name, String deployment, String image, String upstream,
      GenericKubernetesResource job, Optional<Secret> secret, boolean last, GenericKubernetesResource newRelease) {

    /** How errors and the log name it: {@code hop 2 (MongoDB 6.0.14, Job/mongodb-hop-02-...)}. */
    public String describe() {
      return "hop " + order + " (" + name + ", Job/" + job.getMetadata().getName() + ")";
    }
  }

  /**
   * @param objects the new release's objects (lane-rewritten)
   * @param deadline each hop's Job's deadline ({@code activeDeadlineSeconds})
   * @throws StepException exit 2 naming the Deployment when a hop's database has no Deployment in the release, or
   *     MySQL's has no {@code MYSQL_ROOT_PASSWORD}
   */
  public static HopPlan of(
      TutorUpgrades.Plan plan, List<GenericKubernetesResource> objects, String platform, Duration deadline) {
    List<Hop> hops = new ArrayList<>();
    for (UpgradeAction action : plan.hops()) {
      hops.add(hop(plan.from(), hops.size() + 1, action, deployment(objects, action), plan.lastHop(action), platform,
          deadline));
    }
    List<String> warnings = plan.external().stream()
        .map(a -> "upgrade from " + plan.from() + ": " + a.text().replaceAll("\\s+", " ")
            + " (Tutor does not run this database: Lanes runs no hop for it)")
        .toList();
    return new HopPlan(List.copyOf(hops), warnings);
  }

  private static GenericKubernetesResource deployment(List<GenericKubernetesResource> objects, UpgradeAction action) {
    return UpgradeJobs.deployment(objects, action.service()).orElseThrow(() -> StepException.configuration("upgrade: " + action.text() + " runs on the data of"
            + " Deployment/" + action.service() + ", which the new release does not have (k8s/deployments.yml);"
            + " nothing was done"));
  }

  @SuppressWarnings("unchecked")
  private static Hop hop(String from, int order, UpgradeAction action, GenericKubernetesResource deployment,
      boolean last, String platform, Duration deadline) {
    Map<String, Object> podSpec = UpgradeJobs.podSpec(deployment);
    Map<String, Object> server = UpgradeJobs.firstContainer(podSpec);
    String where = "Deployment/" + deployment.getMetadata().getName();
    boolean mongodb = action.kind().equals("mongodb");
    String version = mongodb || !action.detail("script").equals("mysql_upgrade") ? action.detail("version") : MYSQL_57;
    String image = repository((String) server.get("image")) + ":" + version;
    String name = (mongodb ? "mongodb-" : "mysql-") + version;
    List<String> serverCommand = new ArrayList<>();
    for (String key : List.of("command", "args")) {
      if (server.get(key) instanceof List<?> words) {
        words.forEach(w -> serverCommand.add(String.valueOf(w)));
      }
    }
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", server.get("name"));
    container.put("image", image);
    container.put("command", List.of("sh", "-e", "-c"));
    Map<String, Object> passwordEnv = null;
    String passwordValue = null;
    if (mongodb) {
      container.put("args", List.of(HopScripts.mongodb(serverCommand.isEmpty() ? List.of("mongod") : serverCommand,
          action.detail("binary"), version, action.detail("fcv"), action.detail("command"))));
    } else {
      boolean upgrade = action.detail("script").equals("mysql_upgrade");
      List<String> mysqld = upgrade ? List.of("mysqld") : MYSQL_81_SERVER;
      String user = action.detail("user").isEmpty() ? "root" : action.detail("user");
      container.put("args", List.of(HopScripts.mysql(mysqld, version, user, upgrade)));
      Map<String, Object> env = ((List<Map<String, Object>>) server.getOrDefault("env", List.of())).stream()
          .filter(e -> HopScripts.PASSWORD_VARIABLE.equals(e.get("name")))
          .findFirst()
          .orElseThrow(() -> StepException.configuration("upgrade: " + action.text() + ": " + where + " has no"
              + " environment variable " + HopScripts.PASSWORD_VARIABLE + " (MySQL's root password); nothing was done"));
      if (env.get("valueFrom") != null) {
        passwordEnv = Map.of("name", HopScripts.PASSWORD_VARIABLE, "valueFrom", env.get("valueFrom"));
      } else {
        passwordValue = String.valueOf(env.getOrDefault("value", ""));
      }
    }
    for (String key : List.of("volumeMounts", "securityContext", "resources")) {
      if (server.get(key) != null) {
        container.put(key, server.get(key));
      }
    }
    podSpec.put("containers", new ArrayList<>(List.of(container)));
    podSpec.remove("initContainers");
    GenericKubernetesResource job = UpgradeJobs.job(deployment, podSpec, deployment.getMetadata().getName() + "-hop",
        order, ANNOTATION_HOP, order + " " + name + " from " + from, platform, deadline);
    String jobName = job.getMetadata().getName();
    Optional<Secret> secret = Optional.empty();
    if (passwordValue != null) {
      passwordEnv = Map.of("name", HopScripts.PASSWORD_VARIABLE,
          "valueFrom", Map.of("secretKeyRef", Map.of("name", jobName, "key", HopScripts.PASSWORD_VARIABLE)));
      secret = Optional.of(new SecretBuilder()
          .withNewMetadata().withName(jobName).withNamespace(deployment.getMetadata().getNamespace())
          .withLabels(new LinkedHashMap<>(job.getMetadata().getLabels())).endMetadata()
          .withType("Opaque")
          .addToStringData(HopScripts.PASSWORD_VARIABLE, passwordValue)
          .build());
    }
    if (passwordEnv != null) {
      container.put("env", List.of(passwordEnv));
    }
    String upstream = (mongodb ? UPSTREAM_MONGODB : UPSTREAM_MYSQL) + ":" + version;
    return new Hop(order, name, deployment.getMetadata().getName(), image, upstream, job, secret, last, deployment);
  }

  /** {@code image} without its tag and digest: {@code host:5000/acme/mongo:7.0@sha256:...} gives {@code host:5000/acme/mongo}. */
  static String repository(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }
}
