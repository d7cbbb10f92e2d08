package io.lanes.gerrit.restapi;

import static com.google.gerrit.server.change.RevisionResource.REVISION_KIND;
import static com.google.gerrit.server.project.ProjectResource.PROJECT_KIND;

import com.google.gerrit.extensions.restapi.RestApiModule;
import io.lanes.gerrit.results.GetResults;
import io.lanes.gerrit.results.PostPlatformResult;
import io.lanes.gerrit.results.PostResult;

/** The plugin's REST endpoints. */
public class RestModule extends RestApiModule {
  @Override
  protected void configure() {
    get(PROJECT_KIND, "platforms").to(GetPlatforms.class);
    get(PROJECT_KIND, "overview").to(GetLanesOverview.class);
    post(PROJECT_KIND, "platform-results").to(PostPlatformResult.class);
    get(REVISION_KIND, "target").to(GetTarget.class);
    get(REVISION_KIND, "policy").to(GetPolicy.class);
    get(REVISION_KIND, "results").to(GetResults.class);
    post(REVISION_KIND, "results").to(PostResult.class);
  }
}
