package io.lanes.gerrit.results;

import java.util.List;

/**
 * The body of {@code POST /changes/{change}/revisions/{revision}/lanes~results}: what a Zuul job reports about one
 * stage of a patch set. {@link StageResults#problems} says what is valid.
 */
public class StageResultInput {
  public String stage;
  public String status;
  public String summary;
  public String url;
  public List<String> items;
  public Integer release;
}
