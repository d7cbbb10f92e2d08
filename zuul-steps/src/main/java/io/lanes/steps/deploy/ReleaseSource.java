package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.steps.StepException;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.render.LaneRewrite;
import io.lanes.steps.render.RenderedObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Renders a release in-process, the way {@code render} does (real {@code kubectl kustomize}, then the lane
 * rewrite), so Secret values stay in memory and never touch a bundle file: the platform's Tutor env as checked out,
 * or as it was at a recorded commit (for a rollback), read from git history with JGit.
 */
public final class ReleaseSource {
  /** The annotation kustomize's origin build metadata adds; render's bookkeeping, not part of an object. */
  static final String ORIGIN = "config.kubernetes.io/origin";

  private final Kustomize kustomize;
  private final Platform platform;
  private final Path tutorRoot;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public ReleaseSource(Kustomize kustomize, Platform platform, Path tutorRoot) {
    this.kustomize = kustomize;
    this.platform = platform;
    this.tutorRoot = tutorRoot;
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
    return render(tutorRoot.resolve("env"), commit, imageTag, images, warnings);
  }

  /** The release rendered from the env as it was at {@code commit}. */
  public DesiredRelease at(String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    Path tree;
    try {
      tree = Files.createTempDirectory("lanes-release-");
    } catch (IOException e) {
      throw StepException.failure("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      Path env = tree.resolve("env");
      export(commit, env);
      return render(env, commit, imageTag, images, warnings);
    } finally {
      deleteTree(tree);
    }
  }

  private DesiredRelease render(
      Path env, String commit, String imageTag, Map<String, String> images, List<String> warnings) {
    Kustomize.Output output = kustomize.build(env);
    List<RenderedObject> rendered = new ArrayList<>();
    for (String document : documents(output.yaml())) {
      GenericKubernetesResource resource = serialization.unmarshal(document, GenericKubernetesResource.class);
      if (resource == null) {
        continue;
      }
      if (resource.getMetadata() == null || resource.getMetadata().getName() == null || resource.getKind() == null) {
        throw StepException.configuration(env + ": kustomize rendered an object without kind or metadata.name");
      }
      Map<String, String> annotations = resource.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(ORIGIN)) {
        Map<String, String> rest = new LinkedHashMap<>(annotations);
        rest.remove(ORIGIN);
        resource.getMetadata().setAnnotations(rest.isEmpty() ? null : rest);
      }
      rendered.add(new RenderedObject(resource, "", 0));
    }
    new LaneRewrite(serialization, platform, commit, imageTag).apply(rendered);
    List<GenericKubernetesResource> objects = rendered.stream().map(RenderedObject::resource).toList();
    warnings.addAll(ImagePins.apply(objects, platform, images));
    return DesiredRelease.of(commit, imageTag, images, new ArrayList<>(objects));
  }

  /** Writes the Tutor env of {@code commit} into {@code target}. */
  private void export(String commit, Path target) {
    try (Repository repository = repository();
        RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(commit + "^{commit}");
      if (id == null) {
        throw StepException.configuration(
            tutorRoot + ": commit " + commit + " is not in its git repository (fetch the platform branch's history)");
      }
      RevCommit revCommit = walk.parseCommit(id);
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

  private Repository repository() throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(tutorRoot.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw StepException.configuration(tutorRoot + ": not in a git work tree (deploy records the commit it deploys)");
    }
    return builder.build();
  }

  /** The YAML documents of a stream kustomize wrote: separated by lines of exactly {@code ---}. */
  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      if (line.equals("---")) {
        if (!current.toString().isBlank()) {
          documents.add(current.toString());
        }
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      documents.add(current.toString());
    }
    return documents;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
