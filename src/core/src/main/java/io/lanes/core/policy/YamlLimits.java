package io.lanes.core.policy;

import io.lanes.core.text.InputText;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The bounds every YAML reader of Lanes puts on a file it did not write, for readers that compose a node tree (and
 * would overflow the stack on deep nesting, or walk an alias as often as it appears) rather than read through {@link
 * KubeManifestParser}, which checks the same bounds in its own single pass: size ({@link
 * InputText#MAX_YAML_CHARACTERS}), text (no NUL, valid UTF-8), nesting depth ({@link InputText#MAX_YAML_DEPTH}) and
 * values once aliases are expanded ({@link YamlDocuments#MAX_EXPANDED_VALUES}). Streams parser events: no tree is
 * built. Pure.
 */
public final class YamlLimits {
  private static final LoadSettings SETTINGS = LoadSettings.builder().build();

  private YamlLimits() {}

  /** The most values one document may hold once its aliases are expanded. */
  public static int maxExpandedValues() {
    return YamlDocuments.MAX_EXPANDED_VALUES;
  }

  /**
   * The first bound {@code text} crosses, as {@code file[:line]: problem}, or empty. Syntax errors are left to the
   * reader (it reports them its own way): the scan stops at one and reports nothing.
   */
  public static Optional<ManifestSyntaxException> check(String file, String text) {
    Optional<String> input = InputText.problem(text, InputText.MAX_YAML_CHARACTERS);
    if (input.isPresent()) {
      return Optional.of(new ManifestSyntaxException(file, 0, input.get()));
    }
    Map<String, Integer> anchorSizes = new HashMap<>();
    // per open collection: the anchor it defines (or null) and the count when it started
    java.util.ArrayDeque<Object[]> open = new java.util.ArrayDeque<>();
    int expanded = 0;
    try {
      for (Event event : new Parse(SETTINGS).parseString(text)) {
        switch (event.getEventId()) {
          case DocumentStart -> {
            anchorSizes.clear();
            expanded = 0;
          }
          case Alias -> {
            expanded += anchorSizes.getOrDefault(((AliasEvent) event).getAlias().getValue(), 1);
          }
          case Scalar -> {
            expanded++;
            ((NodeEvent) event).getAnchor().ifPresent(a -> anchorSizes.put(a.getValue(), 1));
          }
          case SequenceStart, MappingStart -> {
            expanded++;
            open.push(new Object[] {((NodeEvent) event).getAnchor().map(a -> a.getValue()).orElse(null), expanded - 1});
            if (open.size() > InputText.MAX_YAML_DEPTH) {
              return Optional.of(
                  new ManifestSyntaxException(
                      file,
                      line(event),
                      "more than " + InputText.MAX_YAML_DEPTH + " levels of nested maps and lists (the limit)"));
            }
          }
          case SequenceEnd, MappingEnd -> {
            Object[] start = open.pop();
            if (start[0] != null) {
              anchorSizes.put((String) start[0], expanded - (Integer) start[1]);
            }
          }
          default -> {}
        }
        if (expanded > YamlDocuments.MAX_EXPANDED_VALUES) {
          return Optional.of(
              new ManifestSyntaxException(
                  file,
                  line(event),
                  "more than " + YamlDocuments.MAX_EXPANDED_VALUES + " values once aliases are expanded (the limit)"));
        }
      }
    } catch (MarkedYamlEngineException e) {
      return Optional.empty();
    } catch (YamlEngineException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static int line(Event event) {
    return event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
