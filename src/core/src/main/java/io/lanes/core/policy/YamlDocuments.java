package io.lanes.core.policy;

import io.lanes.core.text.InputText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.DuplicateKeyException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Multi-document YAML read into plain values (maps with string keys, lists, strings, numbers, booleans, null) with
 * the line where each document starts. Custom tags (Zuul's {@code !encrypted/pkcs1-oaep}, {@code !override}, {@code
 * !inherit}, {@code !unsafe}) read as their plain value; duplicate keys are errors; merge keys ({@code <<}) merge as
 * kubectl and kustomize read them.
 *
 * <p>Values are built straight from SnakeYAML Engine's parser events, in one pass: composing a node tree first and
 * constructing from it doubled the cost of a manifest (see docs/push-validation-benchmark.md). Scalars get the
 * engine's own tags and values: the schema's resolver and constructors.
 */
final class YamlDocuments {
  /** Immutable and shared: building settings per file cost as much as parsing a small manifest. */
  private static final LoadSettings SETTINGS = LoadSettings.builder().setAllowDuplicateKeys(false).build();

  /** The schema's scalar constructors (null, booleans, numbers, binary): stateless, so shared. */
  private static final Map<Tag, ConstructNode> SCHEMA_SCALARS =
      Map.copyOf(SETTINGS.getSchema().getSchemaTagConstructors());

  private static final ScalarResolver RESOLVER = SETTINGS.getSchema().getScalarResolver();

  /**
   * The first characters for which the JSON schema's resolver has a rule (booleans {@code tf}, numbers {@code
   * -0123456789.}, null {@code n}, environment {@code $}); any other non-empty plain scalar is a string. Checking
   * this first skips the resolver's regular expressions for most scalars.
   */
  private static final String RESOLVED_FIRST_CHARACTERS = "tf-0123456789.n$";

  private static final boolean JSON_SCHEMA = SETTINGS.getSchema() instanceof JsonSchema;

  /**
   * The most values one document may hold once its aliases are expanded. Aliases share their anchor's value, but
   * whatever walks the document (the policy, a diff) visits an alias as often as it appears: ten aliases to a list of
   * ten aliases, five levels deep, is already 100,000 values (a "billion laughs").
   */
  static final int MAX_EXPANDED_VALUES = 1_000_000;

  private YamlDocuments() {}

  /**
   * One YAML document.
   *
   * @param value its plain value
   * @param line the 1-based line where it starts, or 0 when unknown
   * @param itemLines for a document that is a list, the 1-based line where each item starts; empty otherwise
   */
  record Document(Object value, int line, List<Integer> itemLines) {}

  /** Every document, in order; empty documents are left out. */
  static List<Document> load(String file, String yamlText) throws ManifestSyntaxException {
    Optional<String> input = InputText.problem(yamlText, InputText.MAX_YAML_CHARACTERS);
    if (input.isPresent()) {
      throw new ManifestSyntaxException(file, 0, input.get());
    }
    try {
      return new Loader(new Parse(SETTINGS).parseString(yamlText).iterator()).documents();
    } catch (YamlEngineException e) {
      throw syntax(file, e);
    }
  }

  /**
   * The tag the engine gives a plain or quoted scalar without an explicit tag. Under the JSON schema, the answer for
   * the common cases is known without the resolver's regular expressions: a first character with no rule means a
   * string, and the only null and booleans are {@code null}, {@code true} and {@code false} (keys such as {@code
   * name} start with {@code n}).
   */
  static Tag resolve(String value, boolean implicit) {
    if (JSON_SCHEMA && implicit && !value.isEmpty()) {
      char first = value.charAt(0);
      if (RESOLVED_FIRST_CHARACTERS.indexOf(first) < 0) {
        return Tag.STR;
      }
      if (first == 'n') {
        return value.equals("null") ? Tag.NULL : Tag.STR;
      }
      if (first == 't' || first == 'f') {
        return value.equals("true") || value.equals("false") ? Tag.BOOL : Tag.STR;
      }
    }
    return RESOLVER.resolve(value, implicit);
  }

  private static int line(Event event) {
    return event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
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

  /**
   * Builds the values of one stream of parser events. Tags on maps and lists are ignored: the node's kind decides
   * (Kubernetes and Zuul use none there).
   */
  private static final class Loader {
    private final Iterator<Event> events;
    /** The values of the anchors defined so far in the document; an alias shares its anchor's value. */
    private final Map<String, Object> anchors = new HashMap<>();
    /** The anchors of the collections being built: an alias to one of them is a recursive structure. */
    private final Set<String> building = new HashSet<>();
    private int collectionAliases;
    /** The expanded size of each anchor's value, in values: an alias counts as all of them. */
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    /** Values in the document so far, aliases expanded. */
    private int expanded;
    private int depth;
    /** Built on first use: only scalars with a tag the schema does not know need it. */
    private TolerantConstructor engine;

    Loader(Iterator<Event> events) {
      this.events = events;
    }

    List<Document> documents() {
      List<Document> documents = new ArrayList<>();
      while (events.hasNext()) {
        if (events.next().getEventId() != Event.ID.DocumentStart) {
          continue;
        }
        anchors.clear();
        anchorSizes.clear();
        building.clear();
        expanded = 0;
        depth = 0;
        Event root = events.next();
        List<Integer> itemLines = new ArrayList<>();
        Object value = value(root, itemLines);
        if (value != null) {
          documents.add(new Document(value, line(root), itemLines));
        }
      }
      return documents;
    }

    private Object value(Event event) {
      return value(event, null);
    }

    /** The value starting with {@code event}; fills {@code itemLines} when it is a list and they are wanted. */
    private Object value(Event event, List<Integer> itemLines) {
      if (event.getEventId() == Event.ID.Alias) {
        return alias((AliasEvent) event);
      }
      int before = expanded;
      count(1, event);
      boolean collection = event.getEventId() == Event.ID.SequenceStart || event.getEventId() == Event.ID.MappingStart;
      if (collection && ++depth > InputText.MAX_YAML_DEPTH) {
        throw new ComposerException(
            "more than " + InputText.MAX_YAML_DEPTH + " levels of nested maps and lists (the limit)",
            event.getStartMark());
      }
      Object value = construct(event, itemLines);
      if (collection) {
        depth--;
      }
      ((NodeEvent) event).getAnchor().ifPresent(a -> anchorSizes.put(a.getValue(), expanded - before));
      return value;
    }

    private void count(int values, Event event) {
      expanded += values;
      if (expanded > MAX_EXPANDED_VALUES || expanded < 0) {
        throw new ComposerException(
            "more than " + MAX_EXPANDED_VALUES + " values once aliases are expanded (the limit)",
            event.getStartMark());
      }
    }

    private Object construct(Event event, List<Integer> itemLines) {
      switch (event.getEventId()) {
        case Alias:
          return alias((AliasEvent) event);
        case Scalar:
          return anchored(event, scalar((ScalarEvent) event));
        case SequenceStart:
          {
            Optional<String> anchor = startBuilding(event);
            List<Object> list = new ArrayList<>();
            for (Event item = events.next(); item.getEventId() != Event.ID.SequenceEnd; item = events.next()) {
              if (itemLines != null) {
                itemLines.add(line(item));
              }
              list.add(value(item));
            }
            anchor.ifPresent(building::remove);
            return anchored(event, list);
          }
        case MappingStart:
          {
            Optional<String> anchor = startBuilding(event);
            Map<String, Object> map = mapping(event);
            anchor.ifPresent(building::remove);
            return anchored(event, map);
          }
        default:
          throw new ComposerException("unexpected " + event.getEventId() + " event", event.getStartMark());
      }
    }

    private Map<String, Object> mapping(Event start) {
      Map<String, Object> map = new LinkedHashMap<>();
      List<Object> merged = new ArrayList<>();
      for (Event key = events.next(); key.getEventId() != Event.ID.MappingEnd; key = events.next()) {
        if (isMergeKey(key)) {
          merged.add(mergeSource(value(events.next()), key.getStartMark()));
          continue;
        }
        String name = key(key);
        if (map.containsKey(name)) {
          throw new DuplicateKeyException(start.getStartMark(), name, key.getStartMark());
        }
        map.put(name, value(events.next()));
      }
      for (Object source : merged) {
        merge(map, source);
      }
      return map;
    }

    private String key(Event key) {
      if (key instanceof ScalarEvent scalar && scalar.getAnchor().isEmpty()) {
        Object value = scalar(scalar);
        return value instanceof String text ? text : String.valueOf(value);
      }
      return String.valueOf(value(key));
    }

    /**
     * Merges a {@code <<} value into {@code map} as kubectl and kustomize read it (YAML 1.1 merge keys): keys the map
     * sets itself win, and in a list of maps the earlier map wins. The engine reads YAML 1.2, where {@code <<} is a
     * plain key; reading it so here would let a manifest hide {@code hostNetwork: true} from the lane policy behind
     * a merge key that the cluster applies.
     */
    private static void merge(Map<String, Object> map, Object source) {
      List<?> sources = source instanceof List<?> list ? list : List.of(source);
      for (Object item : sources) {
        ((Map<?, ?>) item).forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
      }
    }

    private static Object mergeSource(Object value, Optional<Mark> mark) {
      List<?> sources = value instanceof List<?> list ? list : Collections.singletonList(value);
      for (Object item : sources) {
        if (!(item instanceof Map)) {
          throw new ComposerException(
              "while constructing a mapping", Optional.empty(), "merge key << takes a map or a list of maps", mark);
        }
      }
      return value;
    }

    private static boolean isMergeKey(Event key) {
      return key instanceof ScalarEvent scalar
          && scalar.isPlain()
          && scalar.getTag().isEmpty()
          && scalar.getValue().equals("<<");
    }

    private Object scalar(ScalarEvent event) {
      Optional<String> explicit = event.getTag();
      boolean implicit = explicit.isEmpty() || explicit.get().equals("!");
      Tag tag =
          implicit ? resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar()) : new Tag(explicit.get());
      if (tag.equals(Tag.STR)) {
        return event.getValue();
      }
      ScalarNode node =
          new ScalarNode(
              tag, implicit, event.getValue(), event.getScalarStyle(), event.getStartMark(), event.getEndMark());
      ConstructNode schemaScalar = SCHEMA_SCALARS.get(tag);
      if (schemaScalar != null) {
        return schemaScalar.construct(node);
      }
      if (engine == null) {
        engine = new TolerantConstructor(SETTINGS);
      }
      return engine.scalar(node);
    }

    private Optional<String> startBuilding(Event start) {
      Optional<String> anchor = ((NodeEvent) start).getAnchor().map(a -> a.getValue());
      anchor.ifPresent(building::add);
      return anchor;
    }

    private Object anchored(Event event, Object value) {
      ((NodeEvent) event).getAnchor().ifPresent(a -> anchors.put(a.getValue(), value));
      return value;
    }

    private Object alias(AliasEvent event) {
      String name = event.getAlias().getValue();
      if (building.contains(name)) {
        throw new ComposerException(
            "recursive alias *" + name + " (a value may not contain itself)", event.getStartMark());
      }
      if (!anchors.containsKey(name)) {
        throw new ComposerException("found undefined alias " + name, event.getStartMark());
      }
      Object value = anchors.get(name);
      count(anchorSizes.getOrDefault(name, 1), event);
      if ((value instanceof Map || value instanceof List)
          && ++collectionAliases > SETTINGS.getMaxAliasesForCollections()) {
        throw new ComposerException(
            "more than " + SETTINGS.getMaxAliasesForCollections() + " aliases to maps or lists (the limit)",
            event.getStartMark());
      }
      return value;
    }
  }

  /** The standard constructor, reading scalars with an unknown tag as if they had none. */
  private static final class TolerantConstructor extends StandardConstructor {
    TolerantConstructor(LoadSettings settings) {
      super(settings);
    }

    /** The engine's value of a scalar whose tag the schema does not construct. */
    Object scalar(ScalarNode node) {
      return constructObject(node);
    }

    @Override
    protected Optional<ConstructNode> findConstructorFor(Node node) {
      Optional<ConstructNode> known = super.findConstructorFor(node);
      if (known.isPresent() || node.getTag().getValue().startsWith(Tag.PREFIX)) {
        return known;
      }
      return Optional.of(this::constructUntagged);
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
