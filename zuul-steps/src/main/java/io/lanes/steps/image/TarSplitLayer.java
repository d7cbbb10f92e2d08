package io.lanes.steps.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.lanes.steps.BlockInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * One layer of containers-storage as the exact tar stream it was stored from. containers-storage keeps, beside a
 * layer's extracted files ({@code overlay/<id>/diff/}), its tar-split ({@code overlay-layers/<id>.tar-split.gz}:
 * gzip'd JSON lines, one per piece of the original tar): type 2 is a raw segment (headers, padding; base64
 * {@code payload}), type 1 a file whose {@code size} bytes come from {@code name} (or the base64 {@code name_raw})
 * under the diff directory. The segments and the file contents, in order, are the original tar byte for byte, whose
 * sha256 is the layer's diff ID. Memory stays flat: one line and one file are open at a time.
 */
final class TarSplitLayer {
  private static final int SEGMENT = 2;
  private static final int FILE = 1;
  private static final ObjectReader ENTRIES = new ObjectMapper().readerFor(Entry.class);

  private final Path tarSplit;
  private final Path diff;

  /**
   * @param tarSplit the layer's {@code <id>.tar-split.gz}
   * @param diff the layer's extracted files, {@code overlay/<id>/diff}
   */
  TarSplitLayer(Path tarSplit, Path diff) {
    this.tarSplit = tarSplit;
    this.diff = diff.toAbsolutePath().normalize();
  }

  /** A line of the tar-split. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Entry(
      @JsonProperty("type") int type,
      @JsonProperty("name") String name,
      @JsonProperty("name_raw") byte[] nameRaw,
      @JsonProperty("size") long size,
      @JsonProperty("payload") byte[] payload) {}

  /** Where the layer's files are. */
  Path diff() {
    return diff;
  }

  /**
   * Reads the whole tar-split once and checks that every file it names is a regular file under the diff directory
   * that this process can read; returns the length of the tar stream. Fails naming the first file that is not.
   */
  long check() throws IOException {
    long length = 0;
    try (MappingIterator<Entry> entries = entries()) {
      while (entries.hasNextValue()) {
        Entry entry = entries.nextValue();
        if (entry.type() == SEGMENT) {
          length += entry.payload() == null ? 0 : entry.payload().length;
        } else if (entry.type() == FILE && entry.size() > 0) {
          Path file = file(entry);
          if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(file)) {
            throw new IOException(file + " is not a regular file this process can read");
          }
          length += entry.size();
        } else if (entry.type() != FILE) {
          throw new IOException(tarSplit + ": an entry of unknown type " + entry.type());
        }
      }
    }
    return length;
  }

  /** The layer's tar stream. */
  InputStream open() throws IOException {
    return new Assembly(entries());
  }

  private MappingIterator<Entry> entries() throws IOException {
    return ENTRIES.readValues(new GZIPInputStream(Files.newInputStream(tarSplit), 1 << 16));
  }

  /** The file an entry names, refused when its name is not UTF-8 or leads out of the diff directory. */
  private Path file(Entry entry) throws IOException {
    if (entry.nameRaw() != null && entry.nameRaw().length > 0) {
      throw new IOException(tarSplit + ": a file name that is not UTF-8 (name_raw), which Lanes does not read");
    }
    if (entry.name() == null || entry.name().isEmpty()) {
      throw new IOException(tarSplit + ": a file entry without a name");
    }
    Path file;
    try {
      file = diff.resolve(entry.name().startsWith("/") ? entry.name().substring(1) : entry.name()).normalize();
    } catch (InvalidPathException e) {
      throw new IOException(tarSplit + ": file name " + entry.name() + " is not a path here", e);
    }
    if (!file.startsWith(diff) || file.equals(diff)) {
      throw new IOException(tarSplit + ": file name " + entry.name() + " leads out of " + diff);
    }
    return file;
  }

  /** The segments and files of the tar-split, in order, as one stream. */
  private final class Assembly extends BlockInputStream {
    private final MappingIterator<Entry> entries;
    private InputStream part;
    private String partName;
    private long partLeft;

    Assembly(MappingIterator<Entry> entries) {
      this.entries = entries;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (part == null || partLeft == 0) {
        closePart();
        if (!next()) {
          return -1;
        }
      }
      int n = part.read(buffer, offset, (int) Math.min(length, partLeft));
      if (n < 0) {
        throw new IOException(partName + " is shorter than the tar-split of " + diff + " says (" + partLeft
            + " bytes missing)");
      }
      partLeft -= n;
      return n;
    }

    /** Opens the next piece with bytes; false at the end. */
    private boolean next() throws IOException {
      while (entries.hasNextValue()) {
        Entry entry = entries.nextValue();
        if (entry.type() == SEGMENT && entry.payload() != null && entry.payload().length > 0) {
          part = new ByteArrayInputStream(entry.payload());
          partName = "a segment of " + tarSplit;
          partLeft = entry.payload().length;
          return true;
        }
        if (entry.type() == FILE && entry.size() > 0) {
          Path file = file(entry);
          part = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
          partName = file.toString();
          partLeft = entry.size();
          return true;
        }
      }
      return false;
    }

    private void closePart() throws IOException {
      if (part != null) {
        part.close();
        part = null;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        closePart();
      } finally {
        entries.close();
      }
    }
  }
}
