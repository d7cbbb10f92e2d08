package io.lanes.gerrit;

import com.google.gerrit.acceptance.GitUtil;
import com.google.gerrit.acceptance.LightweightPluginDaemonTest;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.RefNames;
import java.util.Map;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.Repository;

/** The plugin on a real in-process Gerrit, with helpers to set the platform map and push to platform branches. */
public abstract class LanesDaemonTest extends LightweightPluginDaemonTest {
  /** acme (protected, owned by Administrators, frozen over Christmas 2026) and globex. */
  protected static final String MAP =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
        protected = true
        ownerGroup = Administrators
        freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z
      [platform "globex"]
        namespace = openedx-globex
        cluster = prod
        allowedImage = docker.io/library/redis:
      [cluster "prod"]
        server = https://10.0.0.10:6443
      """;

  protected static final String CLEAN_MANIFEST =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: lms
      spec:
        template:
          spec:
            containers:
              - name: lms
                image: localhost:5000/acme/openedx:change-1-ps-1
      """;

  /** Pushes {@code text} as {@code lanes.config} straight to {@code refs/meta/config}. */
  protected PushOneCommit.Result pushMap(String text) throws Exception {
    GitUtil.fetch(testRepo, RefNames.REFS_CONFIG + ":" + RefNames.REFS_CONFIG);
    testRepo.reset(RefNames.REFS_CONFIG);
    return pushFactory
        .create(admin.newIdent(), testRepo, "Set the platform map", "lanes.config", text)
        .to(RefNames.REFS_CONFIG);
  }

  /**
   * Writes {@code text} as {@code lanes.config} straight into the repository, past push validation (which refuses an
   * invalid map), as a map written before the plugin was installed, or by an older version of it, would be.
   */
  protected void writeMapBypassingValidation(String text) throws Exception {
    try (Repository repo = repoManager.openRepository(project);
        TestRepository<Repository> serverRepo = new TestRepository<>(repo)) {
      serverRepo.branch(RefNames.REFS_CONFIG).commit().add("lanes.config", text).create();
    }
    projectCache.evictAndReindex(project);
  }

  /** Creates {@code platform/<name>} from the project's initial commit and checks it out in {@code testRepo}. */
  protected void createPlatformBranch(String name) throws Exception {
    createBranch(BranchNameKey.create(project, "platform/" + name));
    checkout("platform/" + name);
  }

  /** Resets {@code testRepo} to the server's {@code branch}. */
  protected void checkout(String branch) throws Exception {
    GitUtil.fetch(testRepo, "refs/heads/" + branch + ":refs/heads/" + branch);
    testRepo.reset("refs/heads/" + branch);
  }

  /** Pushes one commit with {@code files} on top of {@code testRepo}'s HEAD to {@code ref}. */
  protected PushOneCommit.Result push(String ref, Map<String, String> files) throws Exception {
    return pushFactory.create(admin.newIdent(), testRepo, "Change the platform", files).to(ref);
  }
}
