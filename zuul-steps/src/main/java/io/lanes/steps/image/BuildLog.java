package io.lanes.steps.image;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.lanes.core.image.ImageReference;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/** Streams the build's output to stderr, remembering the current step and the last lines for a failure. */
final class BuildLog extends BuildImageResultCallback {
  private static final int LAST_LINES = 15;

  private final PrintWriter log;
  private final String name;
  private final Deque<String> last = new ArrayDeque<>();
  private String step = "";

  BuildLog(PrintWriter log, String name) {
    this.log = log;
    this.name = name;
  }

  @Override
  public void onNext(BuildResponseItem item) {
    if (item.getStream() != null) {
      item.getStream().lines().filter(line -> !line.isBlank()).forEach(this::line);
    }
    super.onNext(item);
  }

  private void line(String line) {
    if (line.matches("(?i)step \\d+/\\d+ ?:.*")) {
      step = line.strip();
      last.clear();
    }
    last.addLast(line);
    if (last.size() > LAST_LINES) {
      last.removeFirst();
    }
    log.println("  " + name + " | " + line);
    log.flush();
  }

  String failure(ImageReference reference, String error) {
    StringBuilder message = new StringBuilder("build of " + reference + " failed");
    if (!step.isEmpty()) {
      message.append(" at ").append(step);
    }
    message.append(": ").append(error.replace("Could not build image: ", ""));
    if (!last.isEmpty()) {
      message.append("\nlast lines of the build:");
      last.forEach(line -> message.append("\n  ").append(line));
    }
    return message.toString();
  }
}
