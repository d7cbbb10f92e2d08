package io.lanes.core.config;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A window in which a platform takes no submits, {@code START/END} with ISO-8601 offsets, end exclusive.
 *
 * @param start the first instant of the freeze
 * @param end the first instant after the freeze
 * @param text the interval as written in the map
 */
public record FreezeInterval(Instant start, Instant end, String text) {

  /** Parses {@code 2026-12-20T00:00Z/2027-01-05T00:00Z}; empty when the text is not two instants. */
  public static Optional<FreezeInterval> parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FreezeInterval(instant(parts[0]), instant(parts[1]), text.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** Whether {@code now} falls inside the freeze. */
  public boolean covers(Instant now) {
    return !now.isBefore(start) && now.isBefore(end);
  }

  /** Whether the two intervals share an instant. */
  public boolean overlaps(FreezeInterval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  @Override
  public String toString() {
    return text;
  }
}
