package io.lanes.gerrit.results;

import com.google.gerrit.extensions.restapi.Response;
import com.google.gerrit.extensions.restapi.RestReadView;
import com.google.gerrit.server.change.RevisionResource;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /changes/{change}/revisions/{revision}/lanes~results}: every stage reported for the patch set, by stage
 * name in the order a change meets them; an empty object when none was. Callers need read access to the change.
 */
@Singleton
public class GetResults implements RestReadView<RevisionResource> {
  private final ResultStore store;

  @Inject
  GetResults(ResultStore store) {
    this.store = store;
  }

  @Override
  public Response<Map<String, StageResultInfo>> apply(RevisionResource resource) throws IOException {
    return Response.ok(store.read(resource.getProject(), resource.getPatchSet().id()));
  }
}
