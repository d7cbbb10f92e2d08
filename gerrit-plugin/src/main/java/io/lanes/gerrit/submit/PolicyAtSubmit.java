package io.lanes.gerrit.submit;

import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.PatchSet;
import com.google.gerrit.server.IdentifiedUser;
import com.google.gerrit.server.git.CodeReviewCommit;
import com.google.gerrit.server.git.validators.MergeValidationException;
import com.google.gerrit.server.git.validators.MergeValidationListener;
import com.google.gerrit.server.git.validators.OnSubmitValidationListener;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.project.ProjectState;
import com.google.gerrit.server.validators.ValidationException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.InvalidMap;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.validation.LaneGuard;
import io.lanes.gerrit.validation.Range;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;

/**
 * Checks again at submit, against the map as it is then, what would land:
 *
 * <ul>
 *   <li>before merging ({@link MergeValidationListener}): a platform branch is closed while {@code lanes.config} is
 *       invalid;
 *   <li>just before the branches move ({@link OnSubmitValidationListener}): each branch update of the submit, the
 *       merged result (whatever the submit type, parent order or number of changes), through {@link LaneGuard}
 *       against the branch's tip, as a direct push would be. Only new problems block. This covers a change that was
 *       valid when pushed but broke after the map changed, and a merge whose result differs from what was pushed.
 * </ul>
 */
@Singleton
public class PolicyAtSubmit implements MergeValidationListener, OnSubmitValidationListener {
  /** The start of the message of a submit this check refuses. */
  public static final String REFUSED = "refused at submit (the merged result against the branch tip)";

  private final PlatformMaps platformMaps;
  private final LaneGuard guard;

  @Inject
  PolicyAtSubmit(
      PlatformMaps platformMaps,
      LaneGuard guard) {
    this.platformMaps = platformMaps;
    this.guard = guard;
  }

  @Override
  public void onPreMerge(
      Repository repo,
      CodeReviewCommit.CodeReviewRevWalk revWalk,
      CodeReviewCommit commit,
      ProjectState projectState,
      BranchNameKey destBranch,
      PatchSet.Id patchSetId,
      IdentifiedUser caller)
      throws MergeValidationException {
    PlatformMapSnapshot map = platformMaps.snapshot(projectState);
    if (map.lane(destBranch.branch()).kind() == BranchLane.Kind.INVALID_MAP) {
      throw new MergeValidationException(InvalidMap.mergeRefusal(map.problems()));
    }
  }

  @Override
  public void preBranchUpdate(Arguments args) throws ValidationException {
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(args.getProject());
    } catch (NoSuchProjectException e) {
      return;
    }
    RevWalk walk = args.getRevWalk();
    for (ReceiveCommand command : args.getCommands().values()) {
      if (command.getType() == ReceiveCommand.Type.DELETE) {
        continue;
      }
      Optional<LaneGuard.Decision> decision;
      try {
        decision =
            guard.decide(
                map,
                command.getRefName(),
                "submitting",
                walk.getObjectReader(),
                () -> Range.refUpdate(walk, command.getOldId(), command.getNewId()));
      } catch (IOException e) {
        throw new ValidationException("lanes: cannot read " + command.getNewId().name(), e);
      }
      if (decision.isPresent() && !decision.get().passed()) {
        List<String> lines = new ArrayList<>();
        lines.add(REFUSED + ": " + decision.get().refusal().get());
        lines.addAll(decision.get().errors());
        throw new ValidationException(String.join("\n", lines));
      }
    }
  }
}
