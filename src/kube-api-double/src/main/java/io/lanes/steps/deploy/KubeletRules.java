package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kubelet TEST DOUBLE is told to fail, read from the text of the ConfigMap {@link #NAMESPACE}/{@link #NAME}
 * (key {@link #KEY}): one rule a line, {@code <Kind>/<name> <text>}, meaning "an object of that kind and name
 * whose spec contains the text does not come up" (a Deployment or StatefulSet: progress deadline exceeded; a Job:
 * backoff limit exceeded). Everything else rolls out. Blank lines and lines starting with {@code #} are skipped.
 *
 * <p>It stands in for what a real kubelet would find by running the pods, e.g. a settings module that does not
 * exist: no pod runs in the double, so the demo names the content that a real cluster would crash on.
 *
 * @param rules the rules, in the order given
 * @param problems one line per line that is not a rule, naming it
 */
public record KubeletRules(List<Rule> rules, List<String> problems) {
  /** The namespace of the ConfigMap holding the rules (not a namespace the kubelet double judges). */
  public static final String NAMESPACE = "kube-system";

  /** The ConfigMap's name. */
  public static final String NAME = "kubelet-test-double";

  /** The ConfigMap's key holding the rules. */
  public static final String KEY = "fail";

  /** No rules: every object rolls out. */
  public static final KubeletRules NONE = new KubeletRules(List.of(), List.of());

  /**
   * One rule.
   *
   * @param kind the object's kind, e.g. {@code Deployment}
   * @param name the object's name
   * @param text what its spec must contain to fail
   */
  public record Rule(String kind, String name, String text) {
    boolean matches(GenericKubernetesResource object) {
      Object spec = object.getAdditionalProperties().get("spec");
      return kind.equals(object.getKind())
          && name.equals(object.getMetadata().getName())
          && spec != null
          && spec.toString().contains(text);
    }

    @Override
    public String toString() {
      return kind + "/" + name + " whose spec contains \"" + text + "\"";
    }
  }

  /** Parses the ConfigMap's data ({@code null} or without {@link #KEY}: no rules). */
  public static KubeletRules of(Map<String, String> data) {
    if (data == null || data.get(KEY) == null) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = data.get(KEY).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      int slash = line.indexOf('/');
      if (space < 0 || slash <= 0 || slash > space - 2 || line.substring(space).isBlank()) {
        problems.add(NAMESPACE + "/" + NAME + " " + KEY + " line " + (i + 1) + ": \"" + line
            + "\" is not a rule (<Kind>/<name> <text>)");
        continue;
      }
      rules.add(new Rule(line.substring(0, slash), line.substring(slash + 1, space), line.substring(space).strip()));
    }
    return new KubeletRules(List.copyOf(rules), List.copyOf(problems));
  }

  /** The kubelet double's verdict on an object: {@code FAIL} when a rule matches it, else {@code HEALTHY}. */
  KubeletDouble.Verdict verdict(GenericKubernetesResource object) {
    for (Rule rule : rules) {
      if (rule.matches(object)) {
        return KubeletDouble.Verdict.FAIL;
      }
    }
    return KubeletDouble.Verdict.HEALTHY;
  }
}
