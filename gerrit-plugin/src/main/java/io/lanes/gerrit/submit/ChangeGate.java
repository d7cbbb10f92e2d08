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
import com.google.gerrit.server.query.change.ChangeData;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.Platform;
import io.lanes.gerrit.config.LanesSettings;
import java.util.List;
import java.util.Optional;

/**
 * Reads a change's votes and who counts as the platform's owner from Gerrit, and asks {@link DeployGate}. A
 * platform's owners are the members of its {@code ownerGroup}; a platform without one is owned by the project's
 * owners (Gerrit's Owner permission on {@code refs/*}, and Administrators), never by any voter.
 */
@Singleton
public class ChangeGate {
  private final TimeSource timeSource;
  private final LanesSettings settings;
  private final GroupBackend groupBackend;
  private final IdentifiedUser.GenericFactory userFactory;
  private final PermissionBackend permissionBackend;

  @Inject
  ChangeGate(
      TimeSource timeSource,
      LanesSettings settings,
      GroupBackend groupBackend,
      IdentifiedUser.GenericFactory userFactory,
      PermissionBackend permissionBackend) {
    this.timeSource = timeSource;
    this.settings = settings;
    this.groupBackend = groupBackend;
    this.userFactory = userFactory;
    this.permissionBackend = permissionBackend;
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
