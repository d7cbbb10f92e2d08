package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Target;
import io.lanes.steps.Futures;
import io.lanes.steps.StepException;
import io.lanes.steps.render.ImagePins;
import io.lanes.steps.render.InitJob;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.render.RenderedObject;
import io.lanes.steps.render.Renderer;
import io.lanes.steps.tutor.TutorEnv;
import io.lanes.steps.tutor.TutorProject;
import io.lanes.steps.tutor.TutorTasks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Renders a release in-process through render's own pipeline ({@link Renderer}: real {@code kubectl kustomize}, the
 * lane rewrite, the lane policy), so what deploy applies is exactly what render previewed and checked, and Secret
 * values stay in memory, never in a bundle file: the platform's Tutor env as checked out, or as it was at a recorded
 * commit (for a rollback), read from git history with JGit. A release that breaks the lane policy is refused here,
 * before deploy takes its lock or writes anything (exit 3).
 */
public final class ReleaseSource {
  private final Renderer renderer;
  private final Target target;
  private final Path tutorRoot;
  private final List<HasMetadata> added;
  private final Map<String, String> environment;
  private final Duration taskDeadline;
  private final PrintWriter log;

  /** A source that reads no Tutor init tasks from a {@code tutor} on a PATH (none is given). */
  public ReleaseSource(Kustomize kustomize, Target target, Path tutorRoot, List<HasMetadata> added, PrintWriter log) {
    this(kustomize, target, tutorRoot, added, Map.of(), InitJobs.DEFAULT_DEADLINE, log);
  }

  /**
   * @param kustomize the kubectl that renders
   * @param target the platform and where it deploys
   * @param tutorRoot the platform's Tutor root in its git work tree
   * @param added the objects Lanes adds to the platform's own (its backup job), see {@link Renderer.Input}
   * @param environment the step's environment: its {@code PATH} finds {@code tutor}
   * @param taskDeadline how long one Tutor init task may run
   * @param log progress lines
   */
  public ReleaseSource(
      Kustomize kustomize,
      Target target,
      Path tutorRoot,
      List<HasMetadata> added,
      Map<String, String> environment,
      Duration taskDeadline,
      PrintWriter log) {
    this.renderer = new Renderer(new KubernetesSerialization(), kustomize, log, "deploy");
    this.target = target;
    this.tutorRoot = tutorRoot;
    this.added = List.copyOf(added);
    this.environment = Map.copyOf(environment);
    this.taskDeadline = taskDeadline;
    this.log = log;
  }

  /** The commit checked out at the Tutor root, or a configuration error when it is not in git. */
  public String headCommit() {
    try (Repository repository = repository()) {
      ObjectId head = repository.resolve("HEAD");
      if (head == null) {
        throw StepException.configuration(tutorRoot + ": its git repository has no commit");
      }
      return head.name();
    } catch (IOException e) {
      throw StepException.configuration(tutorRoot + ": cannot read its git repository: " + e.getMessage(), e);
    }
  }

  /** The release rendered from the env as checked out. */
  public DesiredRelease current(String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    Path workTree;
    try (Repository repository = repository()) {
      workTree = repository.isBare() ? tutorRoot : repository.getWorkTree().toPath();
    } catch (IOException e) {
      throw StepException.configuration(tutorRoot + ": cannot read its git repository: " + e.getMessage(), e);
    }
    return render(tutorRoot.resolve("env"), workTree, commit, imageTag, images, warnings, true);
  }

  /** The release rendered from the env as it was at {@code commit}. */
  public DesiredRelease at(String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    return atCommit(commit, (env, tree) -> render(env, tree, commit, imageTag, images, warnings, false));
  }

  /**
   * Tutor's Job templates ({@code k8s/jobs.yml}) of the env as it was at {@code commit}, rendered through render's
   * pipeline (lane rewrite, the release's image pins, the lane policy): what a task of a recorded release runs in.
   */
  public List<GenericKubernetesResource> templatesAt(
      String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    return atCommit(commit, (env, tree) -> renderObjects(env, tree, commit, imageTag, images, warnings).stream()
        .filter(InitJobs::isTemplate).toList());
  }

  private <T> T atCommit(String commit, java.util.function.BiFunction<Path, Path, T> use) {
    Path tree;
    try {
      tree = Files.createTempDirectory("lanes-release-");
    } catch (IOException e) {
      throw StepException.failure("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      Path env = tree.resolve("env");
      export(commit, env);
      return use.apply(env, tree);
    } finally {
      deleteTree(tree);
    }
  }

  /**
   * Renders a release. In a Tutor project (the Tutor root holds {@code config.yml}) Tutor's Job templates are not
   * applied as objects, as {@code tutor k8s start} skips them: with {@code withTasks}, the init tasks Tutor defines
   * become Jobs built from them ({@link InitJobs}), and the env must be exactly what {@code tutor config save} writes
   * from the project's {@code config.yml} and {@code plugins/} ({@link TutorEnv#check}: else exit 2 before anything is
   * applied); a rollback ({@code withTasks} false) runs no task again and renders a commit whose env was checked when
   * it was deployed.
   */
  private DesiredRelease render(
      Path env,
      Path root,
      String commit,
      String imageTag,
      Map<String, String> images,
      List<String> warnings,
      boolean withTasks) {
    Optional<TutorProject> project = Optional.empty();
    boolean tutorProject = TutorTasks.isTutorProject(tutorRoot);
    if (tutorProject && withTasks) {
      Optional<Path> tutor = TutorEnv.tutor(environment);
      if (tutor.isEmpty()) {
        throw StepException.configuration(
            tutorRoot.resolve("config.yml") + ": a Tutor project, but tutor is not on PATH: deploy reads the init tasks"
                + " from Tutor and checks env/ against what tutor config save writes (install it with: bash"
                + " src/scripts/tutor.sh install)");
      }
      // Tutor's two runs (the env check's config save on a copy, the init tasks) are independent: side by side
      long start = System.nanoTime();
      CompletableFuture<Integer> checked = CompletableFuture.supplyAsync(
          () -> TutorEnv.check(tutor.get(), tutorRoot, environment), task -> Thread.ofPlatform().daemon().start(task));
      try {
        project = TutorTasks.read(tutorRoot, environment);
      } finally {
        int files = Futures.join(checked);
        log.printf("deploy: %s is what tutor config save writes (%d files, checked in %d ms)%n",
            tutorRoot.resolve("env"), files, (System.nanoTime() - start) / 1_000_000);
      }
      TutorProject p = project.orElseThrow();
      log.printf("deploy: Tutor %s (Open edX %s), plugins %s: %d init tasks%n", p.tutorVersion(), p.openedxRelease(),
          p.plugins().isEmpty() ? "none" : String.join(", ", p.plugins()), p.initTasks().size());
    }
    List<GenericKubernetesResource> objects = renderObjects(env, root, commit, imageTag, images, warnings);
    List<InitJob> initJobs = project.isEmpty()
        ? List.of()
        : InitJobs.build(objects, project.get().initTasks(), target.platform().name(), taskDeadline);
    if (tutorProject) {
      objects.removeIf(InitJobs::isTemplate);
    }
    return DesiredRelease.of(commit, imageTag, images, objects, initJobs)
        .withOpenedxRelease(project.map(TutorProject::openedxRelease).orElse(""));
  }

  private List<GenericKubernetesResource> renderObjects(
      Path env, Path root, String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    List<RenderedObject> rendered =
        renderer.render(new Renderer.Input(target, env, root, commit, imageTag, added), violations -> {});
    List<GenericKubernetesResource> objects = new ArrayList<>(rendered.stream().map(RenderedObject::resource).toList());
    warnings.addAll(ImagePins.apply(objects, target.platform(), images));
    return objects;
  }

  /** Writes the Tutor env of {@code commit} into {@code target}. */
  private void export(String commit, Path target) {
    try (Repository repository = repository();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit revCommit;
      try {
        ObjectId id = repository.resolve(commit + "^{commit}");
        if (id == null) {
          throw new org.eclipse.jgit.errors.MissingObjectException(ObjectId.zeroId(), "commit");
        }
        revCommit = walk.parseCommit(id);
      } catch (org.eclipse.jgit.errors.MissingObjectException e) {
        throw StepException.configuration(missingCommit(commit, repository.getDirectory().toPath()), e);
      }
      Path workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
      String envPath = workTree.relativize(tutorRoot.resolve("env").toAbsolutePath().normalize()).toString().replace('\\', '/');
      try (TreeWalk tree = new TreeWalk(repository)) {
        tree.addTree(revCommit.getTree());
        tree.setRecursive(true);
        if (!envPath.isEmpty()) {
          tree.setFilter(PathFilter.create(envPath));
        }
        boolean any = false;
        while (tree.next()) {
          String path = tree.getPathString();
          String relative = envPath.isEmpty() ? path : path.substring(envPath.length() + 1);
          Path file = target.resolve(relative).normalize();
          Files.createDirectories(file.getParent());
          try (OutputStream out = Files.newOutputStream(file)) {
            repository.open(tree.getObjectId(0)).copyTo(out);
          }
          any = true;
        }
        if (!any) {
          throw StepException.configuration(tutorRoot + ": commit " + commit + " has no " + envPath + "/");
        }
      }
    } catch (IOException e) {
      throw StepException.failure("cannot read commit " + commit + " from " + tutorRoot + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why {@code commit} cannot be read, and how to fetch it: a rollback renders the recorded release from its commit,
   * which a shallow clone (or one fetched before that commit existed) does not hold.
   */
  String missingCommit(String commit, Path gitDir) {
    boolean shallow = Files.exists(gitDir.resolve("shallow"));
    return tutorRoot + ": commit " + commit + " is not in the checkout's git history"
        + (shallow ? " (the clone is shallow)" : "")
        + ": fetch the history with `git -C " + tutorRoot + (shallow ? " fetch --unshallow" : " fetch origin " + commit)
        + "` and run again; in Zuul, give the job the platform branch's full history (no shallow clone, no"
        + " checkout depth)";
  }

  private Repository repository() throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(tutorRoot.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw StepException.configuration(tutorRoot + ": not in a git work tree (deploy records the commit it deploys)");
    }
    return builder.build();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
