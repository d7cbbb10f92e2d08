package io.lanes.gerrit.restapi;

import com.google.gerrit.entities.Change;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.ResourceNotFoundException;
import com.google.gerrit.server.change.RevisionResource;
import com.google.gerrit.server.project.NoSuchProjectException;
import io.lanes.core.config.Target;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;

/**
 * Where a change's REST view finds its platform, the same way in every view: the project's map (404 when the project
 * is gone, 409 when the map is invalid) and the platform of the change's branch (404 off platform branches).
 *
 * @param map the project's valid map
 * @param target the platform the change's branch belongs to, with where it goes
 */
record ChangePlatform(PlatformMapSnapshot map, Target target) {
  static ChangePlatform of(PlatformMaps platformMaps, RevisionResource resource)
      throws ResourceNotFoundException, ResourceConflictException {
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(resource.getProject()).validOrConflict();
    } catch (NoSuchProjectException e) {
      throw new ResourceNotFoundException(resource.getProject().get(), e);
    }
    Change change = resource.getChange();
    BranchLane lane = map.lane(change.getDest().branch());
    if (lane.kind() != BranchLane.Kind.PLATFORM) {
      throw new ResourceNotFoundException(
          "change " + change.getChangeId() + " is on " + change.getDest().shortName() + ", which is not a platform's"
              + " branch");
    }
    return new ChangePlatform(map, lane.target().orElseThrow());
  }
}
