package io.lanes.steps.render;

import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git work tree a Tutor root is in, as render sees it: what source file names are relative to, and the revision
 * objects are labelled with. Render also works outside git (then {@code --revision} is needed).
 */
final class WorkTree {
  /** A label value: what the revision label may hold. */
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private WorkTree() {}

  /** The root of the git work tree holding {@code tutorRoot}, or the Tutor root itself outside git. */
  static Path root(Path tutorRoot) {
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

  /**
   * The revision objects are labelled with: {@code given} (a step's {@code --revision}), else the commit checked out
   * at {@code tutorRoot}; a configuration error when there is none or it is not a label value.
   */
  static String revision(String given, Path tutorRoot) {
    String value = given;
    if (value == null) {
      value = headCommit(tutorRoot)
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

  private static Optional<String> headCommit(Path tutorRoot) {
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
}
