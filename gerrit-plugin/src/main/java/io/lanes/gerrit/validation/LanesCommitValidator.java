package io.lanes.gerrit.validation;

import com.google.common.collect.ImmutableList;
import com.google.gerrit.server.events.CommitReceivedEvent;
import com.google.gerrit.server.git.GitRepositoryManager;
import com.google.gerrit.server.git.validators.CommitValidationException;
import com.google.gerrit.server.git.validators.CommitValidationInfo;
import com.google.gerrit.server.git.validators.CommitValidationListener;
import com.google.gerrit.server.git.validators.CommitValidationMessage;
import com.google.gerrit.server.git.validators.ValidationMessage;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Validates the commits of changes (pushed for review, or made by Gerrit's REST API: cherry-picks, rebases, reverts,
 * edits): what each change brings to its branch, measured against the branch's tip ({@link Range#change}), goes
 * through {@link LaneGuard}. Direct pushes are {@link LanesRefValidator}'s: it sees every ref update, commits already
 * in the repository included, and checks the tree that lands once instead of each commit.
 */
@Singleton
public class LanesCommitValidator implements CommitValidationListener {
  private final PlatformMaps platformMaps;
  private final GitRepositoryManager repositories;
  private final LaneGuard guard;

  @Inject
  LanesCommitValidator(
      PlatformMaps platformMaps,
      GitRepositoryManager repositories,
      LaneGuard guard) {
    this.platformMaps = platformMaps;
    this.repositories = repositories;
    this.guard = guard;
  }

  @Override
  public String getValidatorName() {
    return "lanes";
  }

  @Override
  public CommitValidationInfo validateCommit(CommitReceivedEvent event) throws CommitValidationException {
    if (event.command != null && event.command.getRefName().equals(event.getRefName())) {
      // A direct push: LanesRefValidator has checked the update as a whole.
      return CommitValidationInfo.notApplicable(CommitValidationInfo.NO_METADATA);
    }
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(event.getProjectNameKey());
    } catch (NoSuchProjectException e) {
      return CommitValidationInfo.notApplicable(CommitValidationInfo.NO_METADATA);
    }
    Optional<LaneGuard.Decision> decision;
    try {
      decision =
          guard.decide(
              map,
              event.getRefName(),
              "pushing",
              event.revWalk.getObjectReader(),
              () -> Range.change(event.revWalk, event.commit, tip(event)));
    } catch (IOException e) {
      throw new CommitValidationException("lanes: cannot read commit " + event.commit.name(), e);
    }
    if (decision.isEmpty()) {
      return CommitValidationInfo.notApplicable(CommitValidationInfo.NO_METADATA);
    }
    List<CommitValidationMessage> messages = new ArrayList<>();
    decision.get().errors().forEach(e -> messages.add(new CommitValidationMessage(e, ValidationMessage.Type.ERROR)));
    decision.get().warnings().forEach(w -> messages.add(new CommitValidationMessage(w, ValidationMessage.Type.WARNING)));
    if (!decision.get().passed()) {
      throw new CommitValidationException(decision.get().refusal().get(), messages);
    }
    return CommitValidationInfo.passed(CommitValidationInfo.NO_METADATA, ImmutableList.copyOf(messages));
  }

  /** The destination branch's tip now, or null when it does not exist yet. */
  private ObjectId tip(CommitReceivedEvent event) throws IOException {
    try (Repository repo = repositories.openRepository(event.getProjectNameKey())) {
      Ref ref = repo.exactRef(event.getRefName());
      return ref == null ? null : ref.getObjectId();
    }
  }
}
