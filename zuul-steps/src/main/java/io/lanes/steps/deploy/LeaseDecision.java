package io.lanes.steps.deploy;

import java.time.Duration;
import java.time.Instant;

/**
 * What a deploy does about its namespace's lock, given the Lease as it is now. Pure.
 *
 * @param action what to do
 * @param holder the current holder (for messages), or null when free
 * @param expires when the current holder's claim runs out, or null when free
 */
public record LeaseDecision(Action action, String holder, Instant expires) {

  /** What to do about the lock. */
  public enum Action {
    /** No Lease yet: create it. */
    CREATE,
    /** Free (released), ours already (a re-run of the same build), or stale past its TTL: update it to ours. */
    TAKE,
    /** Another deploy holds it and its claim is fresh: wait. */
    WAIT
  }

  /**
   * @param exists whether the Lease exists
   * @param holder its {@code holderIdentity}, null or empty when released
   * @param renewed its {@code renewTime} (or {@code acquireTime}), null when never set
   * @param duration its {@code leaseDurationSeconds}
   * @param me this deploy's holder identity
   */
  public static LeaseDecision decide(
      boolean exists, String holder, Instant renewed, Duration duration, String me, Instant now) {
    if (!exists) {
      return new LeaseDecision(Action.CREATE, null, null);
    }
    if (holder == null || holder.isEmpty() || holder.equals(me) || renewed == null) {
      return new LeaseDecision(Action.TAKE, holder, null);
    }
    Instant expires = renewed.plus(duration);
    if (!now.isBefore(expires)) {
      return new LeaseDecision(Action.TAKE, holder, expires);
    }
    return new LeaseDecision(Action.WAIT, holder, expires);
  }

  /** Whether this takes over another deploy's stale claim. */
  public boolean takesOver(String me) {
    return action == Action.TAKE && holder != null && !holder.isEmpty() && !holder.equals(me) && expires != null;
  }
}
