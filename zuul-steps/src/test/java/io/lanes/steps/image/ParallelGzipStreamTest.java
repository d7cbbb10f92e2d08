package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipStreamTest {
  private static final int BLOCK = ParallelGzipStream.BLOCK_SIZE;

  @TempDir Path dir;

  /** Text like a Python tree's: source lines with names and numbers, compressible but not trivially. */
  static byte[] sourceLike(int size, long seed) {
    Random random = new Random(seed);
    String[] words = {"def", "return", "self", "import", "class", "None", "if", "else", "for", "in", "lambda",
        "yield", "assert", "value", "request", "response", "course", "user", "settings", "django"};
    StringBuilder text = new StringBuilder(size + 100);
    while (text.length() < size) {
      int indent = random.nextInt(4) * 4;
      text.append(" ".repeat(indent));
      for (int i = 0, n = 2 + random.nextInt(8); i < n; i++) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? random.nextInt(1000) : "")
            .append(' ');
      }
      text.append('\n');
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] gzip(byte[] input, int threads) throws IOException {
    try (ParallelGzipStream gzip = new ParallelGzipStream(new ByteArrayInputStream(input), 6, threads)) {
      return gzip.readAllBytes();
    }
  }

  static byte[] gunzip(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 4095, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + BLOCK / 2})
  @DisplayName("the output is one gzip member that Java's and the gzip command's gunzip read back to the input")
  void roundTrips(int size) throws Exception {
    byte[] input = sourceLike(size, size);

    byte[] output = gzip(input, 2);

    assertThat(gunzip(output)).isEqualTo(input);
    Path file = Files.write(dir.resolve("layer.gz"), output);
    Process gunzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(false).start();
    byte[] fromCommand = gunzip.getInputStream().readAllBytes();
    assertThat(gunzip.waitFor()).as(new String(gunzip.getErrorStream().readAllBytes())).isZero();
    assertThat(fromCommand).isEqualTo(input);
  }

  @Test
  @DisplayName("the same input gives the same bytes whatever the number of threads (a layer's blob is stable)")
  void deterministic() throws Exception {
    byte[] input = sourceLike(5 * BLOCK + 17, 7);

    assertThat(gzip(input, 1)).isEqualTo(gzip(input, 2)).isEqualTo(gzip(input, 4));
  }

  @Test
  @DisplayName("blocks deflated apart (each with the last 32 KiB before it) lose under 1 % against one gzip -6")
  void ratioCloseToOneStream() throws Exception {
    byte[] input = sourceLike(6 * BLOCK, 11);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(single) {
      {
        def.setLevel(Deflater.DEFAULT_COMPRESSION);
      }
    }) {
      out.write(input);
    }

    byte[] parallel = gzip(input, 2);

    assertThat(parallel.length).isLessThan(input.length / 2);
    assertThat((double) parallel.length).isLessThan(single.size() * 1.01);
  }

  @Test
  @DisplayName("a read error of the input surfaces from the gzip stream's read")
  void inputFailure() {
    InputStream failing = new InputStream() {
      private int left = BLOCK + 10;

      @Override
      public int read() throws IOException {
        if (left-- <= 0) {
          throw new IOException("layer has digest sha256:bad");
        }
        return 'a';
      }
    };

    assertThatThrownBy(() -> {
          try (ParallelGzipStream gzip = new ParallelGzipStream(failing, 6, 2)) {
            gzip.readAllBytes();
          }
        })
        .isInstanceOf(IOException.class)
        .hasMessage("layer has digest sha256:bad");
  }
}
