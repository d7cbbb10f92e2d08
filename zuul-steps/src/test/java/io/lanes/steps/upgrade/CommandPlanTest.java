package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CommandPlan: the commands Tutor execs in lms and cms during an upgrade, as Jobs of the new release's Deployments (pure)")
class CommandPlanTest {
  static final String ORA2 = """
      if stat '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' 2> /dev/null; then
          echo "Renaming ora2 folder..."
          mv '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' /openedx/data/ora2/openedxuploads
      fi""";

  private static TutorUpgrades.Plan plan(UpgradeAction... actions) {
    return new TutorUpgrades.Plan("maple", "verawood", List.of("maple", "nutmeg", "olive"), List.of(actions));
  }

  @Test
  @DisplayName("each command a Job of its service's Deployment, in Tutor's order: its pod spec and first container (image, environment, mounts) running sh -e -c <command>, no ports or probes, the task deadline, not selected by the Deployment or its Service")
  @SuppressWarnings("unchecked")
  void commandsAsJobs() {
    TutorUpgrades.Plan plan = plan(new UpgradeAction("apply", "cms", "kubectl apply --selector app.kubernetes.io/name=cms"),
        new UpgradeAction("exec", "cms", "./manage.py cms backfill_course_tabs"),
        HopPlanTest.QUINCE.get(0), new UpgradeAction("exec", "lms", ORA2));
    List<GenericKubernetesResource> deployments = HopPlanTest.deployments();
    GenericKubernetesResource lms = deployments.stream().filter(d -> d.getMetadata().getName().equals("lms"))
        .findFirst().orElseThrow();

    CommandPlan commands = CommandPlan.of(plan, deployments, "acme", Duration.ofSeconds(90));

    assertThat(commands.commands()).extracting(CommandPlan.Command::order, CommandPlan.Command::service)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "cms"), org.assertj.core.groups.Tuple.tuple(2, "lms"));
    GenericKubernetesResource job = commands.commands().get(1).job();
    assertThat(job.getMetadata().getName()).matches("lms-command-02-[0-9a-f]{10}");
    assertThat(commands.commands().get(1).describe()).isEqualTo("upgrade command 2 (in lms, Job/" + job.getMetadata().getName() + ")");
    assertThat(job.getMetadata().getLabels()).containsEntry("lanes.io/upgrade-of", "acme")
        .containsEntry("app.kubernetes.io/managed-by", "lanes").doesNotContainKey("lanes.io/platform");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(CommandPlan.ANNOTATION_COMMAND, "2 lms from maple");
    assertThat(job.<Object>get("spec", "activeDeadlineSeconds")).isEqualTo(90L);
    assertThat(job.<Object>get("spec", "backoffLimit")).isEqualTo(0);
    Map<String, Object> container = HopPlanTest.container(job);
    Map<String, Object> served = lms.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
    assertThat(container.get("command")).isEqualTo(List.of("sh", "-e", "-c"));
    assertThat(container.get("args")).isEqualTo(List.of(ORA2));
    assertThat(container.get("image")).isEqualTo("localhost:5000/acme/openedx");
    assertThat(container.get("env")).isEqualTo(served.get("env"));
    assertThat(container.get("volumeMounts")).isEqualTo(served.get("volumeMounts"));
    assertThat(container).doesNotContainKeys("ports", "readinessProbe", "livenessProbe");
    Map<String, Object> podSpec = job.get("spec", "template", "spec");
    assertThat(podSpec.get("volumes")).isEqualTo(lms.get("spec", "template", "spec", "volumes"));
    assertThat(podSpec.get("restartPolicy")).isEqualTo("Never");
    assertThat((List<Object>) podSpec.get("containers")).hasSize(1);
    // the pod is not the Deployment's (its selector, app.kubernetes.io/name=lms) nor its Service's
    assertThat(job.<Map<String, String>>get("spec", "template", "metadata", "labels"))
        .containsEntry("app.kubernetes.io/name", job.getMetadata().getName());
    assertThat(HopPlanTest.container(commands.commands().get(0).job()).get("args"))
        .isEqualTo(List.of("./manage.py cms backfill_course_tabs"));
  }

  @Test
  @DisplayName("a command in a service the new release has no Deployment of is exit 2 naming it")
  void missingDeployment() {
    assertThatThrownBy(() -> CommandPlan.of(plan(new UpgradeAction("exec", "forum", "./bin/migrate")),
            HopPlanTest.deployments(), "acme", Duration.ofSeconds(90)))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("upgrade: Tutor's command ./bin/migrate (kubectl exec in forum) runs in a pod of"
            + " Deployment/forum, which the new release does not have; nothing was done");
  }
}
