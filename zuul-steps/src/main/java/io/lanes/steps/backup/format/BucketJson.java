package io.lanes.steps.backup.format;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The JSON Lanes keeps in a backup bucket beside the data (backup manifests, binlog segment manifests, the takeover
 * record): times as ISO-8601 text, indented for people reading the bucket, fields a newer writer added ignored.
 */
public final class BucketJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private BucketJson() {}

  /** {@code value} as JSON bytes. */
  public static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * {@code json} read as a {@code type}; a text that is not JSON of that shape fails with {@code WHERE: not valid
   * JSON: <the parser's first line>}.
   */
  public static <T> T read(String where, String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
