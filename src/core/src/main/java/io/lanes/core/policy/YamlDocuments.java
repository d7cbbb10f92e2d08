package io.lanes.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.ConstructorException;
import org.snakeyaml.engine.v2.exceptions.DuplicateKeyException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
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

  /**
   * The schema's scalar constructors (null, booleans, numbers, binary): stateless, so shared; the engine's own
   * constructor uses the same ones.
   */
  private static final Map<Tag, ConstructNode> SCHEMA_SCALARS = Map.copyOf(SETTINGS.getSchema().getSchemaTagConstructors());

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
      return new PlainValues().of(node);
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

  /**
   * Builds plain values straight from the node tree in one pass: maps with string keys, lists, and scalars. Strings,
   * maps and lists (the bulk of a manifest) are built here, numbers, booleans and null by the schema's own scalar
   * constructors; scalars with other tags and the rare collections the engine treats specially (sets, ordered maps)
   * go through the engine's constructor, so values are exactly what the engine would build. It
   * replaces constructing with the engine and then copying to string keys, which cost a quarter of a manifest's
   * parse (see docs/push-validation-benchmark.md).
   */
  private static final class PlainValues {
    /** Built on first use: most documents never need it. */
    private TolerantConstructor engine;
    /** Anchored nodes already built, so an alias shares its anchor's value as the engine would. */
    private Map<Node, Object> anchored;
    /** Anchored collections being built: an alias to one of them is a recursive structure. */
    private Set<Node> building;

    Object of(Node node) {
      if (node.getAnchor().isEmpty()) {
        return build(node);
      }
      if (anchored == null) {
        anchored = new IdentityHashMap<>();
        building = Collections.newSetFromMap(new IdentityHashMap<>());
      }
      if (anchored.containsKey(node)) {
        return anchored.get(node);
      }
      if (!building.add(node)) {
        throw new ConstructorException(
            null, Optional.empty(), "recursive alias " + node.getAnchor().get(), node.getStartMark());
      }
      Object value = build(node);
      building.remove(node);
      anchored.put(node, value);
      return value;
    }

    private Object build(Node node) {
      Tag tag = node.getTag();
      if (node instanceof ScalarNode scalar) {
        if (tag.equals(Tag.STR)) {
          return scalar.getValue();
        }
        ConstructNode schemaScalar = SCHEMA_SCALARS.get(tag);
        return schemaScalar != null ? schemaScalar.construct(scalar) : engine().scalar(scalar);
      }
      if (node instanceof SequenceNode sequence && isPlainCollection(tag, Tag.SEQ)) {
        List<Object> list = new ArrayList<>(sequence.getValue().size());
        for (Node item : sequence.getValue()) {
          list.add(of(item));
        }
        return list;
      }
      if (node instanceof MappingNode mapping && isPlainCollection(tag, Tag.MAP)) {
        return mapping(mapping);
      }
      return plain(engine().node(node));
    }

    private Map<String, Object> mapping(MappingNode mapping) {
      Map<String, Object> map = new LinkedHashMap<>();
      List<Node> merged = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (isMergeKey(keyNode)) {
          merged.add(tuple.getValueNode());
          continue;
        }
        String key = keyNode instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? s.getValue() : key(keyNode);
        if (map.containsKey(key)) {
          throw new DuplicateKeyException(mapping.getStartMark(), key, keyNode.getStartMark());
        }
        map.put(key, of(tuple.getValueNode()));
      }
      for (Node source : merged) {
        merge(map, source);
      }
      return map;
    }

    /**
     * Merges a {@code <<} value into {@code map} as kubectl and kustomize read it (YAML 1.1 merge keys): keys the
     * map sets itself win, and in a list of maps the earlier map wins. The engine reads YAML 1.2, where {@code <<}
     * is a plain key; reading it so here would let a manifest hide {@code hostNetwork: true} from the lane policy
     * behind a merge key that the cluster applies.
     */
    private void merge(Map<String, Object> map, Node source) {
      Object value = of(source);
      List<?> sources = value instanceof List<?> list ? list : List.of(value);
      for (Object item : sources) {
        if (!(item instanceof Map<?, ?> entries)) {
          throw new ConstructorException(
              "while constructing a mapping",
              Optional.empty(),
              "merge key << takes a map or a list of maps",
              source.getStartMark());
        }
        entries.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
      }
    }

    private static boolean isMergeKey(Node keyNode) {
      return keyNode instanceof ScalarNode s && s.isPlain() && s.getValue().equals("<<");
    }

    private TolerantConstructor engine() {
      if (engine == null) {
        engine = new TolerantConstructor(SETTINGS);
      }
      return engine;
    }

    private String key(Node keyNode) {
      return String.valueOf(of(keyNode));
    }

    /** A collection tagged as the plain kind, or with a tag the engine does not know (read as plain). */
    private static boolean isPlainCollection(Tag tag, Tag plain) {
      return tag.equals(plain) || !TolerantConstructor.isStandard(tag);
    }
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

    /** The engine's value of a scalar whose tag is not a plain string. */
    Object scalar(ScalarNode node) {
      return constructObject(node);
    }

    /** The engine's value of any node, for the collections {@link PlainValues} leaves to it. */
    Object node(Node node) {
      return constructSingleDocument(Optional.of(node));
    }

    static boolean isStandard(Tag tag) {
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
