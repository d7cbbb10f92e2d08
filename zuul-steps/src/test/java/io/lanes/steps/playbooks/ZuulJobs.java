package io.lanes.steps.playbooks;

import io.lanes.steps.zuulconfig.YamlNode;
import io.lanes.steps.zuulconfig.YamlNode.Scalar;
import io.lanes.steps.zuulconfig.YamlNode.YamlList;
import io.lanes.steps.zuulconfig.YamlNode.YamlMap;
import io.lanes.steps.zuulconfig.ZuulYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This repository's job definitions (zuul.d/jobs.yaml) as the playbook tests need them: a job's run playbooks and the
 * variables Zuul would give it (lanes-base's, overridden by the job's), so the tests run the playbooks with exactly
 * what the Zuul config declares.
 */
final class ZuulJobs {
  private final Map<String, YamlMap> jobs = new LinkedHashMap<>();

  ZuulJobs() throws IOException {
    Path file = Ansible.REPOSITORY.resolve("zuul.d/jobs.yaml");
    YamlNode document = ZuulYaml.read(file.toString(), Files.readString(file)).document().orElseThrow();
    for (YamlNode item : ((YamlList) document).items()) {
      YamlMap job = (YamlMap) ((YamlMap) item).get("job").orElseThrow();
      jobs.put(((Scalar) job.get("name").orElseThrow()).text().orElseThrow(), job);
    }
  }

  /** The job's run playbooks, relative to playbooks/. */
  List<String> run(String job) {
    YamlNode run = jobs.get(job).get("run").orElseThrow();
    List<YamlNode> items = run instanceof YamlList list ? list.items() : List.of(run);
    return items.stream().map(i -> ((Scalar) i).text().orElseThrow().replaceFirst("^playbooks/", "")).toList();
  }

  /** lanes-base's variables overridden by the job's. */
  Map<String, Object> vars(String job) {
    Map<String, Object> vars = new LinkedHashMap<>(plain(jobs.get("lanes-base")));
    vars.putAll(plain(jobs.get(job)));
    return vars;
  }

  private static Map<String, Object> plain(YamlMap job) {
    Map<String, Object> vars = new LinkedHashMap<>();
    job.get("vars").ifPresent(v -> ((YamlMap) v).entries().forEach((k, e) -> vars.put(k, plain(e.value()))));
    return vars;
  }

  private static Object plain(YamlNode node) {
    return switch (node) {
      case YamlList list -> list.items().stream().map(ZuulJobs::plain).toList();
      case Scalar scalar -> scalar.value();
      default -> throw new IllegalArgumentException("unexpected variable value at line " + node.line());
    };
  }
}
