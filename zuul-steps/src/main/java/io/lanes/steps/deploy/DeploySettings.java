package io.lanes.steps.deploy;

import java.time.Duration;

/**
 * How a deploy behaves, from the step's flags.
 *
 * @param holder the lock's holder identity (the Zuul build's UUID)
 * @param lockTtl how long the lock holds without renewal
 * @param lockWait how long to wait for another deploy's lock
 * @param rolloutTimeout how long one object's rollout or Job may take
 * @param timeout how long the whole deploy may take
 * @param poll how often locks and rollouts are polled
 * @param parallelism how many objects of one phase are applied at once
 * @param forceConflicts whether server-side apply forces conflicts with other field managers
 * @param pruneVolumes whether PersistentVolumeClaims no longer rendered are deleted
 * @param keepReleases how many release records are kept
 */
public record DeploySettings(
    String holder,
    Duration lockTtl,
    Duration lockWait,
    Duration rolloutTimeout,
    Duration timeout,
    Duration poll,
    int parallelism,
    boolean forceConflicts,
    boolean pruneVolumes,
    int keepReleases) {}
