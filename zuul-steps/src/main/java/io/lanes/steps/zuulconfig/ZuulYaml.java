package io.lanes.steps.zuulconfig;

import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.YamlLimits;
import io.lanes.steps.zuulconfig.YamlNode.Encrypted;
import io.lanes.steps.zuulconfig.YamlNode.Entry;
import io.lanes.steps.zuulconfig.YamlNode.Scalar;
import io.lanes.steps.zuulconfig.YamlNode.YamlList;
import io.lanes.steps.zuulconfig.YamlNode.YamlMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * Reads one file of Zuul's configuration with SnakeYAML Engine, keeping every value's line. Zuul's own tags are
 * constructed here ({@link ZuulTag}); any other local tag, a duplicate key, a non-string key, more than one
 * document, or a syntax error is a {@link Problem} with its line. A file past Lanes' YAML bounds ({@link
 * YamlLimits}: size, binary or invalid UTF-8, nesting, aliases) is one problem, and is not composed. Pure: text in,
 * tree and problems out.
 */
public final class ZuulYaml {
  /** What reading one file gave: the document (absent when it could not be read at all) and its problems. */
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
  private final List<Problem> problems = new ArrayList<>();

  private ZuulYaml(String file) {
    this.file = file;
  }

  /** Reads {@code text}; {@code file} names it in problems. */
  public static Result read(String file, String text) {
    return new ZuulYaml(file).readDocument(text);
  }

  private Result readDocument(String text) {
    Optional<ManifestSyntaxException> limit = YamlLimits.check(file, text);
    if (limit.isPresent()) {
      problems.add(new Problem(file, limit.get().line(), limit.get().problem()));
      return new Result(Optional.empty(), problems);
    }
    LoadSettings settings =
        LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).setAllowRecursiveKeys(false).build();
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      if (!documents.hasNext()) {
        return new Result(Optional.empty(), problems);
      }
      Node first = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        problems.add(new Problem(file, line(second), "a second YAML document: Zuul reads one document per file"));
      }
      YamlNode document = construct(first);
      return new Result(Optional.of(document), problems);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      problems.add(new Problem(file, line, "YAML syntax error: " + oneLine(e.getProblem())));
      return new Result(Optional.empty(), problems);
    } catch (YamlEngineException e) {
      problems.add(new Problem(file, 0, "YAML syntax error: " + oneLine(e.getMessage())));
      return new Result(Optional.empty(), problems);
    }
  }

  private YamlNode construct(Node node) {
    Optional<ZuulTag> zuulTag = ZuulTag.of(node.getTag());
    if (zuulTag.isEmpty() && node.getTag().getValue().startsWith("!")) {
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
    return switch (node) {
      case MappingNode mapping -> mapping(mapping, mergeTag);
      case SequenceNode sequence ->
          new YamlList(line(node), sequence.getValue().stream().map(this::construct).toList(), mergeTag);
      case ScalarNode scalar -> scalar(scalar, zuulTag.filter(t -> t == ZuulTag.UNSAFE).isPresent());
      default -> new Scalar(line(node), null);
    };
  }

  private YamlNode encrypted(Node node) {
    boolean chunks =
        node instanceof ScalarNode
            || node instanceof SequenceNode sequence
                && sequence.getValue().stream().allMatch(item -> item instanceof ScalarNode);
    if (!chunks) {
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
      if (!(keyNode instanceof ScalarNode keyScalar) || keyScalar.getTag().getValue().startsWith("!")) {
        problems.add(new Problem(file, line(keyNode), "a mapping key must be a plain string"));
        continue;
      }
      String key = keyScalar.getValue();
      Entry first = entries.get(key);
      if (first != null) {
        problems.add(
            new Problem(
                file, line(keyNode), "duplicate key \"" + key + "\" (first at line " + first.line() + ")"));
        continue;
      }
      entries.put(key, new Entry(key, line(keyNode), construct(tuple.getValueNode())));
    }
    return new YamlMap(line(mapping), entries, mergeTag);
  }

  private static Scalar scalar(ScalarNode scalar, boolean unsafe) {
    String text = scalar.getValue();
    int line = line(scalar);
    if (unsafe || !scalar.isPlain()) {
      return new Scalar(line, text);
    }
    Tag tag = scalar.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return new Scalar(line, null);
      }
      if (Tag.BOOL.equals(tag)) {
        return new Scalar(line, Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
      }
      if (Tag.INT.equals(tag)) {
        return new Scalar(line, Long.decode(text.replace("0o", "0")));
      }
      if (Tag.FLOAT.equals(tag)) {
        return new Scalar(line, Double.parseDouble(text));
      }
    } catch (NumberFormatException e) {
      return new Scalar(line, text);
    }
    return new Scalar(line, text);
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").trim();
  }
}
