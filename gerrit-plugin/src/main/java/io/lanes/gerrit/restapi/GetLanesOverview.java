package io.lanes.gerrit.restapi;

import com.google.gerrit.entities.Project;
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
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.restapi.LanesOverviewInfo.OpenChangeInfo;
import io.lanes.gerrit.restapi.LanesOverviewInfo.PlatformLaneInfo;
import io.lanes.gerrit.results.ResultStore;
import io.lanes.gerrit.results.StageResultInfo;
import io.lanes.gerrit.submit.ChangeGate;
import io.lanes.gerrit.submit.GateState;
import io.lanes.gerrit.submit.TimeSource;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Comparator;

/**
 * {@code GET /projects/{project}/lanes~overview}: every platform of the project's map with its lane (branch,
 * namespace, cluster, registry), its gate (protected, owners, frozen now, the next freeze) and its open changes (at
 * most {@value #CHANGES_PER_PLATFORM}, newest first, those the caller can see), each with the gate's verdict now, and
 * the release deployed now (the newest passed deploy result among its {@value #MERGED_SEARCHED} newest merged
 * changes). What the plugin's Lanes page ({@code /plugins/lanes/static/lanes.html}) shows. 409 when {@code
 * lanes.config} is invalid.
 */
@Singleton
public class GetLanesOverview implements RestReadView<ProjectResource> {
  static final int CHANGES_PER_PLATFORM = 25;

  /** How many of a platform's newest merged changes are searched for the release deployed now. */
  static final int MERGED_SEARCHED = 10;

  private final PlatformMaps platformMaps;
  private final ChangeGate changeGate;
  private final TimeSource timeSource;
  private final Provider<ChangeQueryBuilder> queryBuilder;
  private final Provider<ChangeQueryProcessor> queryProcessor;
  private final ResultStore results;

  @Inject
  GetLanesOverview(
      PlatformMaps platformMaps,
      ChangeGate changeGate,
      TimeSource timeSource,
      Provider<ChangeQueryBuilder> queryBuilder,
      Provider<ChangeQueryProcessor> queryProcessor,
      ResultStore results) {
    this.platformMaps = platformMaps;
    this.changeGate = changeGate;
    this.timeSource = timeSource;
    this.queryBuilder = queryBuilder;
    this.queryProcessor = queryProcessor;
    this.results = results;
  }

  @Override
  public Response<LanesOverviewInfo> apply(ProjectResource resource)
      throws ResourceConflictException, BadRequestException, IOException {
    PlatformMapSnapshot map = platformMaps.snapshot(resource.getProjectState()).validOrConflict();
    Instant now = timeSource.now();
    LanesOverviewInfo info = new LanesOverviewInfo();
    info.project = resource.getName();
    info.now = now.toString();
    for (Platform platform : map.map().platforms().values()) {
      info.platforms.add(lane(resource.getName(), map.map().target(platform), now));
    }
    return Response.ok(info);
  }

  private PlatformLaneInfo lane(String project, Target target, Instant now)
      throws BadRequestException, IOException {
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
    release(project, platform.branch(), lane);
    Map<String, StageResultInfo> own = results.read(Project.nameKey(project), platform.name());
    lane.lastBackup = own.get("backup");
    lane.lastDrill = own.get("drill");
    QueryResult<ChangeData> open = changes("open", project, platform.branch(), CHANGES_PER_PLATFORM);
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

  /** The newest passed deploy with a release among the branch's newest merged changes (their current patch sets). */
  private void release(String project, String branch, PlatformLaneInfo lane) throws BadRequestException, IOException {
    for (ChangeData change : changes("merged", project, branch, MERGED_SEARCHED).entities()) {
      StageResultInfo deploy = results.read(change.project(), change.currentPatchSet().id()).get("deploy");
      if (deploy != null && "PASSED".equals(deploy.status) && deploy.release != null) {
        lane.release = deploy.release;
        lane.releaseChange = change.getId().get();
        return;
      }
    }
  }

  private QueryResult<ChangeData> changes(String status, String project, String branch, int limit)
      throws BadRequestException {
    try {
      return queryProcessor
          .get()
          .setUserProvidedLimit(limit)
          .query(
              queryBuilder
                  .get()
                  .parse("status:" + status + " project:\"" + project + "\" branch:\"" + branch + "\""));
    } catch (QueryParseException e) {
      throw new BadRequestException("cannot list the " + status + " changes of " + branch + ": " + e.getMessage(), e);
    }
  }
}
