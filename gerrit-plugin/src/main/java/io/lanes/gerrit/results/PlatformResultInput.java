package io.lanes.gerrit.results;

/** The body of {@code POST /projects/{project}/lanes~platform-results}: a stage result of one platform. */
public class PlatformResultInput extends StageResultInput {
  public String platform;
}
