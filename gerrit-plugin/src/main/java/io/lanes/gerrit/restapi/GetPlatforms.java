package io.lanes.gerrit.restapi;

import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.server.project.ProjectResource;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;

/**
 * {@code GET /projects/{project}/lanes~platforms}: the project's platform map. 409 with every problem, one per line,
 * when {@code lanes.config} is invalid.
 */
@Singleton
public class GetPlatforms implements RestReadView<ProjectResource> {
  private final PlatformMaps platformMaps;

  @Inject
  GetPlatforms(PlatformMaps platformMaps) {
    this.platformMaps = platformMaps;
  }

  @Override
  public Response<PlatformMapInfo> apply(ProjectResource resource) throws ResourceConflictException {
    PlatformMapSnapshot map = platformMaps.snapshot(resource.getProjectState()).validOrConflict();
    return Response.ok(PlatformMapInfo.of(map.map()));
  }
}
