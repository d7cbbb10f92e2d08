package io.lanes.steps.deploy;

/**
 * What a deploy did to one object.
 *
 * @param ref the object
 * @param phase the phase it belongs to, or null for pruned objects
 * @param action created, updated, replaced (a Job whose spec changed), unchanged or pruned
 */
public record ObjectChange(ObjectRef ref, Phase phase, Action action) {

  /** What happened to the object. */
  public enum Action {
    CREATED,
    UPDATED,
    REPLACED,
    UNCHANGED,
    PRUNED;

    /** Lowercase, as results and logs say it. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
