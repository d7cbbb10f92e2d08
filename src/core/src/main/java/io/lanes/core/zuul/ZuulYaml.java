package io.lanes.core.zuul;

import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.YamlLimits;
import io.lanes.core.policy.ZuulConfigItem;
import io.lanes.core.zuul.YamlNode.Encrypted;
import io.lanes.core.zuul.YamlNode.Entry;
import io.lanes.core.zuul.YamlNode.Scalar;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The one reader of Zuul's configuration files: SnakeYAML Engine's node tree, every value with its line ({@link
 * YamlNode}). A file past Lanes' YAML bounds ({@link YamlLimits}: size, binary or invalid UTF-8, nesting, aliases) is
 * one problem, and is not composed. Merge keys ({@code <<}) merge as YAML 1.1 readers, Zuul's among them, merge
 * them (SnakeYAML Engine's composer does it). Pure: text in, tree and problems out. It reads a file two ways:
 *
 * <ul>
 *   <li>{@link #read} as Zuul's configuration loader would ({@code zuul-steps check-zuul}): Zuul's own tags are
 *       constructed ({@link ZuulTag}); any other local tag, a duplicate key, a non-string key, more than one
 *       document, or a syntax error is a {@link Problem} with its line.
 *   <li>{@link #items} for the lane policy (the Gerrit plugin on push, at submit): every document's top-level items as
 *       plain data, read so that nothing can hide a value from the policy: a value under a tag Zuul does not know is
 *       read as if it had none, a tagged key as its text, and a syntax error, a crossed bound or a duplicate key is a
 *       {@link ManifestSyntaxException} naming file and line.
 * </ul>
 */
public final class ZuulYaml {
  /**
   * What reading one file gave.
   *
   * @param document its first document (absent when it has none or could not be read at all)
   * @param problems its problems, in the order found
   */
  public record Result(Optional<YamlNode> document, List<Problem> problems) {}

  /** Zuul's YAML tags and how each is constructed. */
  enum ZuulTag {
    ENCRYPTED("!encrypted/pkcs1-oaep"),
    OVERRIDE("!override"),
    INHERIT("!inherit"),
    UNSAFE("!unsafe");

    final String tag;

    ZuulTag(String tag) {
      this.tag = tag;
    }

    static Optional<ZuulTag> of(Tag tag) {
      for (ZuulTag zuulTag : values()) {
        if (zuulTag.tag.equals(tag.getValue())) {
          return Optional.of(zuulTag);
        }
      }
      return Optional.empty();
    }
  }

  private final String file;
  /** For the lane policy: unknown tags read as untagged, any scalar key as its text, shape problems unreported. */
  private final boolean forPolicy;
  private final List<Problem> problems = new ArrayList<>();
  /** The collections being constructed: an alias to one of them is a recursive structure. */
  private final Set<Node> building = Collections.newSetFromMap(new IdentityHashMap<>());

  private ZuulYaml(String file, boolean forPolicy) {
    this.file = file;
    this.forPolicy = forPolicy;
  }

  /** Reads {@code text} as Zuul would; {@code file} names it in problems. */
  public static Result read(String file, String text) {
    ZuulYaml reader = new ZuulYaml(file, false);
    Optional<List<Node>> nodes = reader.compose(text);
    if (nodes.isEmpty() || nodes.get().isEmpty()) {
      return new Result(Optional.empty(), reader.problems);
    }
    List<Node> documents = nodes.get();
    if (documents.size() > 1) {
      reader.problems.add(
          new Problem(file, line(documents.get(1)), "a second YAML document: Zuul reads one document per file"));
    }
    return new Result(Optional.of(reader.construct(documents.get(0))), reader.problems);
  }

  /**
   * The top-level items of every document of {@code yamlText}, in file order, for the lane policy: each a one-key
   * map in a top-level list ({@code - job: {...}}) with the line it starts on. Anything else is skipped: this serves
   * the policy, not a full Zuul config check ({@link #read}).
   *
   * @throws ManifestSyntaxException when the text is not YAML, crosses a bound, or repeats a key, naming file and
   *     line
   */
  public static List<ZuulConfigItem> items(String file, String yamlText) throws ManifestSyntaxException {
    ZuulYaml reader = new ZuulYaml(file, true);
    List<Node> documents = reader.compose(yamlText).orElse(List.of());
    List<ZuulConfigItem> items = new ArrayList<>();
    reader.throwFirstProblem();
    for (Node document : documents) {
      YamlNode root = reader.construct(document);
      reader.throwFirstProblem();
      if (root instanceof YamlList list) {
        list.items().forEach(item -> item(file, item).ifPresent(items::add));
      }
    }
    return items;
  }

  private void throwFirstProblem() throws ManifestSyntaxException {
    if (!problems.isEmpty()) {
      Problem first = problems.get(0);
      throw new ManifestSyntaxException(file, first.line(), first.message());
    }
  }

  private static Optional<ZuulConfigItem> item(String file, YamlNode node) {
    if (!(node instanceof YamlMap map) || map.entries().size() != 1) {
      return Optional.empty();
    }
    Entry entry = map.entries().values().iterator().next();
    Map<String, Object> body = entry.value() instanceof YamlMap bodyMap ? bodyMap.plain() : Map.of();
    String name = body.get("name") instanceof String text ? text : "";
    return Optional.of(new ZuulConfigItem(entry.key(), name, file, map.line(), body));
  }

  /** The documents' node trees; empty (with the problem recorded) when the text crosses a bound or is not YAML. */
  private Optional<List<Node>> compose(String text) {
    Optional<ManifestSyntaxException> limit = YamlLimits.check(file, text);
    if (limit.isPresent()) {
      problems.add(new Problem(file, limit.get().line(), limit.get().problem()));
      return Optional.empty();
    }
    LoadSettings settings =
        LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).setAllowRecursiveKeys(false).build();
    try {
      List<Node> documents = new ArrayList<>();
      Iterator<Node> composed = new Compose(settings).composeAllFromString(text).iterator();
      while ((forPolicy || documents.size() < 2) && composed.hasNext()) {
        documents.add(composed.next());
      }
      return Optional.of(documents);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      problems.add(new Problem(file, line, syntaxProblem(e)));
    } catch (YamlEngineException e) {
      problems.add(new Problem(file, 0, (forPolicy ? "" : "YAML syntax error: ") + oneLine(e.getMessage())));
    }
    return Optional.empty();
  }

  /** As {@code check-zuul} has always said it; for the policy, as the plugin has (context; problem). */
  private String syntaxProblem(MarkedYamlEngineException e) {
    if (!forPolicy) {
      return "YAML syntax error: " + oneLine(e.getProblem());
    }
    String problem = e.getProblem() == null ? "" : e.getProblem();
    if (e.getContext() != null && !e.getContext().isBlank()) {
      problem = e.getContext() + "; " + problem;
    }
    return oneLine(problem);
  }

  private YamlNode construct(Node node) {
    if (!building.add(node)) {
      String anchor = node.getAnchor().map(a -> " *" + a.getValue()).orElse("");
      problems.add(new Problem(file, line(node), "recursive alias" + anchor + " (a value may not contain itself)"));
      return new Scalar(line(node), null);
    }
    try {
      return constructOnce(node);
    } finally {
      building.remove(node);
    }
  }

  private YamlNode constructOnce(Node node) {
    Optional<ZuulTag> zuulTag = ZuulTag.of(node.getTag());
    boolean unknownTag = zuulTag.isEmpty() && node.getTag().getValue().startsWith("!");
    if (unknownTag && !forPolicy) {
      problems.add(
          new Problem(
              file,
              line(node),
              "unknown tag " + node.getTag().getValue()
                  + " (Zuul knows !encrypted/pkcs1-oaep, !override, !inherit, !unsafe)"));
      return new Scalar(line(node), null);
    }
    if (zuulTag.filter(t -> t == ZuulTag.ENCRYPTED).isPresent()) {
      return encrypted(node);
    }
    Optional<String> mergeTag =
        zuulTag.filter(t -> t == ZuulTag.OVERRIDE || t == ZuulTag.INHERIT).map(t -> t.tag);
    boolean text = unknownTag || zuulTag.filter(t -> t == ZuulTag.UNSAFE).isPresent();
    return switch (node) {
      case MappingNode mapping -> mapping(mapping, mergeTag);
      case SequenceNode sequence ->
          new YamlList(line(node), sequence.getValue().stream().map(this::construct).toList(), mergeTag);
      case ScalarNode scalar -> scalar(scalar, text);
      default -> new Scalar(line(node), null);
    };
  }

  private YamlNode encrypted(Node node) {
    boolean chunks =
        node instanceof ScalarNode
            || node instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(item -> item instanceof ScalarNode);
    if (!chunks && !forPolicy) {
      problems.add(
          new Problem(
              file, line(node), "!encrypted/pkcs1-oaep takes a base64 string or a list of them"));
    }
    return new Encrypted(line(node));
  }

  private YamlMap mapping(MappingNode mapping, Optional<String> mergeTag) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      Optional<String> key = key(keyNode);
      if (key.isEmpty()) {
        continue;
      }
      Entry first = entries.get(key.get());
      if (first != null) {
        problems.add(
            new Problem(
                file,
                line(keyNode),
                "duplicate key \"" + key.get() + "\" (first at line " + first.line() + ")"));
        continue;
      }
      entries.put(key.get(), new Entry(key.get(), line(keyNode), construct(tuple.getValueNode())));
    }
    return new YamlMap(line(mapping), entries, mergeTag);
  }

  /**
   * A key's text. For Zuul a key is a plain string (anything else is a problem); for the policy any scalar key reads
   * as its text, tagged or not ({@code !unsafe namespace:} still names {@code namespace}).
   */
  private Optional<String> key(Node keyNode) {
    if (keyNode instanceof ScalarNode keyScalar && (forPolicy || !keyScalar.getTag().getValue().startsWith("!"))) {
      return Optional.of(keyScalar.getValue());
    }
    if (!forPolicy) {
      problems.add(new Problem(file, line(keyNode), "a mapping key must be a plain string"));
    }
    return Optional.empty();
  }

  private static Scalar scalar(ScalarNode scalar, boolean text) {
    String value = scalar.getValue();
    int line = line(scalar);
    if (text || !scalar.isPlain()) {
      return new Scalar(line, value);
    }
    Tag tag = scalar.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return new Scalar(line, null);
      }
      if (Tag.BOOL.equals(tag)) {
        return new Scalar(line, Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
      }
      if (Tag.INT.equals(tag)) {
        return new Scalar(line, Long.decode(value.replace("0o", "0")));
      }
      if (Tag.FLOAT.equals(tag)) {
        return new Scalar(line, Double.parseDouble(value));
      }
    } catch (NumberFormatException e) {
      return new Scalar(line, value);
    }
    return new Scalar(line, value);
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
