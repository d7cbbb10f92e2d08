package io.lanes.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file a step writes whole or not at all: written beside its target, then moved over it in one rename, so a reader
 * (or a step killed half-way) never sees half of it. Every file a step writes for others goes through here.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** What writes the file's content, to the partial file beside the target. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path partial) throws IOException;
  }

  /**
   * Writes {@code text} to {@code file}, readable by its owner only from the first byte (the steps' files hold
   * credentials or configuration); a failure is a configuration error naming {@code flag} and the file.
   */
  public static void write(Path file, String text, String flag) {
    try {
      replace(file, true, partial -> Files.writeString(partial, text, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw StepException.configuration(flag + " " + file + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code file} through {@code content}, creating its directory; readable by its owner only from the first
   * byte when {@code ownerOnly}. Nothing of it is left behind when {@code content} fails.
   */
  public static void replace(Path file, boolean ownerOnly, Content content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    FileAttribute<?>[] mode =
        ownerOnly
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".partial", mode);
    try {
      content.writeTo(partial);
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
