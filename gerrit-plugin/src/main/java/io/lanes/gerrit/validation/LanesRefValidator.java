package io.lanes.gerrit.validation;

import com.google.gerrit.server.events.RefReceivedEvent;
import com.google.gerrit.server.git.GitRepositoryManager;
import com.google.gerrit.server.git.validators.RefOperationValidationListener;
import com.google.gerrit.server.git.validators.ValidationMessage;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.validators.ValidationException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Validates every direct update of a ref: a push to {@code refs/heads/...} or {@code refs/meta/config} (fast-forward
 * or forced, new commits or commits already on another branch, merges with any parent order, pushed with {@code -o
 * skip-validation} or not) and a branch created over REST. Gerrit asks it for each ref update before it looks at the
 * commits, so what lands is checked once, as a whole: the new tip's tree against the current tip's ({@link
 * Range#refUpdate}). Deleting a branch is not refused (nothing lands; Gerrit refuses deleting {@code
 * refs/meta/config} itself).
 */
@Singleton
public class LanesRefValidator implements RefOperationValidationListener {
  /**
   * The refs the plugin keeps its own data in (stage results: {@code refs/lanes/results/}, {@code
   * refs/lanes/platforms/}). The plugin writes them itself, past this listener; any push or REST update to them is
   * refused, so that nobody, an administrator included, can forge a result. Deleting them (a clean-up) is not.
   */
  public static final String PLUGIN_REFS = "refs/lanes/";

  private final PlatformMaps platformMaps;
  private final GitRepositoryManager repositories;
  private final LaneGuard guard;

  @Inject
  LanesRefValidator(
      PlatformMaps platformMaps,
      GitRepositoryManager repositories,
      LaneGuard guard) {
    this.platformMaps = platformMaps;
    this.repositories = repositories;
    this.guard = guard;
  }

  @Override
  public List<ValidationMessage> onRefOperation(RefReceivedEvent event) throws ValidationException {
    ReceiveCommand command = event.command;
    if (command.getType() == ReceiveCommand.Type.DELETE) {
      return List.of();
    }
    if (event.getRefName().startsWith(PLUGIN_REFS)) {
      throw new ValidationException(
          event.getRefName() + ": " + PLUGIN_REFS + " holds what the lanes plugin keeps (stage results); only the"
              + " plugin writes it (report a result with POST .../lanes~results)");
    }
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(event.getProjectNameKey());
    } catch (NoSuchProjectException e) {
      return List.of();
    }
    Optional<LaneGuard.Decision> decision;
    try (Repository repo = repositories.openRepository(event.getProjectNameKey());
        RevWalk walk = new RevWalk(repo)) {
      decision =
          guard.decide(
              map,
              event.getRefName(),
              "pushing",
              walk.getObjectReader(),
              () -> Range.refUpdate(walk, command.getOldId(), command.getNewId()));
    } catch (IOException e) {
      throw new ValidationException("lanes: cannot read " + command.getNewId().name() + " for " + event.getRefName(), e);
    }
    if (decision.isEmpty()) {
      return List.of();
    }
    if (!decision.get().passed()) {
      // Gerrit rejects a ref update only on an exception; its message is shown as one error, line by line.
      List<String> lines = new ArrayList<>();
      lines.add(decision.get().refusal().get());
      lines.addAll(decision.get().errors());
      throw new ValidationException(String.join("\n", lines));
    }
    List<ValidationMessage> warnings = new ArrayList<>();
    decision.get().warnings().forEach(w -> warnings.add(new ValidationMessage(w, ValidationMessage.Type.WARNING)));
    return warnings;
  }
}
