package io.lanes.gerrit.config;

import com.google.gerrit.entities.Project;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The platform map of one project as one state of its {@code refs/meta/config} holds it: {@code lanes.config} read
 * once, with its problems. Immutable; {@link PlatformMaps} gives every entry point of the plugin (push and ref
 * validation, the submit rule, the checks at submit, the REST API) the same snapshot for the same project state.
 */
public final class PlatformMapSnapshot {
  private final Project.NameKey project;
  private final Optional<ObjectId> revision;
  private final PlatformMapReader.Result read;

  PlatformMapSnapshot(Project.NameKey project, Optional<ObjectId> revision, PlatformMapReader.Result read) {
    this.project = project;
    this.revision = revision.map(ObjectId::copy);
    this.read = read;
  }

  /** The project. */
  public Project.NameKey project() {
    return project;
  }

  /** The commit of {@code refs/meta/config} the map was read from; empty when the project state names none. */
  public Optional<ObjectId> revision() {
    return revision;
  }

  /** The map; partial while it has {@link #problems()}, empty when the project has no {@code lanes.config}. */
  public PlatformMap map() {
    return read.map();
  }

  /** The map's problems; none when it is valid. */
  public List<ConfigProblem> problems() {
    return read.problems();
  }

  /** Whether the map has no problem. */
  public boolean valid() {
    return read.problems().isEmpty();
  }

  /**
   * This snapshot when the map is valid; for the REST API, a 409 listing the map's problems otherwise (one wording,
   * {@link InvalidMap#conflict}, for every view).
   */
  public PlatformMapSnapshot validOrConflict() throws ResourceConflictException {
    if (!valid()) {
      throw new ResourceConflictException(InvalidMap.conflict(problems()));
    }
    return this;
  }

  /** What {@code ref} ({@code refs/heads/...} or {@code refs/meta/config}) is to Lanes under this map. */
  public BranchLane lane(String ref) {
    return BranchLane.of(read, ref);
  }

  @Override
  public String toString() {
    return "PlatformMapSnapshot{" + project + " at " + revision.map(ObjectId::name).orElse("no revision") + "}";
  }
}
