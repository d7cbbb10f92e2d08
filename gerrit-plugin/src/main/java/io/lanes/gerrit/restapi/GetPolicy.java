package io.lanes.gerrit.restapi;

import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.ResourceNotFoundException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.server.change.RevisionResource;
import com.google.gerrit.server.git.GitRepositoryManager;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.validation.LaneGuard;
import io.lanes.gerrit.validation.Range;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code GET /changes/{change}/revisions/{revision}/lanes~policy}: the lane policy on what the patch set would land
 * (its own edits against the branch's tip now, as push validation measures a change), under the map as it is now, so
 * a patch set that passed when pushed shows what a later map refuses. Verdicts come from the plugin's cache. 404 off
 * platform branches, 409 when {@code lanes.config} is invalid.
 */
@Singleton
public class GetPolicy implements RestReadView<RevisionResource> {
  private final PlatformMaps platformMaps;
  private final GitRepositoryManager repositories;
  private final LaneGuard guard;

  @Inject
  GetPolicy(
      PlatformMaps platformMaps,
      GitRepositoryManager repositories,
      LaneGuard guard) {
    this.platformMaps = platformMaps;
    this.repositories = repositories;
    this.guard = guard;
  }

  @Override
  public Response<PolicyInfo> apply(RevisionResource resource)
      throws ResourceConflictException, ResourceNotFoundException, IOException {
    ChangePlatform platform = ChangePlatform.of(platformMaps, resource);
    String ref = resource.getChange().getDest().branch();
    LaneGuard.Decision decision;
    try (Repository repo = repositories.openRepository(resource.getProject());
        RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(resource.getPatchSet().commitId());
      Ref tip = repo.exactRef(ref);
      ObjectId tipId = tip == null ? null : tip.getObjectId();
      decision =
          guard.decide(
                  platform.map(),
                  ref,
                  "submitting",
                  walk.getObjectReader(),
                  () -> Range.change(walk, commit, tipId))
              .orElseThrow();
    }
    PolicyInfo info = new PolicyInfo();
    info.platform = platform.target().platform().name();
    info.passed = decision.passed() ? true : null;
    info.summary = decision.refusal().orElse(null);
    info.errors = problems(decision.errors());
    info.warnings = problems(decision.warnings());
    return Response.ok(info);
  }

  private static List<PolicyInfo.ProblemInfo> problems(List<String> lines) {
    return lines.isEmpty() ? null : lines.stream().map(PolicyInfo.ProblemInfo::of).toList();
  }
}
