package io.lanes.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("every step shows progress on stderr at least every 5 s")
class HeartbeatTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final StringWriter target = new StringWriter();
  private final Heartbeat heartbeat = new Heartbeat("backup run", new PrintWriter(target), now::get);

  @Test
  @DisplayName("nothing while the step printed something in the last 5 s")
  void quietOnlyAfterFiveSeconds() {
    heartbeat.err().println("backup run: dumping mysql openedx");
    now.addAndGet(4 * SECOND);

    assertThat(heartbeat.due(now.get())).isEmpty();
  }

  @Test
  @DisplayName("after 5 s of silence: the step, how long it has run, and the last line it printed")
  void saysStillRunning() {
    now.addAndGet(2 * SECOND);
    heartbeat.err().println("backup run: dumping mysql openedx");
    now.addAndGet(5 * SECOND);

    assertThat(heartbeat.due(now.get()))
        .contains("backup run: still running, 7 s (last: backup run: dumping mysql openedx)");
  }

  @Test
  @DisplayName("its own line counts as output, so the next one comes 5 s later; it still quotes the step's last line")
  void everyFiveSeconds() {
    heartbeat.err().println("backup run: dumping mysql openedx");
    now.addAndGet(5 * SECOND);
    heartbeat.beat();
    now.addAndGet(SECOND);
    heartbeat.beat();
    now.addAndGet(4 * SECOND);
    heartbeat.beat();

    assertThat(target.toString())
        .isEqualTo("backup run: dumping mysql openedx\n"
            + "backup run: still running, 5 s (last: backup run: dumping mysql openedx)\n"
            + "backup run: still running, 10 s (last: backup run: dumping mysql openedx)\n");
  }

  @Test
  @DisplayName("a half-written line is ended first, so the heartbeat never splices into it")
  void endsAHalfLine() {
    heartbeat.err().print("  restore: 12 MiB so far");
    heartbeat.err().flush();
    now.addAndGet(5 * SECOND);

    Optional<String> line = heartbeat.due(now.get());

    assertThat(line).hasValueSatisfying(text -> assertThat(text).startsWith(System.lineSeparator() + "backup run:"));
  }

  @Test
  @DisplayName("a step stalled on a registry that never answers prints a line at least every 5 s until it gives up")
  void stalledStep(@TempDir Path dir) throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        accepted.add(silent.accept());
                      }
                    } catch (IOException closed) {
                      // the test is over
                    }
                  });
      Path map = dir.resolve("lanes.config");
      Files.writeString(
          map,
          "[platform \"acme\"]\n\tbranch = platform/acme\n\tnamespace = openedx-acme\n\tcluster = prod\n"
              + "\tregistry = localhost:5000\n[cluster \"prod\"]\n\tserver = https://10.0.0.10:6443\n");
      TimedWriter err = new TimedWriter();
      StepContext context =
          new StepContext(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Clock.systemUTC(), Map.of());
      long started = System.nanoTime();

      int code =
          Main.run(
              context, "promote", "--config", map.toString(), "--branch", "platform/acme", "--change", "77",
              "--patchset", "1", "--revision", "0123456789abcdef0123456789abcdef01234567", "--image", "openedx",
              "--registry-url", "http://127.0.0.1:" + silent.getLocalPort(), "--timeout", "13");
      long ended = System.nanoTime();
      acceptor.interrupt();

      assertThat(code).as(err.text()).isEqualTo(1);
      assertThat(err.text()).contains("promote: still running, 5 s").contains("promote: still running, 10 s");
      List<Long> times = new ArrayList<>(err.lineTimes());
      times.add(0, started);
      times.add(ended);
      for (int i = 1; i < times.size(); i++) {
        assertThat(times.get(i) - times.get(i - 1))
            .as("gap before line %d of:%n%s", i, err.text())
            .isLessThan(6 * SECOND);
      }
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /** Stderr with the monotonic time each line ended at. */
  private static final class TimedWriter extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final List<Long> lineTimes = new ArrayList<>();

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        text.append(buffer[i]);
        if (buffer[i] == '\n') {
          lineTimes.add(System.nanoTime());
        }
      }
    }

    synchronized String text() {
      return text.toString();
    }

    synchronized List<Long> lineTimes() {
      return List.copyOf(lineTimes);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
