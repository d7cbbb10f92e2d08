package io.lanes.core.text;

/**
 * How a message shows a value it got from its input: on one line, and short. A hostile file can hold a 600 MB
 * namespace or a value full of newlines and terminal escapes; messages must stay one readable line, so every value a
 * message echoes goes through {@link #quote} (or {@link #bare} for names printed without quotes).
 */
public final class Echo {
  /** The most characters of a value a message shows. */
  public static final int MAX_CHARACTERS = 120;

  private Echo() {}

  /**
   * {@code "value"}, with control characters escaped ({@code \n}, {@code \u001b}) and, past {@value #MAX_CHARACTERS}
   * characters, cut: {@code "aaaa…" (600000000 characters)}.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = "\"" + escaped(value, true) + "\"";
    return value.length() > MAX_CHARACTERS ? shown + " (" + value.length() + " characters)" : shown;
  }

  /** {@code value} as {@link #quote} shows it, without quotes: {@code aaaa… (600000000 characters)}. */
  public static String bare(String value) {
    if (value == null) {
      return "null";
    }
    String shown = escaped(value, false);
    return value.length() > MAX_CHARACTERS ? shown + " (" + value.length() + " characters)" : shown;
  }

  private static String escaped(String value, boolean quoted) {
    StringBuilder shown = new StringBuilder();
    int end = Math.min(value.length(), MAX_CHARACTERS);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> shown.append("\\n");
        case '\r' -> shown.append("\\r");
        case '\t' -> shown.append("\\t");
        case '"' -> shown.append(quoted ? "\\\"" : "\"");
        case '\\' -> shown.append(quoted ? "\\\\" : "\\");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            shown.append(String.format("\\u%04x", (int) c));
          } else {
            shown.append(c);
          }
        }
      }
    }
    return end < value.length() ? shown.append('…').toString() : shown.toString();
  }
}
