package io.lanes.steps.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Finds where a rendered object came from: the file named by kustomize's {@code config.kubernetes.io/origin}
 * annotation, relative to the repository's root, and the line its document starts on there (for a generated object,
 * the line of its generator's {@code name:} in the kustomization). Each file is read once.
 */
final class SourceLocator {
  /** The annotation kustomize's {@code buildMetadata: [originAnnotations]} adds. */
  static final String ORIGIN = "config.kubernetes.io/origin";

  private static final Pattern NAME_LINE = Pattern.compile("^\\s*(?:-\\s+)?name:\\s*[\"']?([^\"'\\s#]+)");

  private final Path root;
  private final Path base;
  private final Map<Path, Map<String, Integer>> documentLines = new HashMap<>();
  private final Map<Path, List<String>> fileLines = new HashMap<>();

  /**
   * @param root the repository's root, which file names are relative to
   * @param base the directory the origin annotations' paths are relative to
   */
  SourceLocator(Path root, Path base) {
    this.root = root.toAbsolutePath().normalize();
    this.base = base;
  }

  /** The file and line of an object with this origin annotation, kind and name. */
  Source locate(String origin, String kind, String name) {
    String path = field(origin, "path");
    if (path != null) {
      Path file = base.resolve(path).normalize();
      return new Source(relative(file), documentLines(file).getOrDefault(kind + "/" + name, 1));
    }
    String configuredIn = field(origin, "configuredIn");
    if (configuredIn != null) {
      Path file = base.resolve(configuredIn).normalize();
      return new Source(relative(file), generatorLine(file, name));
    }
    return new Source("(unknown source)", 1);
  }

  /** A source file and line. */
  record Source(String file, int line) {}

  private String relative(Path file) {
    Path relative = file.startsWith(root) ? root.relativize(file) : file;
    return relative.toString().replace('\\', '/');
  }

  private static String field(String origin, String key) {
    if (origin == null) {
      return null;
    }
    for (String line : origin.split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    return null;
  }

  private Map<String, Integer> documentLines(Path file) {
    return documentLines.computeIfAbsent(file, SourceLocator::readDocumentLines);
  }

  private static Map<String, Integer> readDocumentLines(Path file) {
    Map<String, Integer> lines = new HashMap<>();
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
      Composer composer =
          new Composer(
              settings, new ParserImpl(settings, new StreamReader(settings, Files.readString(file, StandardCharsets.UTF_8))));
      while (composer.hasNext()) {
        Node document = composer.next();
        if (document instanceof MappingNode mapping) {
          String kind = scalar(mapping, "kind");
          Node metadata = value(mapping, "metadata");
          String name = metadata instanceof MappingNode m ? scalar(m, "name") : null;
          if (kind != null && name != null) {
            lines.putIfAbsent(kind + "/" + name, document.getStartMark().map(mark -> mark.getLine() + 1).orElse(1));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // kustomize read this file a moment ago; if it cannot be read again, comments fall on line 1
    }
    return lines;
  }

  private int generatorLine(Path file, String generatedName) {
    List<String> lines =
        fileLines.computeIfAbsent(
            file,
            f -> {
              try {
                return Files.readAllLines(f, StandardCharsets.UTF_8);
              } catch (IOException e) {
                return List.of();
              }
            });
    int best = 1;
    int bestLength = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher matcher = NAME_LINE.matcher(lines.get(i));
      if (matcher.find()) {
        String name = matcher.group(1);
        boolean matches = generatedName.equals(name) || generatedName.startsWith(name + "-");
        if (matches && name.length() > bestLength) {
          best = i + 1;
          bestLength = name.length();
        }
      }
    }
    return best;
  }

  private static Node value(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  private static String scalar(MappingNode mapping, String key) {
    return value(mapping, key) instanceof ScalarNode scalar ? scalar.getValue() : null;
  }
}
