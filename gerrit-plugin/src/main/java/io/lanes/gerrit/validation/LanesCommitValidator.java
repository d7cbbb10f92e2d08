package io.lanes.gerrit.validation;

import com.google.common.cache.Cache;
import com.google.common.collect.ImmutableList;
import com.google.gerrit.server.events.CommitReceivedEvent;
import com.google.gerrit.server.git.validators.CommitValidationException;
import com.google.gerrit.server.git.validators.CommitValidationInfo;
import com.google.gerrit.server.git.validators.CommitValidationListener;
import com.google.gerrit.server.git.validators.CommitValidationMessage;
import com.google.gerrit.server.git.validators.ValidationMessage;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Validates pushes (direct and for review): {@code lanes.config} on {@code refs/meta/config}, the lane policy on
 * platform branches, and refuses branches under {@code platform/} that no platform maps. A thin adapter over {@link
 * MapCommitCheck} and {@link PlatformCommitCheck}.
 */
@Singleton
public class LanesCommitValidator implements CommitValidationListener {
  private final PlatformMaps platformMaps;
  private final FileVerdicts verdicts;
  private final ValidationThreads threads;

  @Inject
  LanesCommitValidator(
      PlatformMaps platformMaps,
      @Named(FileVerdicts.CACHE) Cache<FileVerdictKey, FileVerdict> verdicts,
      ValidationThreads threads) {
    this.platformMaps = platformMaps;
    this.verdicts = FileVerdicts.cachedIn(verdicts);
    this.threads = threads;
  }

  @Override
  public String getValidatorName() {
    return "lanes";
  }

  @Override
  public CommitValidationInfo validateCommit(CommitReceivedEvent event) throws CommitValidationException {
    PlatformMapReader.Result read;
    try {
      read = platformMaps.read(event.getProjectNameKey());
    } catch (NoSuchProjectException e) {
      return CommitValidationInfo.notApplicable(CommitValidationInfo.NO_METADATA);
    }
    BranchLane lane = BranchLane.of(read, event.getRefName());
    CheckResult result;
    try {
      RevCommit commit = event.commit;
      for (RevCommit parent : commit.getParents()) {
        event.revWalk.parseHeaders(parent);
      }
      result =
          switch (lane.kind()) {
            case NONE -> null;
            case MAP -> MapCommitCheck.check(event.revWalk.getObjectReader(), commit);
            case UNKNOWN_PLATFORM -> throw unknownPlatform(event.getRefName(), read.map());
            case INVALID_MAP -> throw invalidMap(read.problems());
            case PLATFORM ->
                PlatformCommitCheck.check(
                    event.revWalk.getObjectReader(),
                    commit,
                    new PolicyInputs(read.map(), lane.target().orElseThrow()),
                    verdicts,
                    threads.fanOut());
          };
    } catch (IOException e) {
      throw new CommitValidationException("lanes: cannot read commit " + event.commit.name(), e);
    }
    if (result == null) {
      return CommitValidationInfo.notApplicable(CommitValidationInfo.NO_METADATA);
    }
    List<CommitValidationMessage> messages = new ArrayList<>();
    result.errors().forEach(e -> messages.add(new CommitValidationMessage(e, ValidationMessage.Type.ERROR)));
    result.warnings().forEach(w -> messages.add(new CommitValidationMessage(w, ValidationMessage.Type.WARNING)));
    if (!result.passed()) {
      throw new CommitValidationException(summary(lane, result.errors().size()), messages);
    }
    return CommitValidationInfo.passed(CommitValidationInfo.NO_METADATA, ImmutableList.copyOf(messages));
  }

  private static String summary(BranchLane lane, int count) {
    String what = lane.kind() == BranchLane.Kind.MAP ? LanesConfig.FILE_NAME + " has " : "lane policy: ";
    String noun = lane.kind() == BranchLane.Kind.MAP ? "problem" : "violation";
    String where =
        lane.target().map(t -> " on platform " + t.platform().name()).orElse("");
    return what + count + " " + noun + (count == 1 ? "" : "s") + where;
  }

  private static CommitValidationException unknownPlatform(String ref, PlatformMap map) {
    String branch = ref.replaceFirst("^refs/heads/", "");
    return new CommitValidationException(
        branch + " is not a platform's branch (known platforms: " + knownPlatforms(map) + ")");
  }

  private static String knownPlatforms(PlatformMap map) {
    List<String> known = new ArrayList<>();
    map.platforms().values().forEach(p -> known.add(p.name() + " on " + p.branch()));
    return known.isEmpty() ? "none" : String.join(", ", known);
  }

  private static CommitValidationException invalidMap(List<ConfigProblem> problems) {
    List<CommitValidationMessage> messages =
        problems.stream()
            .map(p -> new CommitValidationMessage(LanesConfig.FILE_NAME + ": " + p, ValidationMessage.Type.ERROR))
            .toList();
    return new CommitValidationException(
        LanesConfig.FILE_NAME + " in refs/meta/config is invalid: fix it before pushing to platform branches",
        messages);
  }
}
