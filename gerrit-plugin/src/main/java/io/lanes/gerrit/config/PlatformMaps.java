package io.lanes.gerrit.config;

import com.google.gerrit.entities.Project;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.project.ProjectCache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;

/**
 * The platform map of a project, read from {@code lanes.config} in its {@code refs/meta/config}. Gerrit's project
 * cache holds the parsed file and drops it when {@code refs/meta/config} moves, so the plugin keeps no state of its
 * own and works unchanged on replicas and multi-primary sites.
 */
@Singleton
public class PlatformMaps {
  private final ProjectCache projectCache;

  @Inject
  PlatformMaps(ProjectCache projectCache) {
    this.projectCache = projectCache;
  }

  /** The project's map with its problems; an empty map when the project has no {@code lanes.config}. */
  public PlatformMapReader.Result read(Project.NameKey project) throws NoSuchProjectException {
    return PlatformMapReader.read(
        projectCache
            .get(project)
            .orElseThrow(() -> new NoSuchProjectException(project))
            .getConfig(LanesConfig.FILE_NAME)
            .get());
  }
}
