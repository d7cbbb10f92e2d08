package io.lanes.steps.render;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.Redaction;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.tutor.TutorProject;
import io.lanes.steps.tutor.TutorTasks;
import io.lanes.steps.zuul.ZuulVars;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps render}: a platform's Tutor env through real kustomize into its lane (namespace, labels,
 * images), checked against the lane policy ({@link Renderer}), compared with the live namespace ({@link LiveDiff}),
 * written as a bundle and a Markdown preview for the reviewer ({@link RenderReport}).
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
      description = "Where the bundle (" + RenderReport.BUNDLE_FILE + ") and the preview (" + RenderReport.PREVIEW_FILE + ") go (default: ${DEFAULT-VALUE}).")
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
    Platform platform = selected.platform();
    String tag = selected.imageTag(imageTag);
    Path root = WorkTree.root(tutorRoot);
    String rev = WorkTree.revision(revision, tutorRoot);
    log.printf("render: platform %s, namespace %s, revision %s, image tag %s%n", platform.name(), platform.namespace(), rev, tag);

    List<String> warnings = new ArrayList<>();
    TutorConfigSave.runIfPresent(tutorRoot, context.environment()).ifPresent(warnings::add);
    // the init tasks deploy will run, read from Tutor as deploy reads them (none without tutor on PATH)
    Optional<TutorProject> tutor = TutorTasks.read(tutorRoot, context.environment());
    Kustomize kustomize = Kustomize.locate(Optional.ofNullable(kubectl), context.environment());
    KubernetesSerialization serialization = new KubernetesSerialization();
    long start = System.nanoTime();
    Target target = selected.target();
    List<RenderedObject> objects =
        new Renderer(serialization, kustomize, log, "render")
            .render(
                new Renderer.Input(target, tutorRoot.resolve("env"), root, rev, tag, addition.objects(target, selection.mapText())),
                violations -> {
                  ChangeFiles change = selected.zuul().flatMap(ZuulVars::commitId)
                      .map(commit -> ChangeFiles.of(root, commit)).orElse(ChangeFiles.NONE);
                  List<Map<String, Object>> refused = RenderReport.refused(platform, rev, tag, violations, change);
                  ResultFile.write(common.result, Map.of("render", refused.get(0)), refused.get(1));
                });
    warnings.addAll(Findings.of(objects));
    Optional<KubernetesClient> client = kube.connect(context.environment());
    // the live release, read before the live diff (which closes the client): its init tasks and their keys, and the
    // keys deploy would record for this render's tasks with the live release's images; no release yet: all new
    Optional<ReleaseRecord> liveRelease = tutor.isPresent() && client.isPresent()
        ? new ReleaseStore(client.get(), platform.namespace(), platform.name()).latest()
        : Optional.empty();
    Optional<SortedMap<String, String>> liveTasks = tutor.isPresent() && client.isPresent()
        ? Optional.of(liveRelease.map(ReleaseRecord::initTasks).orElse(new TreeMap<>()))
        : Optional.empty();
    Map<String, String> keys = liveRelease
        .map(r -> InitTaskKeys.of(objects.stream().map(RenderedObject::resource).toList(), tutor.get().initTasks(),
            platform, tag, r.imageTag(), r.images()))
        .orElse(new TreeMap<>());
    List<PreviewChange> changes = LiveDiff.compare(
        client, objects, platform, serialization, log, TutorTasks.isTutorProject(tutorRoot));
    Optional<InitTaskPreview> initTasks = tutor.map(t -> InitTaskPreview.of(t, liveTasks, keys));

    RenderReport report = new RenderReport(platform, rev, tag, objects, changes, kube.given(), initTasks, warnings);
    report.write(output, new ManifestYaml(serialization));
    report.print(context.out(), output);
    log.printf("render: done in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    warnings.forEach(w -> log.println("warning: " + w));
    ResultFile.write(common.result, Map.of("render", report.summary(output)), report.zuul(artifactUrl));
    return ExitCodes.OK;
  }
}
