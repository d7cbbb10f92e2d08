package io.lanes.gerrit.restapi;

import com.google.gerrit.extensions.restapi.BadRequestException;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.index.query.QueryParseException;
import com.google.gerrit.index.query.QueryResult;
import com.google.gerrit.server.project.ProjectResource;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.gerrit.server.query.change.ChangeQueryBuilder;
import com.google.gerrit.server.query.change.ChangeQueryProcessor;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import io.lanes.core.config.FreezeInterval;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.gerrit.config.InvalidMap;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.restapi.LanesOverviewInfo.OpenChangeInfo;
import io.lanes.gerrit.restapi.LanesOverviewInfo.PlatformLaneInfo;
import io.lanes.gerrit.submit.ChangeGate;
import io.lanes.gerrit.submit.GateState;
import io.lanes.gerrit.submit.TimeSource;
import java.time.Instant;
import java.util.Comparator;

/**
 * {@code GET /projects/{project}/lanes~overview}: every platform of the project's map with its lane (branch,
 * namespace, cluster, registry), its gate (protected, owners, frozen now, the next freeze) and its open changes (at
 * most {@value #CHANGES_PER_PLATFORM}, newest first, those the caller can see), each with the gate's verdict now. What
 * the plugin's Lanes page ({@code /plugins/lanes/static/lanes.html}) shows. 409 when {@code lanes.config} is invalid.
 */
@Singleton
public class GetLanesOverview implements RestReadView<ProjectResource> {
  static final int CHANGES_PER_PLATFORM = 25;

  private final PlatformMaps platformMaps;
  private final ChangeGate changeGate;
  private final TimeSource timeSource;
  private final Provider<ChangeQueryBuilder> queryBuilder;
  private final Provider<ChangeQueryProcessor> queryProcessor;

  @Inject
  GetLanesOverview(
      PlatformMaps platformMaps,
      ChangeGate changeGate,
      TimeSource timeSource,
      Provider<ChangeQueryBuilder> queryBuilder,
      Provider<ChangeQueryProcessor> queryProcessor) {
    this.platformMaps = platformMaps;
    this.changeGate = changeGate;
    this.timeSource = timeSource;
    this.queryBuilder = queryBuilder;
    this.queryProcessor = queryProcessor;
  }

  @Override
  public Response<LanesOverviewInfo> apply(ProjectResource resource)
      throws ResourceConflictException, BadRequestException {
    PlatformMapSnapshot map = platformMaps.snapshot(resource.getProjectState());
    if (!map.valid()) {
      throw new ResourceConflictException(InvalidMap.conflict(map.problems()));
    }
    Instant now = timeSource.now();
    LanesOverviewInfo info = new LanesOverviewInfo();
    info.project = resource.getName();
    info.now = now.toString();
    for (Platform platform : map.map().platforms().values()) {
      info.platforms.add(lane(resource.getName(), map.map().target(platform), now));
    }
    return Response.ok(info);
  }

  private PlatformLaneInfo lane(String project, Target target, Instant now) throws BadRequestException {
    Platform platform = target.platform();
    PlatformLaneInfo lane = new PlatformLaneInfo();
    lane.name = platform.name();
    lane.branch = platform.branch();
    lane.namespace = target.namespace();
    lane.cluster = target.cluster().name();
    lane.server = target.cluster().server();
    lane.registry = platform.registry();
    lane.isProtected = platform.isProtected() ? true : null;
    lane.owners = platform.ownerGroup().orElse("project owners");
    platform.freezeAt(now).ifPresent(f -> {
      lane.frozen = true;
      lane.frozenUntil = f.end().toString();
    });
    platform.freezes().stream()
        .filter(f -> f.start().isAfter(now))
        .min(Comparator.comparing(FreezeInterval::start))
        .ifPresent(f -> lane.nextFreeze = f.toString());
    QueryResult<ChangeData> open = openChanges(project, platform.branch());
    lane.moreChanges = open.more() ? true : null;
    for (ChangeData change : open.entities()) {
      GateState gate = changeGate.evaluate(change, platform);
      OpenChangeInfo item = new OpenChangeInfo();
      item.number = change.getId().get();
      item.subject = change.change().getSubject();
      item.gate = gate.deployable() ? "DEPLOYABLE" : gate.overridden() ? "OVERRIDDEN" : "BLOCKED";
      item.reasons = gate.reasons().isEmpty() ? null : gate.reasons();
      lane.openChanges.add(item);
    }
    return lane;
  }

  private QueryResult<ChangeData> openChanges(String project, String branch) throws BadRequestException {
    try {
      return queryProcessor
          .get()
          .setUserProvidedLimit(CHANGES_PER_PLATFORM)
          .query(queryBuilder.get().parse("status:open project:\"" + project + "\" branch:\"" + branch + "\""));
    } catch (QueryParseException e) {
      throw new BadRequestException("cannot list the open changes of " + branch + ": " + e.getMessage(), e);
    }
  }
}
