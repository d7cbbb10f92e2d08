package io.lanes.steps.upgrade;

import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether Lanes can run an upgrade Tutor plans ({@link TutorUpgrades.Plan}), step by step in Tutor's order. Pure.
 *
 * <p>Lanes runs: Tutor's tasks; its MongoDB and MySQL major-version hops (as Jobs, {@link HopPlan}); the commands
 * Tutor runs with {@code kubectl exec} in lms and cms (maple's {@code ./manage.py} commands, olive's ora2 folder
 * rename: as Jobs, {@link CommandPlan}); lilac's deletion of the platform's Deployments and Services (API deletes,
 * {@link PlatformDeletion}); Tutor's {@code kubectl apply} of lms or cms before such a command (the command's Job
 * carries the new release's pod spec) and its waits; its {@code tutor config save} (the env Lanes deploys is the one
 * Tutor saves). It refuses, each named: instructions Tutor only prints, a direct action it does not take (enabling a
 * plugin, a {@code tutor k8s} command), and any step that needs a database Lanes cannot give it there.
 *
 * <p>Where the databases are: each database Tutor runs is up (the old release's server) until its first hop; stopped
 * from there; started again at the new release's image right after its last hop ({@link HopRunner#startAtRelease}),
 * as Tutor starts MySQL 8.4 right after olive's 8.1 hop; and gone after lilac's deletion. Open edX's code (a task, a
 * command) needs the databases, so one that would run while a database is stopped between two of its hops, or
 * deleted, is refused; so is Tutor's start of a database there (its {@code kubectl apply} of the new release's
 * server, which cannot open that data), and a hop after the deletion.
 */
public final class UpgradeDecision {
  private UpgradeDecision() {}

  /** The kinds of objects Tutor deletes that Lanes deletes too ({@link PlatformDeletion}). */
  static final Set<String> DELETED_RESOURCES = Set.of("deployments", "services");

  /**
   * @throws StepException exit 2: nothing to upgrade ({@code from} is the release Tutor deploys, or after it), or
   *     steps Lanes does not run (listed in Tutor's order, each with why)
   */
  public static void check(TutorUpgrades.Plan plan) {
    if (plan.from().equals(plan.to())) {
      throw StepException.configuration("--from " + plan.from() + ": the pinned Tutor deploys " + plan.to()
          + " already: nothing to upgrade (run deploy)");
    }
    if (plan.releases().size() < 2) {
      throw StepException.configuration("--from " + plan.from() + ": not before " + plan.to()
          + ", the release the pinned Tutor deploys (a downgrade is a rollback and a restore)");
    }
    List<String> refused = refused(plan);
    if (!refused.isEmpty()) {
      StringBuilder message = new StringBuilder("upgrade from " + plan.from() + " to " + plan.to() + " ("
          + String.join(" → ", plan.releases()) + ") needs " + refused.size()
          + " step(s) Lanes does not run; nothing was done:");
      for (String line : refused) {
        message.append("\n  - ").append(line);
      }
      message.append("\nDo them by hand (Tutor's instructions: tutor k8s upgrade --from ").append(plan.from())
          .append("), then deploy; or upgrade from a later release.");
      throw StepException.configuration(message.toString());
    }
  }

  /** One line per step Lanes does not run, in Tutor's order. */
  static List<String> refused(TutorUpgrades.Plan plan) {
    List<String> refused = new ArrayList<>();
    // database -> why it is down at this point of the plan; absent: up
    Map<String, String> down = new LinkedHashMap<>();
    UpgradeAction previous = null;
    for (UpgradeAction action : plan.actions()) {
      if (action.blocking()) {
        refused.add(summary(action));
      } else if (action.hop()) {
        String why = down.get(action.service());
        if (why != null && why.startsWith("deleted")) {
          refused.add(action.text() + " runs on the data of Deployment/" + action.service() + ", which is " + why);
        } else if (plan.lastHop(action)) {
          down.remove(action.service());
        } else {
          down.put(action.service(), "stopped between two of its hops (after " + action.text() + ")");
        }
      } else if (action.delete()) {
        List<String> resources = words(action.detail("resources"));
        if (!DELETED_RESOURCES.containsAll(resources)) {
          refused.add("Tutor runs " + action.text() + " (Lanes deletes only the platform's Deployments and Services)");
        }
        for (String database : words(action.detail("databases"))) {
          down.put(database, "deleted by Tutor's " + action.text() + " before it");
        }
      } else if ((action.task() || action.exec()) && !down.isEmpty()) {
        refused.add(describe(action) + " needs the databases, but " + down.entrySet().stream()
            .map(e -> "Deployment/" + e.getKey() + " is " + e.getValue()).collect(Collectors.joining(" and ")));
      } else if (starts(action) && down.containsKey(action.service()) && !sameStart(previous, action)) {
        String why = down.get(action.service());
        refused.add("Tutor starts the new release's " + action.service() + " here (" + action.text() + "), but"
            + " Deployment/" + action.service() + " is " + why
            + (why.startsWith("deleted")
                ? ": Lanes creates the new release's objects only in its deploy, after the upgrade's steps"
                : ": the new release's server cannot open data between two of its hops"));
      }
      previous = action;
    }
    return refused;
  }

  /** Whether {@code action} is Tutor starting a database: its {@code kubectl apply} or its wait for it. */
  private static boolean starts(UpgradeAction action) {
    return (action.kind().equals("apply") || action.kind().equals("wait"))
        && UpgradeAction.DATABASES.contains(action.service());
  }

  /** Whether {@code action} waits for the database {@code previous} applied: refused once, with the apply. */
  private static boolean sameStart(UpgradeAction previous, UpgradeAction action) {
    return previous != null && previous.kind().equals("apply") && action.kind().equals("wait")
        && previous.service().equals(action.service());
  }

  /** A task or a command as the refusal names it: its first line, where Tutor runs it. */
  static String describe(UpgradeAction action) {
    String first = action.text().strip().lines().findFirst().orElse("");
    return (action.task() ? "Tutor's task " : "Tutor's command ") + first + (action.text().strip().contains("\n") ? " ..." : "")
        + (action.task() ? " (in " + action.service() + "-job)" : " (kubectl exec in " + action.service() + ")");
  }

  /** One line for a blocking action: Tutor's message up to its instructions, or the direct action. */
  static String summary(UpgradeAction action) {
    if (action.kind().equals("unsupported")) {
      return "Tutor runs " + action.text() + " directly";
    }
    String text = action.text().replaceAll("\\s+", " ");
    int colon = text.indexOf(" by running");
    return colon > 0 ? text.substring(0, colon) : text;
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
  }
}
