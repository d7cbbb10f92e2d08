package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands Tutor runs with {@code kubectl exec} in a running pod during an upgrade (maple's {@code ./manage.py}
 * commands in lms and cms, olive's ora2 folder rename in lms), as Jobs, one per command, in Tutor's order. Tutor first
 * applies the new release's objects of the service ({@code kubectl apply --selector app.kubernetes.io/name=lms}),
 * waits for its Deployment, then execs in its first pod: the command runs in the new release's pod. So each Job is
 * built from the new release's Deployment of that service: its pod spec (volumes, so the files the command works on,
 * such as olive's {@code /openedx/data/ora2} where a platform mounts it; init containers, security context, service
 * account), its first container (the container {@code kubectl exec} picks: image, environment, mounts, working
 * directory, resources) running {@code sh -e -c <command>} as Tutor's exec does, without its ports and probes; the
 * deadline of a task ({@code --rollout-timeout}). Pure.
 *
 * @param commands the commands, in Tutor's order
 */
public record CommandPlan(List<Command> commands) {
  /** The annotation saying which command a Job runs: {@code <order> <service> from <release>}. */
  public static final String ANNOTATION_COMMAND = "lanes.io/upgrade-command";

  /** What a command's container does not keep from the Deployment's: it serves nothing and is not probed. */
  private static final List<String> SERVING = List.of("ports", "livenessProbe", "readinessProbe", "startupProbe",
      "lifecycle");

  /**
   * One command.
   *
   * @param order its place among the commands, 1, 2...
   * @param service the service Tutor execs in ({@code lms}, {@code cms}), whose Deployment the Job is built from
   * @param script the command, as Tutor's {@code sh -e -c} runs it
   * @param job the Job to run
   */
  public record Command(int order, String service, String script, GenericKubernetesResource job) {

    /** How errors and the log name it: {@code upgrade command 2 (in lms, Job/lms-command-02-...)}. */
    public String describe() {
      return "upgrade command " + order + " (in " + service + ", Job/" + job.getMetadata().getName() + ")";
    }
  }

  /**
   * @param objects the new release's objects (lane-rewritten)
   * @param deadline each command's Job's deadline ({@code activeDeadlineSeconds})
   * @throws StepException exit 2 naming the Deployment when the new release has none for a command's service
   */
  public static CommandPlan of(
      TutorUpgrades.Plan plan, List<GenericKubernetesResource> objects, String platform, Duration deadline) {
    List<Command> commands = new ArrayList<>();
    for (UpgradeAction action : plan.execs()) {
      commands.add(command(plan.from(), commands.size() + 1, action, deployment(objects, action), platform, deadline));
    }
    return new CommandPlan(List.copyOf(commands));
  }

  private static GenericKubernetesResource deployment(List<GenericKubernetesResource> objects, UpgradeAction action) {
    return UpgradeJobs.deployment(objects, action.service()).orElseThrow(() -> StepException.configuration(
        "upgrade: " + UpgradeDecision.describe(action)
            + " runs in a pod of Deployment/" + action.service() + ", which the new release does not have; nothing was"
            + " done"));
  }

  private static Command command(String from, int order, UpgradeAction action, GenericKubernetesResource deployment,
      String platform, Duration deadline) {
    Map<String, Object> podSpec = UpgradeJobs.podSpec(deployment);
    Map<String, Object> container = new LinkedHashMap<>(UpgradeJobs.firstContainer(podSpec));
    SERVING.forEach(container::remove);
    container.put("command", List.of("sh", "-e", "-c"));
    container.put("args", List.of(action.text()));
    podSpec.put("containers", new ArrayList<>(List.of(container)));
    GenericKubernetesResource job = UpgradeJobs.job(deployment, podSpec, deployment.getMetadata().getName() + "-command",
        order, ANNOTATION_COMMAND, order + " " + action.service() + " from " + from, platform, deadline);
    return new Command(order, action.service(), action.text(), job);
  }
}
