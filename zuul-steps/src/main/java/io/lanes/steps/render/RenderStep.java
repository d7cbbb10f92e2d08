package io.lanes.steps.render;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.core.policy.Violation;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.Redaction;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.zuul.ZuulVars;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps render}: a platform's Tutor env through real kustomize into its lane (namespace, labels,
 * images), checked against the lane policy, compared with the live namespace, written as a bundle and a Markdown
 * preview for the reviewer.
 */
@Command(
    name = "render",
    description = {
      "Render a platform's Tutor env into its lane and check it before review.",
      "Runs kubectl kustomize on the env, puts the objects in the platform's lane (namespace, labels, image tag),"
          + " checks the lane policy, compares them with the live namespace (server-side apply dry run) and writes"
          + " the bundle and a review preview."
    })
public final class RenderStep implements Callable<Integer> {
  /** The bundle's file name in the output directory. */
  public static final String BUNDLE_FILE = "rendered.yaml";

  /** The preview's file name in the output directory. */
  public static final String PREVIEW_FILE = "preview.md";

  /** A label value: what the revision label may hold. */
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Option(
      names = "--tutor-root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The platform's Tutor root: its env/ is rendered (default: ${DEFAULT-VALUE}).")
  Path tutorRoot;

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description = "The revision objects are labelled with (default: the commit checked out at the Tutor root).")
  String revision;

  @Option(
      names = "--image-tag",
      paramLabel = "TAG",
      description = "The tag the platform's own images get (default: change-<N>-ps-<M> from Zuul, else latest-<platform>).")
  String imageTag;

  @Option(names = "--kubectl", paramLabel = "FILE", description = "The kubectl to run (default: kubectl on PATH).")
  Path kubectl;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "lanes-render",
      description = "Where the bundle (" + BUNDLE_FILE + ") and the preview (" + PREVIEW_FILE + ") go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--artifact-url",
      paramLabel = "URL",
      defaultValue = "",
      description = "Where the output directory is published, for zuul.artifacts (default: relative to the build's logs).")
  String artifactUrl;

  @Mixin ReleaseAddition addition;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  RenderStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Redaction.refuseCredentials("--artifact-url", artifactUrl);
    PrintWriter log = context.err();
    PlatformSelection.Selected selected = selection.select();
    PlatformMap map = selected.map();
    Optional<ZuulVars> zuul = selected.zuul();
    Platform platform = selected.platform();
    String tag = tag(platform, zuul);
    Path env = tutorRoot.resolve("env");
    Path root = repositoryRoot(tutorRoot);
    String rev = revision(root);
    log.printf("render: platform %s, namespace %s, revision %s, image tag %s%n", platform.name(), platform.namespace(), rev, tag);

    List<String> warnings = new ArrayList<>();
    TutorConfigSave.runIfPresent(tutorRoot, context.environment()).ifPresent(warnings::add);
    Kustomize kustomize = Kustomize.locate(Optional.ofNullable(kubectl), context.environment());
    KubernetesSerialization serialization = new KubernetesSerialization();
    long start = System.nanoTime();
    Target target = map.target(platform);
    List<RenderedObject> objects =
        new Renderer(serialization, kustomize, log, "render")
            .render(
                new Renderer.Input(target, env, root, rev, tag, addition.objects(target, selection.mapText())),
                violations -> report(platform, rev, tag, violations));
    warnings.addAll(Findings.of(objects));

    List<ObjectChange> changes = compare(objects, platform, serialization, log);
    boolean live = kube.given();
    ManifestYaml yaml = new ManifestYaml(serialization);
    String preview =
        Preview.markdown(
            platform.name() + " → namespace " + platform.namespace(),
            "Revision `" + rev + "`, the platform's images tagged `" + tag + "`.",
            live,
            changes,
            warnings);
    write(BUNDLE_FILE, yaml.bundle(objects));
    write(PREVIEW_FILE, preview);

    Map<ObjectChange.State, Integer> counts = Preview.counts(changes);
    context.out().printf("%d objects rendered for %s into %s%n", objects.size(), platform.name(), output.resolve(BUNDLE_FILE));
    if (live) {
      context.out().printf(
          "%d added, %d changed, %d pruned, %d unchanged%n",
          counts.get(ObjectChange.State.ADDED), counts.get(ObjectChange.State.CHANGED),
          counts.get(ObjectChange.State.PRUNED), counts.get(ObjectChange.State.UNCHANGED));
    }
    context.out().printf("preview: %s%n", output.resolve(PREVIEW_FILE));
    log.printf("render: done in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    warnings.forEach(w -> log.println("warning: " + w));

    ZuulReport report =
        new ZuulReport()
            .artifact(
                "Rendered manifests (" + platform.name() + ")",
                artifactUrl + BUNDLE_FILE,
                Map.of("type", "lanes_manifests", "platform", platform.name()))
            .artifact(
                "Render preview (" + platform.name() + ")",
                artifactUrl + PREVIEW_FILE,
                Map.of("type", "lanes_preview", "platform", platform.name()))
            .warnings(warnings)
            .notableChanges(changes);
    ResultFile.write(common.result, Map.of("render", summary(platform, rev, tag, objects, changes, live)), report.toMap());
    return ExitCodes.OK;
  }

  /**
   * Reports a policy failure in the result, whose file comments put each violation on its source line for the
   * reviewer; nothing else is written (the renderer then fails with one line per violation).
   */
  private void report(Platform platform, String rev, String tag, List<Violation> violations) {
    ZuulReport report = new ZuulReport();
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Violation violation : violations) {
      report.comment(violation.file(), violation.line(), violation.toString(), "error");
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("object", violation.kind() + "/" + violation.name());
      entry.put("reason", violation.reason());
      entry.put("file", violation.file());
      entry.put("line", violation.line());
      listed.add(entry);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("platform", platform.name());
    summary.put("namespace", platform.namespace());
    summary.put("revision", rev);
    summary.put("image_tag", tag);
    summary.put("violations", listed);
    ResultFile.write(common.result, Map.of("render", summary), report.toMap());
  }

  private List<ObjectChange> compare(
      List<RenderedObject> objects, Platform platform, KubernetesSerialization serialization, PrintWriter log) {
    Optional<KubernetesClient> client = kube.connect(context.environment());
    if (client.isEmpty()) {
      log.println("render: no cluster given (--kubeconfig or --in-cluster): not compared with the live namespace");
      return objects.stream()
          .map(o -> new ObjectChange(ObjectChange.State.RENDERED, o.kind(), o.name(), o.file(), o.line(), o.isSecret(), List.of(), List.of()))
          .toList();
    }
    try (KubeApi api = new KubeApi(client.get())) {
      log.printf("render: comparing %d objects with namespace %s on %s%n", objects.size(), platform.namespace(), api.server());
      return new LiveDiff(api, serialization, log).compare(objects, platform);
    }
  }

  private Map<String, Object> summary(
      Platform platform, String rev, String tag, List<RenderedObject> objects, List<ObjectChange> changes, boolean live) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("platform", platform.name());
    summary.put("namespace", platform.namespace());
    summary.put("revision", rev);
    summary.put("image_tag", tag);
    summary.put("objects", objects.size());
    summary.put("bundle", output.resolve(BUNDLE_FILE).toString());
    summary.put("preview", output.resolve(PREVIEW_FILE).toString());
    summary.put("compared", live);
    if (live) {
      Map<String, Object> counts = new LinkedHashMap<>();
      Preview.counts(changes).forEach((state, count) -> {
        if (state != ObjectChange.State.RENDERED) {
          counts.put(state.word(), count);
        }
      });
      summary.put("counts", counts);
      List<Map<String, Object>> listed = new ArrayList<>();
      for (ObjectChange change : changes) {
        if (change.state() != ObjectChange.State.UNCHANGED) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("change", change.state().word());
          entry.put("object", change.id());
          if (change.file() != null) {
            entry.put("file", change.file());
            entry.put("line", change.line());
          }
          listed.add(entry);
        }
      }
      summary.put("changes", listed);
    }
    return summary;
  }

  private String tag(Platform platform, Optional<ZuulVars> zuul) {
    if (imageTag != null) {
      return imageTag;
    }
    return zuul.flatMap(ZuulVars::changeTag)
        .orElse(LaneNames.latestTag(platform));
  }

  private String revision(Path root) {
    String value = revision;
    if (value == null) {
      value = headCommit(root)
          .orElseThrow(
              () -> StepException.configuration(
                  tutorRoot + ": not in a git work tree, so the revision is unknown: give --revision"));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      throw StepException.configuration(
          "--revision " + value + ": not a label value (at most 63 letters, digits, '-', '_' or '.')");
    }
    return value;
  }

  /** The root of the git work tree holding the Tutor root, or the Tutor root itself outside git. */
  private static Path repositoryRoot(Path tutorRoot) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(tutorRoot.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return tutorRoot.toAbsolutePath();
    }
    try (Repository repository = builder.build()) {
      return repository.isBare() ? tutorRoot.toAbsolutePath() : repository.getWorkTree().toPath().toAbsolutePath();
    } catch (IOException | IllegalArgumentException e) {
      return tutorRoot.toAbsolutePath();
    }
  }

  private Optional<String> headCommit(Path root) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(tutorRoot.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.build()) {
      ObjectId head = repository.resolve("HEAD");
      return Optional.ofNullable(head).map(ObjectId::name);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void write(String name, String text) {
    try {
      Files.createDirectories(output);
      Path target = output.resolve(name);
      Path partial = Files.createTempFile(output, name, ".partial");
      try {
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw StepException.failure("cannot write " + output.resolve(name) + ": " + e.getMessage(), e);
    }
  }
}
