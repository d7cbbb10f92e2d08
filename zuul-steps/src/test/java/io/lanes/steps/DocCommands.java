package io.lanes.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code zuul-steps ...} command lines of Markdown documents: in fenced code blocks (a line that starts with
 * {@code zuul-steps} or {@code bin/zuul-steps}, after an optional {@code $ } prompt and variable assignments; a
 * trailing {@code \} joins the next line) and in inline code spans that start with one.
 *
 * <p>A command is either <em>runnable</em>, an argument list {@link StepArguments#parse} must accept, or a
 * <em>synopsis</em> (it uses {@code [optional]}, {@code (a | b)}, {@code NAME...}) or a <em>reference</em> (an inline
 * span, or one that says {@code ...} for "the arguments above"): for those only the step and the flags they name are
 * checked.
 */
final class DocCommands {
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern INLINE = Pattern.compile("`((?:bin/)?zuul-steps(?: [^`]*)?)`");
  private static final Pattern START =
      Pattern.compile("^\\s*(?:\\$\\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)*(?:\\S*/)?zuul-steps(?:\\s|$)");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>\\n]+>");
  private static final Pattern VARIABLE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[^}]+}|\\$\\([^)]*\\)");

  private DocCommands() {}

  /** One command line of a document. */
  record Command(Path file, int line, String text, boolean runnable) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + text;
    }
  }

  /** The documents whose commands must run: README.md, docs/**.md and the plugin's Documentation/*.md. */
  static List<Path> documents(Path repository) throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(repository.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(repository.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    try (Stream<Path> plugin = Files.list(repository.resolve("gerrit-plugin/src/main/resources/Documentation"))) {
      plugin.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  /** Every command in {@code file}, named relative to {@code repository}. */
  static List<Command> commands(Path repository, Path file) throws IOException {
    return commands(repository.relativize(file), Files.readAllLines(file));
  }

  static List<Command> commands(Path name, List<String> lines) {
    List<Command> commands = new ArrayList<>();
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        if (!START.matcher(line).find()) {
          continue;
        }
        int first = i;
        StringBuilder text = new StringBuilder();
        while (line.endsWith("\\") && i + 1 < lines.size()) {
          text.append(line, 0, line.length() - 1).append(' ');
          line = lines.get(++i);
        }
        text.append(line);
        String command = text.toString().strip().replaceAll("\\s+", " ");
        commands.add(new Command(name, first + 1, command, !synopsis(command)));
      } else {
        Matcher inline = INLINE.matcher(line);
        while (inline.find()) {
          commands.add(new Command(name, i + 1, inline.group(1), false));
        }
      }
    }
    return commands;
  }

  /** Whether {@code command} is a synopsis or a reference rather than something to run as it stands. */
  static boolean synopsis(String command) {
    return command.matches(".*(^|\\s)[\\[(].*") || command.matches(".*[\\])](\\s|$).*") || command.contains("...");
  }

  /**
   * The arguments after {@code zuul-steps}: a shell's words up to the first pipe, list operator, redirection or
   * comment; a placeholder such as {@code <platform>} and a word that is only a variable ({@code "$PORT"}) become
   * {@code 1}, a value every option type takes.
   */
  static List<String> argv(String command) {
    String text = PLACEHOLDER.matcher(command).replaceAll("1");
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if ((c == '|' || c == ';' || c == '&' || c == '>' || c == '<') || (c == '#' && word == null)
          || (Character.isDigit(c) && word == null && i + 1 < text.length() && text.charAt(i + 1) == '>')) {
        break;
      }
      if (c == '\\' && i + 1 < text.length()) {
        c = text.charAt(++i);
      }
      word = word == null ? new StringBuilder() : word;
      word.append(c);
    }
    if (word != null) {
      words.add(word.toString());
    }
    int start = 0;
    while (start < words.size() && !words.get(start).matches("(.*/)?zuul-steps")) {
      start++; // a prompt, variable assignments
    }
    if (start == words.size()) {
      throw new IllegalArgumentException("no zuul-steps in " + command);
    }
    List<String> argv = new ArrayList<>();
    for (String w : words.subList(start + 1, words.size())) {
      argv.add(VARIABLE.matcher(w).matches() ? "1" : w);
    }
    return argv;
  }
}
