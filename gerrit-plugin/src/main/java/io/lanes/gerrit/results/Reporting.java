package io.lanes.gerrit.results;

import com.google.gerrit.entities.AccountGroup;
import com.google.gerrit.entities.GroupReference;
import com.google.gerrit.entities.Project;
import com.google.gerrit.extensions.restapi.AuthException;
import com.google.gerrit.extensions.restapi.BadRequestException;
import com.google.gerrit.server.CurrentUser;
import com.google.gerrit.server.account.GroupBackend;
import com.google.gerrit.server.account.GroupBackends;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.LanesSettings;
import io.lanes.gerrit.submit.TimeSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Who may report stage results (the reporting group, {@code plugin.lanes.reportingGroup}) and what a valid report
 * becomes: the one place both report endpoints (a patch set's stages, a platform's backups and drills) go through.
 */
@Singleton
public class Reporting {
  private final LanesSettings settings;
  private final GroupBackend groupBackend;
  private final TimeSource timeSource;

  @Inject
  Reporting(LanesSettings settings, GroupBackend groupBackend, TimeSource timeSource) {
    this.settings = settings;
    this.groupBackend = groupBackend;
    this.timeSource = timeSource;
  }

  /** Refuses anyone outside the reporting group, naming the group and the setting. */
  public void checkReporter(CurrentUser user) throws AuthException {
    String group = settings.reportingGroup();
    Optional<AccountGroup.UUID> reporters =
        Optional.ofNullable(GroupBackends.findExactSuggestion(groupBackend, group)).map(GroupReference::getUUID);
    if (!user.isIdentifiedUser() || reporters.isEmpty() || !user.getEffectiveGroups().contains(reporters.get())) {
      throw new AuthException(
          "lanes: only members of " + group + " report stage results (plugin.lanes."
              + LanesSettings.KEY_REPORTING_GROUP + ")");
    }
  }

  /** {@code input} as stored, reported by {@code user} now; 400 listing every problem when it is not valid. */
  public StageResultInfo accept(StageResultInput input, List<String> stages, CurrentUser user)
      throws BadRequestException {
    List<String> problems = StageResults.problems(input, stages);
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
    result.reportedAt = timeSource.now().toString();
    return result;
  }

  /** The author of the commit that stores {@code result} in {@code project}. */
  public static PersonIdent author(CurrentUser user, Project.NameKey project, StageResultInfo result) {
    return new PersonIdent(
        user.asIdentifiedUser().getName(), "lanes@" + project.get(), Instant.parse(result.reportedAt), ZoneOffset.UTC);
  }
}
