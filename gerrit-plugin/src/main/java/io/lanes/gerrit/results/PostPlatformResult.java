package io.lanes.gerrit.results;

import com.google.gerrit.extensions.restapi.AuthException;
import com.google.gerrit.extensions.restapi.BadRequestException;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestModifyView;
import com.google.gerrit.server.project.ProjectResource;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;

/**
 * {@code POST /projects/{project}/lanes~platform-results}: a Zuul job reports a stage of a platform that belongs to no
 * patch set, its scheduled backup or restore drill. Only the reporting group may ({@link Reporting}); the platform
 * must be in the map (400 otherwise, with the report's other problems); 409 while {@code lanes.config} is invalid.
 */
@Singleton
public class PostPlatformResult implements RestModifyView<ProjectResource, PlatformResultInput> {
  private final ResultStore store;
  private final Reporting reporting;
  private final PlatformMaps platformMaps;

  @Inject
  PostPlatformResult(ResultStore store, Reporting reporting, PlatformMaps platformMaps) {
    this.store = store;
    this.reporting = reporting;
    this.platformMaps = platformMaps;
  }

  @Override
  public Response<StageResultInfo> apply(ProjectResource resource, PlatformResultInput input)
      throws AuthException, BadRequestException, ResourceConflictException, IOException {
    reporting.checkReporter(resource.getUser());
    PlatformMapSnapshot map = platformMaps.snapshot(resource.getProjectState()).validOrConflict();
    String platform = input == null ? null : input.platform;
    if (platform == null || map.map().platform(platform).isEmpty()) {
      String problem =
          "platform: " + (platform == null ? "missing" : "\"" + platform + "\" is not in lanes.config")
              + " (known: " + String.join(", ", map.map().platforms().keySet()) + ")";
      try {
        reporting.accept(input, StageResults.PLATFORM_STAGES, resource.getUser());
      } catch (BadRequestException others) {
        throw new BadRequestException(others.getMessage() + "\n" + problem);
      }
      throw new BadRequestException("lanes: invalid stage result:\n" + problem);
    }
    StageResultInfo result = reporting.accept(input, StageResults.PLATFORM_STAGES, resource.getUser());
    store.write(
        resource.getNameKey(), platform, result, Reporting.author(resource.getUser(), resource.getNameKey(), result));
    return Response.ok(result);
  }
}
