package io.lanes.steps.render;

import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.PodSpecs;
import io.lanes.core.policy.YamlLimits;
import io.lanes.core.text.InputText;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Where each rendered object came from, for messages and file comments: the YAML files of the kustomize tree are
 * read once (while kustomize runs) and every document with a {@code kind} and {@code metadata.name} is indexed at
 * the line it starts on. An object kustomize generated ({@code configMapGenerator}, {@code secretGenerator}: its name
 * is the generator's plus a hash) is placed on its generator's {@code name:} line in the kustomization. Anything else
 * (a name changed by {@code namePrefix}, an object from a remote base) falls back to the first line of the tree's
 * kustomization. File names are relative to the repository's root, with forward slashes.
 */
public final class SourceIndex {
  private static final Pattern NAME_LINE = Pattern.compile("^\\s*(?:-\\s+)?name:\\s*[\"']?([^\"'\\s#]+)");

  /**
   * A source file and line.
   *
   * @param file relative to the repository's root
   * @param line 1-based
   * @param fieldLines the lines of the fields {@link NotableChanges} names, where the document sets them
   */
  public record Source(String file, int line, Map<String, Integer> fieldLines) {
    public Source {
      fieldLines = Map.copyOf(fieldLines);
    }

    Source(String file, int line) {
      this(file, line, Map.of());
    }
  }

  private final Map<String, Source> documents = new HashMap<>();
  private final List<Generator> generators = new ArrayList<>();
  private final Source fallback;

  private record Generator(String name, Source source) {}

  private SourceIndex(Source fallback) {
    this.fallback = fallback;
  }

  /**
   * Reads every {@code .yml}/{@code .yaml} file under {@code tree}; unreadable files are skipped.
   *
   * @throws StepException exit 2, naming the file and the bound, for a file past Lanes' YAML bounds ({@link
   *     YamlLimits}: size, binary or invalid UTF-8, nesting depth, aliases): kustomize reads these files too
   */
  public static SourceIndex of(Path root, Path tree) {
    Path base = root.toAbsolutePath().normalize();
    Path kustomization = tree.resolve(Kustomize.KUSTOMIZATION_FILES.get(1));
    for (String name : Kustomize.KUSTOMIZATION_FILES) {
      if (Files.isRegularFile(tree.resolve(name))) {
        kustomization = tree.resolve(name);
      }
    }
    SourceIndex index = new SourceIndex(new Source(relative(base, kustomization), 1));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tree)) {
      files = walk.filter(Files::isRegularFile).filter(SourceIndex::isYaml).sorted().toList();
    } catch (IOException e) {
      return index;
    }
    for (Path file : files) {
      String name = relative(base, file);
      String text;
      try {
        long size = Files.size(file);
        if (size > InputText.MAX_YAML_CHARACTERS) {
          throw StepException.configuration(
              name + ": too large: " + size + " bytes, more than the limit of " + InputText.MAX_YAML_CHARACTERS);
        }
        text = InputText.decode(Files.readAllBytes(file));
      } catch (IOException e) {
        continue;
      }
      Optional<ManifestSyntaxException> limit = YamlLimits.check(name, text);
      if (limit.isPresent()) {
        throw StepException.configuration(limit.get().getMessage());
      }
      if (Kustomize.KUSTOMIZATION_FILES.contains(file.getFileName().toString())) {
        index.readGenerators(name, text);
      } else {
        index.readDocuments(name, text);
      }
    }
    return index;
  }

  /** Where the object {@code kind/name} came from. */
  public Source locate(String kind, String name) {
    Source source = documents.get(kind + "/" + name);
    if (source != null) {
      return source;
    }
    Generator best = null;
    for (Generator generator : generators) {
      if (name.startsWith(generator.name() + "-") && (best == null || generator.name().length() > best.name().length())) {
        best = generator;
      }
    }
    return best == null ? fallback : best.source();
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml") || name.equals("Kustomization");
  }

  private static String relative(Path base, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path relative = absolute.startsWith(base) ? base.relativize(absolute) : absolute;
    return relative.toString().replace('\\', '/');
  }

  private void readDocuments(String file, String text) {
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file).build();
      Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      while (composer.hasNext()) {
        Node document = composer.next();
        if (document instanceof MappingNode mapping) {
          String kind = scalar(mapping, "kind");
          String name = value(mapping, "metadata") instanceof MappingNode metadata ? scalar(metadata, "name") : null;
          if (kind != null && name != null) {
            documents.putIfAbsent(kind + "/" + name, new Source(file, line(document), fieldLines(kind, mapping)));
          }
        }
      }
    } catch (RuntimeException e) {
      // not YAML kustomize reads (Tutor's env holds application settings too): nothing to index
    }
  }

  private void readGenerators(String file, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher matcher = NAME_LINE.matcher(lines[i]);
      if (matcher.find()) {
        generators.add(new Generator(matcher.group(1), new Source(file, i + 1)));
      }
    }
  }

  /** The lines of the fields notable changes are about: spec.replicas, and each container's image and resources. */
  private static Map<String, Integer> fieldLines(String kind, MappingNode document) {
    Map<String, Integer> lines = new HashMap<>();
    if (value(document, "spec") instanceof MappingNode spec) {
      keyLine(spec, "replicas").ifPresent(line -> lines.put(NotableChanges.REPLICAS, line));
    }
    List<String> path = PodSpecs.PATHS.get(kind);
    if (path == null) {
      return lines;
    }
    Node podSpec = document;
    for (String key : path) {
      podSpec = podSpec instanceof MappingNode mapping ? value(mapping, key) : null;
    }
    if (!(podSpec instanceof MappingNode pod)) {
      return lines;
    }
    for (String list : PodSpecs.CONTAINER_LISTS) {
      if (value(pod, list) instanceof SequenceNode containers) {
        for (Node item : containers.getValue()) {
          if (item instanceof MappingNode container && scalar(container, "name") != null) {
            String name = scalar(container, "name");
            for (String field : List.of("image", "resources")) {
              keyLine(container, field)
                  .ifPresent(line -> lines.putIfAbsent(NotableChanges.containerField(name, field), line));
            }
          }
        }
      }
    }
    return lines;
  }

  /** The line of {@code key}'s key in {@code mapping}. */
  private static Optional<Integer> keyLine(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
        return Optional.of(line(k));
      }
    }
    return Optional.empty();
  }

  private static int line(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
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
