package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.registry.ImageManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckedBlobStreamTest {
  private static final byte[] BLOB = "the bytes of a layer, read in small pieces".getBytes(StandardCharsets.UTF_8);
  private static final String DIGEST = ImageManifest.sha256(BLOB);

  private static CheckedBlobStream checked(byte[] content, long size) {
    return new CheckedBlobStream(new ByteArrayInputStream(content), "layer " + DIGEST + " of x", DIGEST, size);
  }

  /** Reads 5 bytes at a time, as an HTTP client pulls a request body, and returns how many it got. */
  private static int drain(InputStream in) throws IOException {
    byte[] buffer = new byte[5];
    int total = 0;
    int n;
    while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
      total += n;
    }
    return total;
  }

  @Test
  @DisplayName("the blob its digest names passes through whole, and then the stream ends")
  void rightBlob() throws IOException {
    CheckedBlobStream in = checked(BLOB, BLOB.length);

    assertThat(drain(in)).isEqualTo(BLOB.length);
    assertThat(in.failure()).isEmpty();
  }

  @Test
  @DisplayName("a changed byte fails the read that would hand out the last byte, naming the blob and both digests")
  void changedByte() throws IOException {
    byte[] changed = BLOB.clone();
    changed[3] ^= 1;
    CheckedBlobStream in = checked(changed, changed.length);
    byte[] buffer = new byte[5];
    int handedOut = 0;

    IOException failure = null;
    try {
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        handedOut += n;
      }
    } catch (IOException e) {
      failure = e;
    }

    assertThat(failure).isNotNull();
    assertThat(handedOut).as("bytes handed out before the failure").isLessThan(changed.length);
    assertThat(failure.getMessage())
        .isEqualTo("layer " + DIGEST + " of x has digest " + ImageManifest.sha256(changed) + ", not " + DIGEST);
    assertThat(in.failure()).contains(failure);
    assertThatThrownBy(() -> in.read(buffer, 0, 5)).isSameAs(failure);
  }

  @Test
  @DisplayName("a blob shorter or longer than its size fails, saying so")
  void wrongLength() {
    assertThatThrownBy(() -> drain(checked(Arrays.copyOf(BLOB, BLOB.length - 1), BLOB.length)))
        .hasMessage("layer " + DIGEST + " of x ends after " + (BLOB.length - 1) + " bytes, not the " + BLOB.length
            + " it should have");
    byte[] longer = Arrays.copyOf(BLOB, BLOB.length + 1);
    assertThatThrownBy(() -> drain(checked(longer, BLOB.length)))
        .hasMessage("layer " + DIGEST + " of x has more than the " + BLOB.length + " bytes it should have");
  }

  @Test
  @DisplayName("a read error of the source is kept as the failure")
  void sourceError() {
    IOException gone = new IOException("file vanished");
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw gone;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            throw gone;
          }
        };
    CheckedBlobStream in = new CheckedBlobStream(failing, "layer", DIGEST, 10);

    assertThatThrownBy(() -> drain(in)).isSameAs(gone);
    assertThat(in.failure()).contains(gone);
  }
}
