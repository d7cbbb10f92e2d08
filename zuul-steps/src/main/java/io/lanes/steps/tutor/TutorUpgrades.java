package io.lanes.steps.tutor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code tutor k8s upgrade --from <release>} does for a Tutor project, read from Tutor itself: the helper runs
 * Tutor's own {@code upgrade_from} with its Kubernetes actions and writes captured instead of taken.
 */
public final class TutorUpgrades {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds whose facts the helper gives as fields of their own (kept as {@link UpgradeAction#details}). */
  private static final java.util.Set<String> STRUCTURED = java.util.Set.of("mongodb", "mysql", "delete");

  private TutorUpgrades() {}

  /**
   * The plan of an upgrade from {@code from} to the release the pinned Tutor deploys.
   *
   * @param releases the Open edX releases from {@code from} to the target, in order
   * @param actions what Tutor does for those hops, in order
   */
  public record Plan(String from, String to, List<String> releases, List<UpgradeAction> actions) {

    /** Tutor's tasks (its task runner's), in order. */
    public List<UpgradeAction> tasks() {
      return actions.stream().filter(UpgradeAction::task).toList();
    }

    /** The commands Tutor runs with kubectl exec in a running pod, in order. */
    public List<UpgradeAction> execs() {
      return actions.stream().filter(UpgradeAction::exec).toList();
    }

    /** Whether {@code hop} (one of {@link #actions}) is the last hop of its database. */
    public boolean lastHop(UpgradeAction hop) {
      int at = actions.indexOf(hop);
      return actions.subList(at + 1, actions.size()).stream()
          .noneMatch(a -> a.hop() && a.service().equals(hop.service()));
    }

    /** The database hops Lanes runs as Jobs, in Tutor's order. */
    public List<UpgradeAction> hops() {
      return actions.stream().filter(UpgradeAction::hop).toList();
    }

    /** Tutor's words for each hop of a database Tutor does not run (the operator's to upgrade). */
    public List<UpgradeAction> external() {
      return actions.stream().filter(UpgradeAction::external).toList();
    }

    /** The actions that make Lanes refuse: manual instructions, direct actions. */
    public List<UpgradeAction> blocking() {
      return actions.stream().filter(UpgradeAction::blocking).toList();
    }
  }

  /**
   * @throws StepException exit 2 for a release Tutor does not know (listing those it knows), no Tutor project, no
   *     {@code tutor} on {@code PATH}
   */
  public static Plan plan(Path root, Map<String, String> environment, String from) {
    String json = TutorTasks.helper(root, environment, List.of("--upgrade-from", from), "reading Tutor's upgrade")
        .orElseThrow(() -> StepException.configuration(root.resolve("config.yml") + ": no Tutor project, or tutor is"
            + " not on PATH: upgrade reads what to do from Tutor (install it with: bash src/scripts/tutor.sh install)"));
    return parse(json, root);
  }

  /** The helper's JSON as a plan. Pure. */
  static Plan parse(String json, Path root) {
    try {
      JsonNode document = JSON.readTree(json);
      List<String> releases = new ArrayList<>();
      document.path("releases").forEach(r -> releases.add(r.asText()));
      List<UpgradeAction> actions = new ArrayList<>();
      for (JsonNode step : document.path("steps")) {
        String kind = step.path("kind").asText();
        Map<String, String> details = new java.util.TreeMap<>();
        if (STRUCTURED.contains(kind)) {
          step.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("kind") && !f.getKey().equals("service")) {
              details.put(f.getKey(), f.getValue().asText());
            }
          });
        }
        String text = switch (kind) {
          case "task", "exec" -> step.path("script").asText();
          case "unsupported" -> step.path("action").asText() + " " + step.path("detail").asText();
          case "mongodb" -> "MongoDB " + details.get("version") + " (featureCompatibilityVersion "
              + details.get("fcv") + ")";
          case "mysql" -> "MySQL " + details.get("version") + " (" + details.get("script") + ")";
          case "apply" -> "kubectl apply --selector app.kubernetes.io/name=" + step.path("service").asText();
          case "wait" -> "wait for Deployment/" + step.path("service").asText();
          case "delete" -> "kubectl delete " + details.getOrDefault("resources", "").replace(' ', ',');
          default -> step.path("message").asText();
        };
        actions.add(new UpgradeAction(kind, step.path("service").asText(""), text.strip(), Map.copyOf(details)));
      }
      return new Plan(document.path("from").asText(), document.path("to").asText(), List.copyOf(releases), List.copyOf(actions));
    } catch (IOException e) {
      throw StepException.failure("Tutor's upgrade plan for " + root + " is not what " + TutorTasks.HELPER + " writes: " + e.getMessage(), e);
    }
  }
}
