package io.lanes.gerrit.validation;

import org.eclipse.jgit.lib.ObjectId;

/**
 * What a {@link FileVerdict} depends on: the file's content (its blob id, immutable), its path (messages name it, and
 * it decides between the manifest and the Zuul rules) and the {@link PolicyInputs}. The same key gives the same
 * verdict on every server, so a cache of verdicts needs no invalidation and is safe on replicas and multi-primary
 * sites.
 *
 * @param blob the file's blob id
 * @param path the file's path in the repository
 * @param inputs the map and platform the file is checked against
 */
public record FileVerdictKey(ObjectId blob, String path, PolicyInputs inputs) {
  public FileVerdictKey {
    blob = blob.copy();
  }
}
