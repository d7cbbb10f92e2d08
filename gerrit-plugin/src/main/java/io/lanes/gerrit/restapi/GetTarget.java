package io.lanes.gerrit.restapi;

import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.ResourceNotFoundException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.server.change.RevisionResource;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.Target;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.submit.ChangeGate;
import io.lanes.gerrit.submit.GateState;

/**
 * {@code GET /changes/{change}/revisions/{revision}/lanes~target}: the platform, namespace, cluster, registry and
 * image tag a patch set builds, the freeze and the {@code Lanes-Deploy} gate. 404 when the change is not on a
 * platform branch, 409 when {@code lanes.config} is invalid.
 */
@Singleton
public class GetTarget implements RestReadView<RevisionResource> {
  private final PlatformMaps platformMaps;
  private final ChangeGate changeGate;
  private final ChangeData.Factory changeDataFactory;

  @Inject
  GetTarget(PlatformMaps platformMaps, ChangeGate changeGate, ChangeData.Factory changeDataFactory) {
    this.platformMaps = platformMaps;
    this.changeGate = changeGate;
    this.changeDataFactory = changeDataFactory;
  }

  @Override
  public Response<TargetInfo> apply(RevisionResource resource)
      throws ResourceConflictException, ResourceNotFoundException {
    Target target = ChangePlatform.of(platformMaps, resource).target();
    GateState state = changeGate.evaluate(changeDataFactory.create(resource.getNotes()), target.platform());
    return Response.ok(
        TargetInfo.of(
            target,
            resource.getChange().getChangeId(),
            resource.getPatchSet().id().get(),
            state));
  }
}
