package io.lanes.steps.preview;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Who a preview belongs to, as {@code preview list} shows it: {@code --owner} when given, else the author of the
 * change's commit (its e-mail address), read from the checkout. Zuul 14 gives a job no change owner (its {@code zuul}
 * variables have the change, patch set, URL, message and topic, not who uploaded it), and the commit is on the node
 * without any Gerrit credential; the uploader and the author differ only when someone uploads another's commit.
 */
final class PreviewOwner {
  static final String UNKNOWN = "unknown";

  private PreviewOwner() {}

  /** {@code flag} when given, else the author of {@code commit} in the git repository of {@code root}. */
  static String of(Optional<String> flag, Path root, String commit) {
    return flag.map(String::strip).filter(s -> !s.isEmpty()).orElseGet(() -> author(root, commit).orElse(UNKNOWN));
  }

  static Optional<String> author(Path root, String commit) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(root.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.build(); RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(commit);
      if (id == null) {
        return Optional.empty();
      }
      RevCommit parsed = walk.parseCommit(id);
      return name(parsed.getAuthorIdent());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The person's e-mail address, else their name; empty when neither is given. */
  static Optional<String> name(PersonIdent person) {
    if (person == null) {
      return Optional.empty();
    }
    String email = person.getEmailAddress() == null ? "" : person.getEmailAddress().strip();
    String name = person.getName() == null ? "" : person.getName().strip();
    return Optional.of(!email.isEmpty() ? email : name).filter(s -> !s.isEmpty());
  }
}
