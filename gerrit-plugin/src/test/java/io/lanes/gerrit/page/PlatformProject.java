package io.lanes.gerrit.page;

import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A project on the real Gerrit daemon set up as a Lanes project is, through REST and git over HTTP as the admin:
 * the labels and permissions of the gate, a platform map in {@code refs/meta/config}, platform branches, changes.
 */
final class PlatformProject implements AutoCloseable {
  final String name;
  private final GerritDaemon gerrit;
  private final CredentialsProvider credentials;
  private final Git git;
  private final Path clone;

  private PlatformProject(String name, GerritDaemon gerrit, Git git, Path clone) {
    this.name = name;
    this.gerrit = gerrit;
    this.credentials = new UsernamePasswordCredentialsProvider(gerrit.user, gerrit.token);
    this.git = git;
    this.clone = clone;
  }

  /** A new project {@code prefix-<unique>} with Verified and Lanes-Override, cloned into {@code work}. */
  static PlatformProject create(GerritDaemon gerrit, String prefix, Path work) throws Exception {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    gerrit.rest("PUT", "/projects/" + name, "{\"create_empty_commit\": true}");
    String admins = gerrit.rest("GET", "/groups/Administrators", null).getAsJsonObject().get("id").getAsString();
    gerrit.rest("POST", "/projects/" + name + "/access",
        "{\"add\": {\"refs/meta/config\": {\"permissions\": {\"push\": {\"rules\": {\"" + admins
            + "\": {\"action\": \"ALLOW\"}}}}}}}");
    for (String label : List.of("Verified", "Lanes-Override")) {
      gerrit.rest("PUT", "/projects/" + name + "/labels/" + label,
          "{\"values\": {\"+1\": \"yes\", \" 0\": \"no vote\", \"-1\": \"no\"}, \"function\": \"NoBlock\"}");
      gerrit.rest("POST", "/projects/" + name + "/access",
          "{\"add\": {\"refs/heads/*\": {\"permissions\": {\"label-" + label + "\": {\"rules\": {\"" + admins
              + "\": {\"action\": \"ALLOW\", \"min\": -1, \"max\": 1}}}}}}}");
    }
    Path clone = work.resolve(name);
    Git git =
        Git.cloneRepository()
            .setURI(gerrit.url + "/a/" + name)
            .setCredentialsProvider(new UsernamePasswordCredentialsProvider(gerrit.user, gerrit.token))
            .setDirectory(clone.toFile())
            .call();
    return new PlatformProject(name, gerrit, git, clone);
  }

  /** Pushes {@code map} as {@code lanes.config} straight to {@code refs/meta/config}. */
  void pushMap(String map) throws Exception {
    checkout("refs/meta/config");
    Files.writeString(clone.resolve("lanes.config"), map);
    commit("Set the platform map", null);
    push("HEAD:refs/meta/config");
  }

  /** Creates {@code platform/<name>} from master over REST. */
  void createPlatformBranch(String platform) throws Exception {
    gerrit.rest("PUT", "/projects/" + name + "/branches/" + GerritDaemon.encode("platform/" + platform),
        "{\"revision\": \"master\"}");
  }

  /** Pushes a change for review to {@code branch} with {@code path} holding {@code content}; its number. */
  int pushChange(String branch, String subject, String path, String content) throws Exception {
    checkout("refs/heads/" + branch);
    Path file = clone.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    String changeId =
        "I" + HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-1").digest((name + subject).getBytes(StandardCharsets.UTF_8)));
    commit(subject, changeId);
    push("HEAD:refs/for/" + branch);
    return gerrit.rest("GET", "/changes/?q=change:" + changeId, null)
        .getAsJsonArray().get(0).getAsJsonObject().get("_number").getAsInt();
  }

  /** Votes {@code labels} (a JSON object) on the change's current patch set as the admin. */
  void review(int change, String labels) throws Exception {
    gerrit.rest("POST", "/changes/" + change + "/revisions/current/review", "{\"labels\": " + labels + "}");
  }

  /** Submits the change as the admin. */
  void submit(int change) throws Exception {
    gerrit.rest("POST", "/changes/" + change + "/submit", "{}");
  }

  /**
   * Reports a stage result (a JSON object) for the change's current patch set, as the Zuul jobs do; the admin joins
   * the reporting group first ({@code Service Users}, the plugin's default {@code reportingGroup}).
   */
  void report(int change, String result) throws Exception {
    gerrit.rest("PUT", "/groups/" + GerritDaemon.encode("Service Users") + "/members/admin", "{}");
    gerrit.rest("POST", "/changes/" + change + "/revisions/current/lanes~results", result);
  }

  /** Reports a platform's stage result (backup, drill; a JSON object with {@code platform}), as the Zuul jobs do. */
  void reportPlatform(String result) throws Exception {
    gerrit.rest("PUT", "/groups/" + GerritDaemon.encode("Service Users") + "/members/admin", "{}");
    gerrit.rest("POST", "/projects/" + name + "/lanes~platform-results", result);
  }

  /** A Deployment of {@code image}, as the lane policy reads manifests. */
  static String deployment(String image) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\nspec:\n  template:\n    spec:\n"
        + "      containers:\n        - name: lms\n          image: " + image + "\n";
  }

  private void checkout(String ref) throws Exception {
    git.fetch().setCredentialsProvider(credentials).setRefSpecs(new RefSpec("+" + ref + ":refs/lanes/fetched")).call();
    git.checkout().setName("refs/lanes/fetched").call();
  }

  private void commit(String subject, String changeId) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent admin = new PersonIdent("Administrator", "admin@example.com");
    git.commit()
        .setMessage(subject + (changeId == null ? "" : "\n\nChange-Id: " + changeId + "\n"))
        .setAuthor(admin)
        .setCommitter(admin)
        .setSign(false)
        .call();
  }

  private void push(String refSpec) throws Exception {
    for (PushResult result :
        git.push().setCredentialsProvider(credentials).setRefSpecs(new RefSpec(refSpec)).call()) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        assertWithMessage(refSpec + ": " + result.getMessages())
            .that(update.getStatus())
            .isEqualTo(RemoteRefUpdate.Status.OK);
      }
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
