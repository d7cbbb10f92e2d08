package io.lanes.steps.playbooks;

import io.lanes.core.zuul.YamlNode.Scalar;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import io.lanes.core.zuul.YamlNode;
import io.lanes.core.zuul.ZuulYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * This repository's job definitions (every job stanza under zuul.d, platform variants included) as the playbook tests
 * need them: a job's run playbooks and the variables Zuul would give it on a branch (lanes-base's, then lanes-base's
 * variants for that branch, then the job's, then its variants for that branch), so the tests run the playbooks with
 * exactly what the Zuul config declares.
 */
final class ZuulJobs {
  private final List<YamlMap> stanzas = new ArrayList<>();

  ZuulJobs() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Ansible.REPOSITORY.resolve("zuul.d"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      YamlNode document = ZuulYaml.read(file.toString(), Files.readString(file)).document().orElseThrow();
      for (YamlNode item : ((YamlList) document).items()) {
        ((YamlMap) item).get("job").ifPresent(job -> stanzas.add((YamlMap) job));
      }
    }
  }

  /** The job's run playbooks, relative to playbooks/, from the stanza of the job that sets them. */
  List<String> run(String job) {
    YamlNode run = definition(job).get("run").orElseThrow();
    List<YamlNode> items = run instanceof YamlList list ? list.items() : List.of(run);
    return items.stream().map(i -> text(i).replaceFirst("^playbooks/", "")).toList();
  }

  /** The job's variables on {@code branch}: lanes-base's and the job's, each with its variants for the branch. */
  Map<String, Object> vars(String job, String branch) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String name : List.of("lanes-base", job)) {
      for (YamlMap stanza : stanzas) {
        if (text(stanza.get("name").orElseThrow()).equals(name) && matches(stanza.get("branches"), branch)) {
          vars.putAll(plain(stanza));
        }
      }
    }
    return vars;
  }

  private YamlMap definition(String job) {
    return stanzas.stream()
        .filter(s -> text(s.get("name").orElseThrow()).equals(job) && s.get("run").isPresent())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job " + job + " in zuul.d"));
  }

  private static boolean matches(Optional<YamlNode> branches, String branch) {
    return branches.map(b -> Pattern.compile(text(b)).matcher(branch).find()).orElse(true);
  }

  private static String text(YamlNode node) {
    return ((Scalar) node).text().orElseThrow();
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
