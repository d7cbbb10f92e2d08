package io.lanes.steps.backup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PipelinedGzipOutputStreamTest {
  @Test
  @DisplayName("what is written comes out of gunzip unchanged, whatever the write sizes")
  void roundTrip() throws IOException {
    byte[] data = new byte[3 * PipelinedGzipOutputStream.CHUNK_SIZE + 4567];
    Random random = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ("INSERT (),'x'\n".charAt(random.nextInt(14)));
    }
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    PipelinedGzipOutputStream gzip = new PipelinedGzipOutputStream(target, 1, "test");
    for (int i = 0; i < data.length; ) {
      int n = Math.min(1 + random.nextInt(100_000), data.length - i);
      gzip.write(data, i, n);
      i += n;
    }
    gzip.write('!');

    gzip.finish();

    byte[] back = new GZIPInputStream(new ByteArrayInputStream(target.toByteArray())).readAllBytes();
    assertThat(back).hasSize(data.length + 1).startsWith(data);
    assertThat(gzip.count()).isEqualTo(data.length + 1);
  }

  @Test
  @DisplayName("a failing target surfaces as an IOException to the writer, which never blocks on it")
  void targetFailureSurfaces() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("upload failed");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("upload failed");
          }
        };
    PipelinedGzipOutputStream gzip = new PipelinedGzipOutputStream(broken, 1, "test");
    byte[] chunk = new byte[PipelinedGzipOutputStream.CHUNK_SIZE];
    new Random(1).nextBytes(chunk);

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                gzip.write(chunk);
              }
              gzip.finish();
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("upload failed");
  }

  @Test
  @DisplayName("a level outside 1 to 9 is refused")
  void levelChecked() {
    assertThatThrownBy(() -> new PipelinedGzipOutputStream(new ByteArrayOutputStream(), 0, "test"))
        .hasMessageContaining("gzip level 0 is not between 1 and 9");
  }
}
