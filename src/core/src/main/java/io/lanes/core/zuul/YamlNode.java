package io.lanes.core.zuul;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value of Zuul's configuration with the line it starts on, as {@link ZuulYaml} builds it: Zuul's tags
 * already applied ({@code !encrypted/pkcs1-oaep} becomes {@link Encrypted}, {@code !unsafe} a plain string, {@code
 * !override} and {@code !inherit} keep the value and say which).
 */
public sealed interface YamlNode {
  /** The 1-based line where the value starts. */
  int line();

  /** A short name of the value's kind for messages: "a string", "a list"... */
  String kind();

  /**
   * The value as plain data (maps with string keys in file order, lists, scalars), what the lane policy reads; an
   * encrypted value is the opaque marker {@code (encrypted)}.
   */
  Object plain();

  /** A mapping with string keys, in the file's order. */
  record YamlMap(int line, Map<String, Entry> entries, Optional<String> mergeTag) implements YamlNode {
    /** The value under {@code key}, if present. */
    public Optional<YamlNode> get(String key) {
      return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    @Override
    public String kind() {
      return "a mapping";
    }

    @Override
    public Map<String, Object> plain() {
      Map<String, Object> plain = new LinkedHashMap<>();
      entries.forEach((key, entry) -> plain.put(key, entry.value().plain()));
      return plain;
    }
  }

  /** One key of a mapping: the line of the key and its value. */
  record Entry(String key, int line, YamlNode value) {}

  /** A sequence. */
  record YamlList(int line, List<YamlNode> items, Optional<String> mergeTag) implements YamlNode {
    @Override
    public String kind() {
      return "a list";
    }

    @Override
    public List<Object> plain() {
      return items.stream().map(YamlNode::plain).toList();
    }
  }

  /** A scalar: {@code String}, {@code Long}, {@code Double}, {@code Boolean}, or {@code null}. */
  record Scalar(int line, Object value) implements YamlNode {
    /** The value as text, when it is a string. */
    public Optional<String> text() {
      return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public String kind() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String s) {
        return "the string \"" + s + "\"";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      return "the number " + value;
    }

    @Override
    public Object plain() {
      return value;
    }
  }

  /** A value encrypted for the project with {@code !encrypted/pkcs1-oaep} (one scalar or a list of chunks). */
  record Encrypted(int line) implements YamlNode {
    @Override
    public String kind() {
      return "an encrypted value";
    }

    @Override
    public Object plain() {
      return "(encrypted)";
    }
  }
}
