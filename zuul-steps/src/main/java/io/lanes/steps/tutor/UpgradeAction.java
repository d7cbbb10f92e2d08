package io.lanes.steps.tutor;

/**
 * One thing {@code tutor k8s upgrade --from} does for a hop between Open edX releases, as Tutor's own upgrade code
 * does it (captured by the helper, not re-implemented).
 *
 * @param kind {@code task}: a script Tutor runs through its task runner (in the Job {@code <service>-job});
 *     {@code manual}: instructions Tutor only prints on Kubernetes (a MongoDB or MySQL major-version hop);
 *     {@code unsupported}: an action Tutor takes directly (kubectl apply/exec/delete, saving the env) that Lanes does
 *     not take outside a deploy; {@code message}: anything else Tutor says
 * @param service a task's service, else empty
 * @param text a task's script, else the message or the action
 */
public record UpgradeAction(String kind, String service, String text) {

  /** Whether Lanes can run it: a task. */
  public boolean task() {
    return kind.equals("task");
  }

  /** Whether Lanes must refuse the upgrade because of it: manual instructions or a direct action. */
  public boolean blocking() {
    return kind.equals("manual") || kind.equals("unsupported");
  }
}
