package io.lanes.gerrit.submit;

import com.google.gerrit.entities.Account;
import com.google.gerrit.entities.AccountGroup;
import com.google.gerrit.entities.GroupReference;
import com.google.gerrit.entities.PatchSetApproval;
import com.google.gerrit.entities.Project;
import com.google.gerrit.server.IdentifiedUser;
import com.google.gerrit.server.account.GroupBackend;
import com.google.gerrit.server.account.GroupBackends;
import com.google.gerrit.server.permissions.PermissionBackend;
import com.google.gerrit.server.permissions.ProjectPermission;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.Platform;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.InvalidMap;
import io.lanes.gerrit.config.LanesSettings;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import java.util.List;
import java.util.Optional;

/**
 * Reads a change's votes and who counts as the platform's owner from Gerrit, and asks {@link DeployGate}. A
 * platform's owners are the members of its {@code ownerGroup}; a platform without one is owned by the project's
 * owners (Gerrit's Owner permission on {@code refs/*}, and Administrators), never by any voter.
 */
@Singleton
public class ChangeGate {
  /** Why a change on a branch under {@code platform/} that no platform maps cannot deploy. */
  public static final String UNKNOWN_PLATFORM = "branch is under platform/ but no platform maps it";

  /** Why a change on a branch under {@code platform/} cannot deploy while the map declares no platform. */
  public static final String NO_PLATFORMS =
      LanesConfig.FILE_NAME + " in refs/meta/config maps no platform: platform/ branches are closed";

  private final TimeSource timeSource;
  private final LanesSettings settings;
  private final GroupBackend groupBackend;
  private final IdentifiedUser.GenericFactory userFactory;
  private final PermissionBackend permissionBackend;
  private final PlatformMaps platformMaps;

  @Inject
  ChangeGate(
      TimeSource timeSource,
      LanesSettings settings,
      GroupBackend groupBackend,
      IdentifiedUser.GenericFactory userFactory,
      PermissionBackend permissionBackend,
      PlatformMaps platformMaps) {
    this.timeSource = timeSource;
    this.settings = settings;
    this.groupBackend = groupBackend;
    this.userFactory = userFactory;
    this.permissionBackend = permissionBackend;
    this.platformMaps = platformMaps;
  }

  /**
   * The gate's state for {@code change} under its project's map now: empty when its branch is none of the gate's
   * business ({@code refs/meta/config}, a branch outside {@code platform/}); unsatisfied, with the reason, on a
   * closed branch under {@code platform/}.
   */
  public Optional<GateState> evaluate(ChangeData change) {
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(change.project());
    } catch (NoSuchProjectException e) {
      return Optional.empty();
    }
    BranchLane lane = map.lane(change.change().getDest().branch());
    return switch (lane.kind()) {
      case MAP, NONE -> Optional.empty();
      case UNKNOWN_PLATFORM -> Optional.of(closed(List.of(UNKNOWN_PLATFORM)));
      case NO_PLATFORMS -> Optional.of(closed(List.of(NO_PLATFORMS)));
      case INVALID_MAP -> Optional.of(closed(InvalidMap.gateReasons(map.problems())));
      case PLATFORM -> Optional.of(evaluate(change, lane.target().orElseThrow().platform()));
    };
  }

  /** The gate's state for {@code change} on {@code platform}'s branch, now. */
  public GateState evaluate(ChangeData change, Platform platform) {
    Optional<AccountGroup.UUID> owners =
        platform
            .ownerGroup()
            .map(name -> GroupBackends.findExactSuggestion(groupBackend, name))
            .map(GroupReference::getUUID);
    List<Vote> votes =
        change.currentApprovals().stream()
            .map(a -> vote(a, platform, owners, change.project()))
            .toList();
    return DeployGate.evaluate(platform, timeSource.now(), votes, settings.gateLabels());
  }

  private static GateState closed(List<String> reasons) {
    return new GateState(false, reasons, Optional.empty(), Optional.empty());
  }

  private Vote vote(
      PatchSetApproval approval, Platform platform, Optional<AccountGroup.UUID> owners, Project.NameKey project) {
    Account.Id id = approval.accountId();
    IdentifiedUser voter = userFactory.create(id);
    boolean byOwner =
        platform.ownerGroup().isPresent()
            ? owners.map(uuid -> voter.getEffectiveGroups().contains(uuid)).orElse(false)
            : permissionBackend.absentUser(id).project(project).testOrFalse(ProjectPermission.WRITE_CONFIG);
    return new Vote(approval.label(), approval.value(), voter.getLoggableName(), byOwner);
  }
}
