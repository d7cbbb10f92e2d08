package io.lanes.core.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Open edX platform: its branch, its lane (namespace on a cluster) and its rules. See {@link LanesConfig} for
 * the meaning and default of every field.
 */
public record Platform(
    String name,
    String branch,
    String namespace,
    String cluster,
    String registry,
    Optional<String> ownerGroup,
    boolean isProtected,
    List<FreezeInterval> freezes,
    List<String> allowedImages,
    Optional<String> backup,
    List<String> allowedKinds) {

  public Platform {
    freezes = List.copyOf(freezes);
    allowedImages = List.copyOf(allowedImages);
    allowedKinds = List.copyOf(allowedKinds);
  }


  /** The freeze that covers {@code now}, if any. */
  public Optional<FreezeInterval> freezeAt(Instant now) {
    return freezes.stream().filter(f -> f.covers(now)).findFirst();
  }
}
