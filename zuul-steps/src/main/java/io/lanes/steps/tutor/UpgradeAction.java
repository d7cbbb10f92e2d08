package io.lanes.steps.tutor;

import java.util.Map;
import java.util.Set;

/**
 * One thing {@code tutor k8s upgrade --from} does for a hop between Open edX releases, as Tutor's own upgrade code
 * does it (captured by the helper, not re-implemented).
 *
 * @param kind {@code task}: a script Tutor runs through its task runner (in the Job {@code <service>-job});
 *     {@code mongodb}: a MongoDB major-version hop (details {@code version}, {@code fcv}, {@code command},
 *     {@code binary}, from Tutor's {@code upgrade_mongodb}); {@code mysql}: a MySQL hop (details {@code version},
 *     {@code script}: {@code mysql_upgrade} from juniper, {@code start} for olive's intermediate 8.1.0; {@code user});
 *     {@code external}: Tutor's words when the database is not run by Tutor ({@code RUN_MONGODB}/{@code RUN_MYSQL}
 *     false), the operator's to upgrade; {@code manual}: other instructions Tutor only prints on Kubernetes;
 *     Tutor's direct actions on the cluster: {@code exec}: a command Tutor runs with {@code kubectl exec} in a running
 *     pod of {@code service}; {@code apply}: its {@code kubectl apply} of the env's objects of {@code service};
 *     {@code wait}: its wait for {@code service}'s Deployment; {@code delete}: its deletion of the platform's objects
 *     (details {@code resources}, e.g. {@code deployments services}, and {@code databases}, the databases Tutor runs,
 *     which it deletes too); {@code env}: its {@code tutor config save}; {@code unsupported}: any other action Tutor
 *     takes directly (a {@code tutor k8s} command, enabling a plugin); {@code message}: anything else Tutor says
 * @param service a task's or a direct action's service, a hop's database ({@code mongodb}, {@code mysql}), else empty
 * @param text a task's or command's script, a hop's summary, a direct action as Tutor's command, else the message or
 *     the action
 * @param details a hop's or a deletion's facts as Tutor gives them, else empty
 */
public record UpgradeAction(String kind, String service, String text, Map<String, String> details) {
  /** The databases Tutor's hops upgrade (their Deployments' names). */
  public static final Set<String> DATABASES = Set.of("mysql", "mongodb");

  /** An action without details. */
  public UpgradeAction(String kind, String service, String text) {
    this(kind, service, text, Map.of());
  }

  /** Whether Lanes can run it: a task. */
  public boolean task() {
    return kind.equals("task");
  }

  /** Whether it is a database hop Lanes runs as a Job: {@code mongodb} or {@code mysql}. */
  public boolean hop() {
    return kind.equals("mongodb") || kind.equals("mysql");
  }

  /** Whether it is a command Tutor runs with {@code kubectl exec} in a running pod. */
  public boolean exec() {
    return kind.equals("exec");
  }

  /** Whether it is Tutor's deletion of the platform's objects. */
  public boolean delete() {
    return kind.equals("delete");
  }

  /** Whether it is a hop of a database Tutor does not run: the operator's to upgrade (a warning). */
  public boolean external() {
    return kind.equals("external");
  }

  /** A detail Tutor gave, or empty. */
  public String detail(String key) {
    return details.getOrDefault(key, "");
  }

  /** Whether Lanes must refuse the upgrade because of it: manual instructions or a direct action it does not take. */
  public boolean blocking() {
    return kind.equals("manual") || kind.equals("unsupported");
  }
}
