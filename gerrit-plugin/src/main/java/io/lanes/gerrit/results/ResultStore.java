package io.lanes.gerrit.results;

import com.google.gerrit.entities.PatchSet;
import com.google.gerrit.entities.Project;
import com.google.gerrit.json.OutputFormat;
import com.google.gerrit.server.git.GitRepositoryManager;
import com.google.gerrit.server.update.context.RefUpdateContext;
import com.google.gson.Gson;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The stage results of each patch set, kept where Gerrit keeps its own data: in the project's repository, one ref per
 * patch set, {@code refs/lanes/results/<NN>/<change>/<patch set>} ({@code NN} the change number's last two digits, as
 * Gerrit shards {@code refs/changes/}), whose commit holds one {@code <stage>.json} per reported stage; and the
 * results of each platform that belong to no patch set (its backups and drills) in {@code
 * refs/lanes/platforms/<platform>}. Each report is
 * a new commit on that ref (its history is the reports' history), so the results replicate with the repository and
 * survive restarts; nothing lives on the server's disk outside git.
 */
@Singleton
public class ResultStore {
  /** Where the patch sets' results refs live. */
  public static final String REFS_RESULTS = "refs/lanes/results/";

  /** Where the platforms' own results refs live (backups, drills). */
  public static final String REFS_PLATFORMS = "refs/lanes/platforms/";

  private static final Gson GSON = OutputFormat.JSON_COMPACT.newGson();
  private static final int ATTEMPTS = 3;

  private final GitRepositoryManager repositories;

  @Inject
  ResultStore(GitRepositoryManager repositories) {
    this.repositories = repositories;
  }

  /** The ref of {@code patchSet}'s results. */
  public static String refName(PatchSet.Id patchSet) {
    int change = patchSet.changeId().get();
    return String.format("%s%02d/%d/%d", REFS_RESULTS, change % 100, change, patchSet.get());
  }

  /** The ref of {@code platform}'s own results (its backups and drills). */
  public static String refName(String platform) {
    return REFS_PLATFORMS + platform;
  }

  /** Every stage reported for {@code patchSet}, in {@link StageResults#STAGES} order; empty when none. */
  public Map<String, StageResultInfo> read(Project.NameKey project, PatchSet.Id patchSet) throws IOException {
    return readRef(project, refName(patchSet), StageResults.STAGES);
  }

  /** Every stage reported for {@code platform}, in {@link StageResults#PLATFORM_STAGES} order; empty when none. */
  public Map<String, StageResultInfo> read(Project.NameKey project, String platform) throws IOException {
    return readRef(project, refName(platform), StageResults.PLATFORM_STAGES);
  }

  /** Stores {@code result} as {@code patchSet}'s result for its stage, replacing an earlier one of that stage. */
  public void write(Project.NameKey project, PatchSet.Id patchSet, StageResultInfo result, PersonIdent who)
      throws IOException {
    writeRef(project, refName(patchSet), result, who);
  }

  /** Stores {@code result} as {@code platform}'s result for its stage, replacing an earlier one of that stage. */
  public void write(Project.NameKey project, String platform, StageResultInfo result, PersonIdent who)
      throws IOException {
    writeRef(project, refName(platform), result, who);
  }

  private Map<String, StageResultInfo> readRef(Project.NameKey project, String refName, List<String> stages)
      throws IOException {
    Map<String, StageResultInfo> results = new LinkedHashMap<>();
    try (Repository repo = repositories.openRepository(project);
        RevWalk walk = new RevWalk(repo)) {
      Ref ref = repo.exactRef(refName);
      if (ref == null) {
        return results;
      }
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      for (String stage : stages) {
        try (TreeWalk file = TreeWalk.forPath(repo, stage + ".json", commit.getTree())) {
          if (file != null) {
            String json = new String(repo.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            results.put(stage, GSON.fromJson(json, StageResultInfo.class));
          }
        }
      }
    }
    return results;
  }

  private void writeRef(Project.NameKey project, String refName, StageResultInfo result, PersonIdent who)
      throws IOException {
    byte[] json = GSON.toJson(result).getBytes(StandardCharsets.UTF_8);
    // Gerrit 3.13 refuses a ref update outside a declared context: this one is a plugin's own ref.
    try (RefUpdateContext context = RefUpdateContext.open(RefUpdateContext.RefUpdateType.PLUGIN);
        Repository repo = repositories.openRepository(project);
        ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = repo.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      for (int attempt = 1; ; attempt++) {
        Ref old = repo.exactRef(refName);
        ObjectId oldId = old == null ? ObjectId.zeroId() : old.getObjectId();
        DirCache tree =
            old == null ? DirCache.newInCore() : DirCache.read(reader, walk.parseCommit(oldId).getTree());
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, json);
        DirCacheEditor editor = tree.editor();
        editor.add(
            new DirCacheEditor.PathEdit(result.stage + ".json") {
              @Override
              public void apply(DirCacheEntry entry) {
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob);
              }
            });
        editor.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree.writeTree(inserter));
        if (old != null) {
          commit.setParentId(oldId);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(result.stage + ": " + result.status + "\n\n" + result.summary + "\n");
        ObjectId commitId = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repo.updateRef(refName);
        update.setExpectedOldObjectId(oldId);
        update.setNewObjectId(commitId);
        update.setRefLogIdent(who);
        update.setRefLogMessage("lanes: " + result.stage + " result", false);
        RefUpdate.Result outcome = update.update(walk);
        switch (outcome) {
          case NEW, FAST_FORWARD -> {
            return;
          }
          case LOCK_FAILURE -> {
            if (attempt == ATTEMPTS) {
              throw new IOException("lanes: " + refName + " changed under " + ATTEMPTS + " attempts to store a result");
            }
          }
          default -> throw new IOException("lanes: cannot store a result in " + refName + ": " + outcome);
        }
      }
    }
  }
}
