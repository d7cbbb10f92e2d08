package io.lanes.gerrit.restapi;

import io.lanes.gerrit.results.StageResultInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of {@code GET /projects/{project}/lanes~overview}, what the plugin's Lanes page shows: every platform with
 * its lane, its gate and its open changes.
 */
public class LanesOverviewInfo {
  public String project;
  public String now;
  public List<PlatformLaneInfo> platforms = new ArrayList<>();

  /** One platform: its lane, its gate and its open changes. */
  public static class PlatformLaneInfo {
    public String name;
    public String branch;
    public String namespace;
    public String cluster;
    public String server;
    public String registry;
    public Boolean isProtected;
    /** The platform's {@code ownerGroup}, or "project owners" without one. */
    public String owners;
    public Boolean frozen;
    public String frozenUntil;
    public String nextFreeze;
    public List<OpenChangeInfo> openChanges = new ArrayList<>();
    /** Whether the platform has more open changes than {@link #openChanges} lists. */
    public Boolean moreChanges;
    /** The release deployed now: the newest deploy result of the platform's recently merged changes; unset if none. */
    public Integer release;
    /** The merged change whose deploy reported {@link #release}. */
    public Integer releaseChange;
    /** The platform's last reported backup; unset when none was. */
    public StageResultInfo lastBackup;
    /** The platform's last reported restore drill; unset when none was. */
    public StageResultInfo lastDrill;
  }

  /** One open change of a platform, as the gate sees it now. */
  public static class OpenChangeInfo {
    public int number;
    public String subject;
    /** {@code DEPLOYABLE}, {@code OVERRIDDEN} (an owner lifted the freeze) or {@code BLOCKED}. */
    public String gate;
    public List<String> reasons;
  }
}
