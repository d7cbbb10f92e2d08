package io.lanes.gerrit.results;

import com.google.gerrit.entities.AccountGroup;
import com.google.gerrit.entities.GroupReference;
import com.google.gerrit.extensions.restapi.AuthException;
import com.google.gerrit.extensions.restapi.BadRequestException;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestModifyView;
import com.google.gerrit.server.CurrentUser;
import com.google.gerrit.server.account.GroupBackend;
import com.google.gerrit.server.account.GroupBackends;
import com.google.gerrit.server.change.RevisionResource;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.LanesSettings;
import io.lanes.gerrit.config.PlatformMaps;
import java.io.IOException;
import io.lanes.gerrit.submit.TimeSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code POST /changes/{change}/revisions/{revision}/lanes~results}: a Zuul job reports one stage (render, images,
 * deploy, backup) of a patch set on a platform's branch. Only members of the reporting group ({@code
 * plugin.lanes.reportingGroup}, the Zuul service user's group) may; the report is validated whole (400 naming every
 * field at fault) and stored by {@link ResultStore}, replacing the stage's earlier report.
 */
@Singleton
public class PostResult implements RestModifyView<RevisionResource, StageResultInput> {
  private final ResultStore store;
  private final LanesSettings settings;
  private final GroupBackend groupBackend;
  private final PlatformMaps platformMaps;
  private final TimeSource timeSource;

  @Inject
  PostResult(
      ResultStore store,
      LanesSettings settings,
      GroupBackend groupBackend,
      PlatformMaps platformMaps,
      TimeSource timeSource) {
    this.store = store;
    this.settings = settings;
    this.groupBackend = groupBackend;
    this.platformMaps = platformMaps;
    this.timeSource = timeSource;
  }

  @Override
  public Response<StageResultInfo> apply(RevisionResource resource, StageResultInput input)
      throws AuthException, BadRequestException, ResourceConflictException, IOException, NoSuchProjectException {
    CurrentUser user = resource.getUser();
    String group = settings.reportingGroup();
    Optional<AccountGroup.UUID> reporters =
        Optional.ofNullable(GroupBackends.findExactSuggestion(groupBackend, group)).map(GroupReference::getUUID);
    if (!user.isIdentifiedUser()
        || reporters.isEmpty()
        || !user.getEffectiveGroups().contains(reporters.get())) {
      throw new AuthException(
          "lanes: only members of " + group + " report stage results (plugin.lanes." + LanesSettings.KEY_REPORTING_GROUP
              + ")");
    }
    BranchLane lane = platformMaps.snapshot(resource.getProject()).lane(resource.getChange().getDest().branch());
    if (lane.kind() != BranchLane.Kind.PLATFORM) {
      throw new ResourceConflictException(
          "change " + resource.getChange().getChangeId() + " is on " + resource.getChange().getDest().shortName()
              + ", which is not a platform's branch: Lanes keeps no stage results for it");
    }
    List<String> problems = StageResults.problems(input);
    if (!problems.isEmpty()) {
      throw new BadRequestException("lanes: invalid stage result:\n" + String.join("\n", problems));
    }
    StageResultInfo result = new StageResultInfo();
    result.stage = input.stage;
    result.status = input.status;
    result.summary = input.summary;
    result.url = input.url;
    result.items = input.items == null || input.items.isEmpty() ? null : List.copyOf(input.items);
    result.release = input.release;
    result.reportedBy = user.asIdentifiedUser().getLoggableName();
    Instant now = timeSource.now();
    result.reportedAt = now.toString();
    PersonIdent who =
        new PersonIdent(user.asIdentifiedUser().getName(), "lanes@" + resource.getProject().get(), now, ZoneOffset.UTC);
    store.write(resource.getProject(), resource.getPatchSet().id(), result, who);
    return Response.ok(result);
  }
}
