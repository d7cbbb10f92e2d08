package io.lanes.gerrit.submit;

/**
 * One vote on a change's current patch set, as the gate sees it.
 *
 * @param label the label's name
 * @param value the vote
 * @param voter the voter's name, for messages
 * @param byOwner whether the voter owns the platform: a member of its {@code ownerGroup}, or, for a platform without
 *     one, an owner of the project (Administrators included)
 */
public record Vote(String label, int value, String voter, boolean byOwner) {}
