package io.lanes.gerrit.config;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.gerrit.entities.CachedProjectConfig;
import com.google.gerrit.entities.Project;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.project.ProjectCache;
import com.google.gerrit.server.project.ProjectState;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform map of a project, {@code lanes.config} in its {@code refs/meta/config}, as a {@link
 * PlatformMapSnapshot} read once per project state: every entry point asks here, and the same state gives the same
 * snapshot, so a push, a submit or a REST call to a project whose map did not change parses nothing.
 *
 * <p>The snapshot is memoized on the state's {@link CachedProjectConfig}, the object Gerrit's project cache holds for
 * one revision of {@code refs/meta/config} and shares between every {@link ProjectState} it hands out for it (weakly,
 * by identity). When {@code refs/meta/config} moves, Gerrit's cache holds a new one, and the next call reads the new
 * map; the old snapshot goes with the old object. The plugin thus keeps no state of its own that could disagree with
 * Gerrit's, and works unchanged on replicas and multi-primary sites.
 */
@Singleton
public class PlatformMaps {
  private final ProjectCache projectCache;
  private final Cache<CachedProjectConfig, PlatformMapSnapshot> snapshots =
      CacheBuilder.newBuilder().weakKeys().build();
  private final AtomicLong reads = new AtomicLong();

  @Inject
  PlatformMaps(ProjectCache projectCache) {
    this.projectCache = projectCache;
  }

  /** The snapshot of {@code project}'s map as the project cache holds it now. */
  public PlatformMapSnapshot snapshot(Project.NameKey project) throws NoSuchProjectException {
    return snapshot(projectCache.get(project).orElseThrow(() -> new NoSuchProjectException(project)));
  }

  /** The snapshot of the map of {@code state}'s project at that state; an empty map without {@code lanes.config}. */
  public PlatformMapSnapshot snapshot(ProjectState state) {
    CachedProjectConfig config = state.getConfig();
    try {
      return snapshots.get(config, () -> read(state, config));
    } catch (ExecutionException e) {
      throw new IllegalStateException("lanes: cannot read the platform map of " + state.getName(), e.getCause());
    }
  }

  /** How many times a map was read since the plugin started: once per project state, not per call. */
  @VisibleForTesting
  public long reads() {
    return reads.get();
  }

  private PlatformMapSnapshot read(ProjectState state, CachedProjectConfig config) {
    reads.incrementAndGet();
    return new PlatformMapSnapshot(
        state.getNameKey(),
        config.getRevision(),
        PlatformMapReader.read(state.getConfig(LanesConfig.FILE_NAME).get()));
  }
}
