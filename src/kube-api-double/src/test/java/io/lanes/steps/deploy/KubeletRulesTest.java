package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the kubelet TEST DOUBLE's rules: which objects it fails")
class KubeletRulesTest {
  @Test
  @DisplayName("an object of the rule's kind and name whose spec holds the text fails; others roll out")
  void ruleMatchesKindNameAndText() {
    KubeletRules rules = KubeletRules.of(Map.of("fail", "# a typo in the settings module\nDeployment/lms lms.envs.tutor.producton\n"));

    assertThat(rules.problems()).isEmpty();
    assertThat(rules.verdict(object("Deployment", "lms", "lms.envs.tutor.producton"))).isEqualTo(KubeletDouble.Verdict.FAIL);
    assertThat(rules.verdict(object("Deployment", "lms", "lms.envs.tutor.production"))).isEqualTo(KubeletDouble.Verdict.HEALTHY);
    assertThat(rules.verdict(object("Deployment", "cms", "lms.envs.tutor.producton"))).isEqualTo(KubeletDouble.Verdict.HEALTHY);
    assertThat(rules.verdict(object("StatefulSet", "lms", "lms.envs.tutor.producton"))).isEqualTo(KubeletDouble.Verdict.HEALTHY);
  }

  @Test
  @DisplayName("no ConfigMap, or no fail key, means no rules: everything rolls out")
  void noRules() {
    assertThat(KubeletRules.of(null)).isEqualTo(KubeletRules.NONE);
    assertThat(KubeletRules.of(Map.of("other", "Deployment/lms x"))).isEqualTo(KubeletRules.NONE);
    assertThat(KubeletRules.NONE.verdict(object("Job", "lms-job", "anything"))).isEqualTo(KubeletDouble.Verdict.HEALTHY);
  }

  @Test
  @DisplayName("a line that is not a rule is named with its line number and skipped; the other rules still apply")
  void badLineNamed() {
    KubeletRules rules = KubeletRules.of(Map.of("fail", "Deployment/lms\nJob/lms-job --plan\n/x y\n"));

    assertThat(rules.problems()).containsExactly(
        "kube-system/kubelet-test-double fail line 1: \"Deployment/lms\" is not a rule (<Kind>/<name> <text>)",
        "kube-system/kubelet-test-double fail line 3: \"/x y\" is not a rule (<Kind>/<name> <text>)");
    assertThat(rules.rules()).containsExactly(new KubeletRules.Rule("Job", "lms-job", "--plan"));
  }

  private static GenericKubernetesResource object(String kind, String name, String settings) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setKind(kind);
    object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("openedx-acme").build());
    object.setAdditionalProperty("spec", Map.of("template", Map.of("spec", Map.of("containers",
        List.of(Map.of("name", name, "env", List.of(Map.of("name", "DJANGO_SETTINGS_MODULE", "value", settings))))))));
    return object;
  }
}
