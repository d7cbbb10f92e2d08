package io.lanes.core.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What every reader checks before it parses a file it did not write: that the file is text (UTF-8, no NUL) and not
 * larger than the reader's limit. Each problem is one line fit to follow the file's name. Pure.
 */
public final class InputText {
  /** The most characters one YAML file (a manifest, a Zuul config file) may hold: SnakeYAML Engine's own default. */
  public static final int MAX_YAML_CHARACTERS = 3 * 1024 * 1024;

  /** The most characters {@code lanes.config} may hold. */
  public static final int MAX_CONFIG_CHARACTERS = 1024 * 1024;

  /** The deepest nesting of maps and lists a YAML reader accepts. */
  public static final int MAX_YAML_DEPTH = 100;

  private InputText() {}

  /**
   * The problem of {@code text} as input, if any: too large, binary (a NUL character) or decoded from invalid UTF-8
   * (a U+FFFD replacement character, which a lenient decoder puts where the bytes were not UTF-8).
   *
   * @param maxCharacters the reader's limit
   */
  public static Optional<String> problem(String text, int maxCharacters) {
    if (text.length() > maxCharacters) {
      return Optional.of(
          "too large: " + text.length() + " characters, more than the limit of " + maxCharacters);
    }
    int nul = text.indexOf('\u0000');
    if (nul >= 0) {
      return Optional.of("a binary file, not text (a NUL byte at character " + nul + ")");
    }
    int replacement = text.indexOf('\uFFFD');
    if (replacement >= 0) {
      return Optional.of("not valid UTF-8 text (an undecodable byte at character " + replacement + ")");
    }
    return Optional.empty();
  }

  /**
   * {@code bytes} decoded as UTF-8, or empty when they are not valid UTF-8: then {@link #problem} of the leniently
   * decoded text names the spot.
   */
  public static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** {@code bytes} as text: strict UTF-8 when valid, else decoded leniently, so {@link #problem} finds the spot. */
  public static String decode(byte[] bytes) {
    return strictUtf8(bytes).orElseGet(() -> new String(bytes, StandardCharsets.UTF_8));
  }
}
