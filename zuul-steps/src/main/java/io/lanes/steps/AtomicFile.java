package io.lanes.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A file a step writes whole or not at all: written beside its target, then moved over it in one rename. */
public final class AtomicFile {
  private AtomicFile() {}

  /**
   * Writes {@code text} to {@code file}, readable by its owner only from the first byte (the steps' files hold
   * credentials or configuration); a failure is a configuration error naming {@code flag} and the file.
   */
  public static void write(Path file, String text, String flag) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path partial =
          Files.createTempFile(
              absolute.getParent(), absolute.getFileName().toString(), ".partial",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw StepException.configuration(flag + " " + file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
