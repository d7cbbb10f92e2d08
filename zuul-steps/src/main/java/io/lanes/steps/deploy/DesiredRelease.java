package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.render.InitJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A release as deploy means to apply it: the rendered objects, each annotated with its {@link ObjectDigest}, and the
 * digests the release record keeps. Pure.
 *
 * @param commit the commit it was rendered from
 * @param imageTag the tag of the platform's own images
 * @param images the image digests it pins
 * @param objects the objects, annotated
 * @param digests each object's key and digest
 * @param manifestDigest the digest of the whole release's objects
 * @param initJobs a Tutor platform's init tasks, in Tutor's order, run after the data stores (none for an env without
 *     Tutor's tasks, whose Jobs are then applied and waited for like any object)
 * @param openedxRelease the Open edX release a Tutor project's env deploys (Tutor's name, e.g. {@code verawood}), as
 *     Tutor says; empty when not known (no Tutor project, or a release rendered again for a rollback)
 */
public record DesiredRelease(
    String commit,
    String imageTag,
    SortedMap<String, String> images,
    List<GenericKubernetesResource> objects,
    SortedMap<String, String> digests,
    String manifestDigest,
    List<InitJob> initJobs,
    String openedxRelease) {

  /** Annotates {@code objects} in place with their digests and sums them up; no init tasks. */
  public static DesiredRelease of(
      String commit, String imageTag, Map<String, String> images, List<GenericKubernetesResource> objects) {
    return of(commit, imageTag, images, objects, List.of());
  }

  /** Annotates {@code objects} in place with their digests and sums them up with the init tasks' keys. */
  public static DesiredRelease of(
      String commit,
      String imageTag,
      Map<String, String> images,
      List<GenericKubernetesResource> objects,
      List<InitJob> initJobs) {
    SortedMap<String, String> digests = new TreeMap<>();
    for (GenericKubernetesResource object : objects) {
      String digest = ObjectDigest.annotate(object);
      digests.put(ObjectRef.of(object).key(), digest);
    }
    return new DesiredRelease(
        commit, imageTag, new TreeMap<>(images), List.copyOf(objects), digests, ObjectDigest.manifest(digests),
        List.copyOf(initJobs), "");
  }

  /** This release, said to deploy Open edX {@code release}. */
  public DesiredRelease withOpenedxRelease(String release) {
    return new DesiredRelease(commit, imageTag, images, objects, digests, manifestDigest, initJobs, release);
  }

  /** The init tasks as a release record keeps them: {@link InitJob#recordName()} to {@link InitJob#key()}. */
  public SortedMap<String, String> initTasks() {
    return initTasks(initJobs);
  }

  private static SortedMap<String, String> initTasks(List<InitJob> initJobs) {
    SortedMap<String, String> tasks = new TreeMap<>();
    initJobs.forEach(job -> tasks.put(job.recordName(), job.key()));
    return tasks;
  }
}
