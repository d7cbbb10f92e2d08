package io.lanes.steps.config;

import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.text.InputText;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a step reads the platform map from: a file, or a git repository's {@code refs/meta/config}. */
public final class PlatformMapOptions {
  /** The ref that holds {@code lanes.config} in a Gerrit project. */
  public static final String REFS_META_CONFIG = "refs/meta/config";

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--config", paramLabel = "FILE", description = "The platform map, a lanes.config file.")
    Path file;

    @Option(
        names = "--config-ref",
        paramLabel = "REPO",
        description = "A git repository (bare or not) whose " + REFS_META_CONFIG + " holds lanes.config.")
    Path repository;
  }

  /** The valid map, or a configuration error listing every problem with its source and dotted key. */
  public PlatformMap load() {
    if (source.file != null) {
      return parse(source.file.toString(), readFile(source.file));
    }
    String where = source.repository + " " + REFS_META_CONFIG + ":" + LanesConfig.FILE_NAME;
    return parse(where, readFromRepository(source.repository, where));
  }

  /** The map's text as read, unparsed (for objects that carry the map, such as the backup CronJob's ConfigMap). */
  public String text() {
    if (source.file != null) {
      return readFile(source.file);
    }
    return readFromRepository(source.repository, source.repository + " " + REFS_META_CONFIG + ":" + LanesConfig.FILE_NAME);
  }

  /** Parses {@code text}; every problem becomes one line {@code <where>: <key>: <message>}. */
  public static PlatformMap parse(String where, String text) {
    PlatformMapReader.Result result = PlatformMapReader.read(text);
    if (!result.problems().isEmpty()) {
      throw StepException.configuration(
          String.join("\n", result.problems().stream().map(p -> where + ": " + p).toList()));
    }
    return result.map();
  }

  /**
   * The text of {@code file}, or a configuration error naming it: also when it is larger than {@link
   * InputText#MAX_YAML_CHARACTERS} bytes (it is not read then), binary, or not UTF-8.
   */
  public static String readFile(Path file) {
    try {
      long size = Files.size(file);
      if (size > InputText.MAX_YAML_CHARACTERS) {
        throw StepException.configuration(
            file + ": too large: " + size + " bytes, more than the limit of " + InputText.MAX_YAML_CHARACTERS);
      }
      String text = InputText.decode(Files.readAllBytes(file));
      InputText.problem(text, InputText.MAX_YAML_CHARACTERS)
          .ifPresent(problem -> {
            throw StepException.configuration(file + ": " + problem);
          });
      return text;
    } catch (NoSuchFileException e) {
      throw StepException.configuration(file + ": no such file");
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String readFromRepository(Path path, String where) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(path.toFile()).setMustExist(true);
    if (builder.getGitDir() == null) {
      builder.setGitDir(path.toFile());
    }
    try (Repository repository = builder.build();
        RevWalk walk = new RevWalk(repository)) {
      ObjectId head = repository.resolve(REFS_META_CONFIG);
      if (head == null) {
        throw StepException.configuration(path + ": has no " + REFS_META_CONFIG);
      }
      RevCommit commit = walk.parseCommit(head);
      try (TreeWalk tree = TreeWalk.forPath(repository, LanesConfig.FILE_NAME, commit.getTree())) {
        if (tree == null) {
          throw StepException.configuration(where + ": no such file");
        }
        ObjectLoader blob = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
        if (blob.getSize() > InputText.MAX_CONFIG_CHARACTERS) {
          throw StepException.configuration(
              where + ": too large: " + blob.getSize() + " bytes, more than the limit of "
                  + InputText.MAX_CONFIG_CHARACTERS);
        }
        return InputText.decode(blob.getBytes());
      }
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw StepException.configuration(path + ": not a git repository");
    } catch (IOException e) {
      throw StepException.configuration(where + ": cannot read: " + e.getMessage(), e);
    }
  }
}
