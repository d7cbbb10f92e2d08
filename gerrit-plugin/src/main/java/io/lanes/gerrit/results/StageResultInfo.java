package io.lanes.gerrit.results;

import java.util.List;

/** One stage's result of a patch set as stored and answered: what was reported, by whom and when. */
public class StageResultInfo {
  public String stage;
  public String status;
  public String summary;
  public String url;
  public List<String> items;
  public Integer release;
  public String reportedBy;
  public String reportedAt;
}
