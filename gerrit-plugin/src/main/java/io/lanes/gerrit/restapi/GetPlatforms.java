package io.lanes.gerrit.restapi;

import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.ResourceNotFoundException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.project.ProjectResource;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
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
  public Response<PlatformMapInfo> apply(ProjectResource resource)
      throws ResourceConflictException, ResourceNotFoundException {
    PlatformMapReader.Result result;
    try {
      result = platformMaps.read(resource.getNameKey());
    } catch (NoSuchProjectException e) {
      throw new ResourceNotFoundException(resource.getName(), e);
    }
    if (!result.problems().isEmpty()) {
      throw new ResourceConflictException(
          LanesConfig.FILE_NAME
              + " is invalid:\n"
              + String.join("\n", result.problems().stream().map(ConfigProblem::toString).toList()));
    }
    return Response.ok(PlatformMapInfo.of(result.map()));
  }
}
