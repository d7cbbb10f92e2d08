package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.BinlogEvents;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.AgeRecipients;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BinlogSegment;
import io.lanes.steps.backup.store.ObjectWriter;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Ships a platform's MariaDB binary log to its bucket in segments, for {@code restore --to-time}. A local copy of the
 * binlog grows in a work directory ({@code mariadb-binlog --raw --stop-never}, started by the step); each {@link
 * #cycle} notes where the server's binlog ends, waits until the copy has reached that point, then stores the new
 * complete events of every file as one segment each (gzip, age when recipients are given, SHA-256), the segment's
 * manifest after its object. The last segment of a cycle covers until the cycle's start: whatever the server committed
 * before it is stored. What {@code backup binlogs} runs.
 */
final class BinlogShipper {
  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private final ObjectStore store;
  private final String platform;
  private final Optional<AgeRecipients> recipients;
  private final PrintWriter log;
  /** Per file, the offset up to which it is stored. */
  private final Map<String, Long> shipped = new TreeMap<>();
  private BinlogSegment last;

  BinlogShipper(ObjectStore store, String platform, Optional<AgeRecipients> recipients, PrintWriter log) {
    this.store = store;
    this.platform = platform;
    this.recipients = recipients;
    this.log = log;
    for (BinlogSegment segment : BinlogCatalog.segments(store, platform, Optional.empty())) {
      shipped.merge(segment.file(), segment.end(), Math::max);
      if (last == null || order(segment, last) > 0) {
        last = segment;
      }
    }
  }

  private static int order(BinlogSegment a, BinlogSegment b) {
    int byFile = a.file().compareTo(b.file());
    return byFile != 0 ? byFile : Long.compare(a.start(), b.start());
  }

  /**
   * The file to copy from: where shipping stopped last time, else where the newest backup's dump stands (so it can be
   * replayed from), else the file the server writes now.
   */
  String firstFile(MariaDb db) {
    Optional<String> newestBackupFile = BackupCatalog.list(store, platform).stream()
        .flatMap(l -> l.manifest().stream())
        .map(m -> m.consistentPoint() == null ? null : m.consistentPoint().binlogFile())
        .filter(java.util.Objects::nonNull)
        .findFirst();
    List<String> onServer = db.binlogFiles();
    if (last != null) {
      String resume = last.closed() ? BinlogEvents.next(last.file()) : last.file();
      if (!onServer.contains(resume)) {
        log.printf(
            "warning: binlog %s, where shipping stopped, is gone from the server: the binlogs stored end there, and"
                + " point-in-time restores need a backup taken after now%n", resume);
        return db.binlogEnd().orElseThrow().file();
      }
      return resume;
    }
    if (newestBackupFile.isPresent() && onServer.contains(newestBackupFile.get())) {
      return newestBackupFile.get();
    }
    return db.binlogEnd()
        .orElseThrow(() -> StepException.configuration("MySQL server " + db + " writes no binary log (log_bin is off)"))
        .file();
  }

  /**
   * What a run stored.
   *
   * @param segments how many segments
   * @param bytes their stored bytes
   * @param coveredUntil until when the stored binlog covers, after the last cycle
   */
  record Shipped(long segments, long bytes, Instant coveredUntil) {}

  /**
   * Copies the server's binlog from {@code first} into {@code work} and ships it every {@code intervalSeconds} until
   * interrupted (or once): {@code backup binlogs}. Interruption ends it normally; a JVM shut down by a signal stops the
   * copy process too.
   */
  Shipped run(
      MariaDb db, Path work, String first, java.time.Clock clock, int intervalSeconds, boolean once,
      java.util.function.Function<Instant, Optional<ObjectStore.Retention>> lock) {
    long segments = 0;
    long bytes = 0;
    Instant covered = null;
    try (MariaDb.BinlogCopy copy = db.copyBinlogs(work, first)) {
      // SIGTERM (a pod stopped) ends the JVM without leaving this block: stop the copy with it
      Thread stopCopy = new Thread(copy::close, "stop-binlog-copy");
      Runtime.getRuntime().addShutdownHook(stopCopy);
      try {
        while (true) {
          Instant now = clock.instant();
          MariaDb.BinlogPosition end = db.binlogEnd().orElseThrow();
          copy.checkRunning();
          List<BinlogSegment> stored = cycle(work, end, now, lock.apply(now));
          segments += stored.size();
          bytes += stored.stream().mapToLong(BinlogSegment::size).sum();
          covered = now;
          if (once) {
            break;
          }
          Thread.sleep(intervalSeconds * 1000L);
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopCopy);
        } catch (IllegalStateException e) {
          // the JVM is shutting down already: the hook stops the copy
        }
      }
    } catch (InterruptedException e) {
      log.println("binlogs: stopped");
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw StepException.failure("binlogs: cannot read the local copy in " + work + ": " + e.getMessage(), e);
    }
    return new Shipped(segments, bytes, covered);
  }

  /**
   * One cycle: waits until the copy in {@code directory} reached {@code end} (the server's binlog end at {@code now}),
   * then stores what is new.
   *
   * @return the segments stored
   */
  List<BinlogSegment> cycle(Path directory, MariaDb.BinlogPosition end, Instant now, Optional<ObjectStore.Retention> lock)
      throws IOException, InterruptedException {
    awaitCopy(directory, end);
    lock.ifPresent(store::retainWrites);
    List<Path> files;
    try (Stream<Path> listed = Files.list(directory)) {
      files = listed.filter(f -> BinlogEvents.isFileName(f.getFileName().toString())).sorted().toList();
    }
    List<BinlogSegment> stored = new ArrayList<>();
    for (Path path : files) {
      String file = path.getFileName().toString();
      long from = shipped.getOrDefault(file, 0L);
      long size = Files.size(path);
      BinlogEvents.Scan scan = BinlogEvents.scan(path, from, size);
      if (scan.end() > from) {
        stored.add(store(path, file, from, scan));
      }
      if (scan.closed() && scan.end() == size) {
        // stored to its end, and the server writes the next file: the local copy is no longer needed
        Files.delete(path);
      }
    }
    if (!stored.isEmpty()) {
      BinlogSegment newest = stored.get(stored.size() - 1).coveredUntil(now);
      putManifest(newest);
      stored.set(stored.size() - 1, newest);
      last = newest;
    } else if (last != null) {
      // nothing new: the server committed nothing since; what is stored covers until now
      last = last.coveredUntil(now);
      putManifest(last);
    }
    if (last != null) {
      store.put(BackupLayout.binlogCoverage(platform), coverage(last), "application/json");
    }
    return stored;
  }

  private static byte[] coverage(BinlogSegment last) {
    return ("{\"file\": \"" + last.file() + "\", \"end\": " + last.end() + ", \"coveredUntil\": \""
        + last.coveredUntil() + "\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void awaitCopy(Path directory, MariaDb.BinlogPosition end) throws InterruptedException, IOException {
    Path file = directory.resolve(end.file());
    Instant deadline = Instant.now().plus(CATCH_UP);
    while (!Files.exists(file) || Files.size(file) < end.position()) {
      if (Instant.now().isAfter(deadline)) {
        throw StepException.failure(
            "the binlog copy has not reached " + end.file() + ":" + end.position() + " after " + CATCH_UP.toSeconds()
                + " s (is mariadb-binlog still connected?)", null);
      }
      Thread.sleep(100);
    }
  }

  private BinlogSegment store(Path path, String file, long from, BinlogEvents.Scan scan) throws IOException {
    String key = BackupLayout.binlogSegment(file, from, recipients.isPresent());
    String full = BackupLayout.binlogPrefix(platform) + key;
    ObjectWriter writer = new ObjectWriter(store.upload(full), 1, recipients);
    ObjectWriter.Stored written;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.position(from);
      InputStream in = Channels.newInputStream(channel);
      byte[] buffer = new byte[64 * 1024];
      long left = scan.end() - from;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(path + " ended at byte " + (scan.end() - left) + ", before " + scan.end());
        }
        writer.write(buffer, 0, n);
        left -= n;
      }
      written = writer.finish();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    BinlogSegment segment =
        new BinlogSegment(
            BinlogSegment.FORMAT, platform, file, from, scan.end(), key, written.size(), written.sha256(),
            scan.firstEvent().orElse(null), scan.lastEvent().orElse(null), scan.closed(),
            scan.lastEvent().orElse(null), recipients.map(AgeRecipients::manifestEntry).orElse(null));
    putManifest(segment);
    shipped.put(file, scan.end());
    log.printf(
        "binlogs: stored %s bytes %d-%d (%d events, %s)%n",
        file, from, scan.end(), scan.events(), Progress.bytes(written.size()));
    return segment;
  }

  private void putManifest(BinlogSegment segment) {
    store.put(
        BackupLayout.binlogPrefix(platform) + BackupLayout.binlogSegmentManifest(segment.file(), segment.start()),
        segment.toJson(), "application/json");
  }
}
