package io.lanes.gerrit.page;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) driven by {@code playwright-core} from npm ({@code
 * src/test/browser/page.mjs}, installed by its {@code install.sh} when missing): opens a page of a real Gerrit signed
 * in as a dev account, saves a screenshot and returns what the page shows.
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  /** What {@code pagePath} on {@code gerrit} shows to {@code user}; the screenshot goes to {@code screenshot}. */
  static JsonObject show(GerritDaemon gerrit, String pagePath, String user, Path screenshot) throws Exception {
    return show(gerrit, pagePath, user, screenshot, List.of());
  }

  /**
   * What {@code pagePath} shows when the browser gets it from {@code hostPage} (a file of {@code src/test/browser}, a
   * stand-in for a page of Gerrit's web UI) under the Gerrit daemon's origin, its scripts reaching the real daemon.
   */
  static JsonObject showHosted(GerritDaemon gerrit, String pagePath, String hostPage, String user, Path screenshot)
      throws Exception {
    return show(gerrit, pagePath, user, screenshot, List.of(BROWSER.resolve(hostPage).toString()));
  }

  private static final Path BROWSER = GerritDaemon.root().resolve("gerrit-plugin/src/test/browser");

  private static JsonObject show(GerritDaemon gerrit, String pagePath, String user, Path screenshot, List<String> more)
      throws Exception {
    run(List.of("bash", BROWSER.resolve("install.sh").toString()), BROWSER);
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    List<String> command = new java.util.ArrayList<>(
        List.of("node", "page.mjs", gerrit.url, pagePath, user, screenshot.toAbsolutePath().toString()));
    command.addAll(more);
    return JsonParser.parseString(run(command, BROWSER).strip()).getAsJsonObject();
  }

  private static String run(List<String> command, Path dir) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + ": still running after 3 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue());
    }
    return stdout;
  }
}
