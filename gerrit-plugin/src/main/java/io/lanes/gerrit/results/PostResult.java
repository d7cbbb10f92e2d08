package io.lanes.gerrit.results;

import com.google.gerrit.extensions.restapi.AuthException;
import com.google.gerrit.extensions.restapi.BadRequestException;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestModifyView;
import com.google.gerrit.server.change.RevisionResource;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;

/**
 * {@code POST /changes/{change}/revisions/{revision}/lanes~results}: a Zuul job reports one stage (render, images,
 * deploy, backup) of a patch set on a platform's branch. Only the reporting group may ({@link Reporting}); the report
 * is validated whole (400 naming every field at fault) and stored by {@link ResultStore}, replacing the stage's
 * earlier report.
 */
@Singleton
public class PostResult implements RestModifyView<RevisionResource, StageResultInput> {
  private final ResultStore store;
  private final Reporting reporting;
  private final PlatformMaps platformMaps;

  @Inject
  PostResult(ResultStore store, Reporting reporting, PlatformMaps platformMaps) {
    this.store = store;
    this.reporting = reporting;
    this.platformMaps = platformMaps;
  }

  @Override
  public Response<StageResultInfo> apply(RevisionResource resource, StageResultInput input)
      throws AuthException, BadRequestException, ResourceConflictException, IOException, NoSuchProjectException {
    reporting.checkReporter(resource.getUser());
    BranchLane lane = platformMaps.snapshot(resource.getProject()).lane(resource.getChange().getDest().branch());
    if (lane.kind() != BranchLane.Kind.PLATFORM) {
      throw new ResourceConflictException(
          "change " + resource.getChange().getChangeId() + " is on " + resource.getChange().getDest().shortName()
              + ", which is not a platform's branch: Lanes keeps no stage results for it");
    }
    StageResultInfo result = reporting.accept(input, StageResults.STAGES, resource.getUser());
    store.write(
        resource.getProject(),
        resource.getPatchSet().id(),
        result,
        Reporting.author(resource.getUser(), resource.getProject(), result));
    return Response.ok(result);
  }
}
