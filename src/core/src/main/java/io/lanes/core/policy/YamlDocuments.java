package io.lanes.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Multi-document YAML with the line where each node starts. Custom tags (Zuul's {@code !encrypted/pkcs1-oaep},
 * {@code !override}, {@code !inherit}, {@code !unsafe}) read as their plain value; duplicate keys are errors.
 */
final class YamlDocuments {
  /** Immutable and shared: building settings per file cost as much as parsing a small manifest. */
  private static final LoadSettings SETTINGS = LoadSettings.builder().setAllowDuplicateKeys(false).build();

  private YamlDocuments() {}

  /** Every document's root node, in order; empty documents are left out. */
  static List<Node> compose(String file, String yamlText) throws ManifestSyntaxException {
    List<Node> nodes = new ArrayList<>();
    try {
      for (Node node : new Compose(SETTINGS).composeAllFromString(yamlText)) {
        if (node != null) {
          nodes.add(node);
        }
      }
    } catch (YamlEngineException e) {
      throw syntax(file, e);
    }
    return nodes;
  }

  /** The plain value of a node: maps with string keys, lists, strings, numbers, booleans, null. */
  static Object construct(String file, Node node) throws ManifestSyntaxException {
    try {
      return plain(new TolerantConstructor(SETTINGS).constructSingleDocument(Optional.of(node)));
    } catch (YamlEngineException e) {
      throw syntax(file, e);
    }
  }

  /** The 1-based line where {@code node} starts, or 0 when unknown. */
  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private static ManifestSyntaxException syntax(String file, YamlEngineException e) {
    if (e instanceof MarkedYamlEngineException marked) {
      int line = marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      String problem = marked.getProblem() == null ? "" : marked.getProblem();
      if (marked.getContext() != null && !marked.getContext().isBlank()) {
        problem = marked.getContext() + "; " + problem;
      }
      return new ManifestSyntaxException(file, line, oneLine(problem));
    }
    return new ManifestSyntaxException(file, 0, oneLine(String.valueOf(e.getMessage())));
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /** Maps with any key type become maps with string keys, recursively. */
  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(plain(item));
      }
      return copy;
    }
    return value;
  }

  /** The standard constructor, reading nodes with an unknown tag as if they had none. */
  private static final class TolerantConstructor extends StandardConstructor {
    TolerantConstructor(LoadSettings settings) {
      super(settings);
    }

    @Override
    protected Optional<ConstructNode> findConstructorFor(Node node) {
      Optional<ConstructNode> known = super.findConstructorFor(node);
      if (known.isPresent() || isStandard(node.getTag())) {
        return known;
      }
      return Optional.of(this::constructUntagged);
    }

    private static boolean isStandard(Tag tag) {
      return tag.getValue().startsWith(Tag.PREFIX);
    }

    private Object constructUntagged(Node node) {
      if (node instanceof ScalarNode scalar) {
        return constructScalar(scalar);
      }
      if (node instanceof SequenceNode sequence) {
        return constructSequence(sequence);
      }
      return constructMapping((MappingNode) node);
    }
  }
}
