package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.StepException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way Lanes writes an object, for deploy and for {@code backup install}: the object carries its {@link
 * ObjectDigest} annotation; one whose live copy has the same digest and still holds every field Lanes sets ({@link
 * ApplyDecision}) is left alone; any other is applied server-side ({@link ServerSideApply}); a Job whose spec changed
 * is deleted and created again (a Job's pod template cannot be updated). Thread-safe.
 */
public final class ObjectApplier {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** What became of one object. */
  public enum Outcome {
    CREATED,
    UPDATED,
    REPLACED,
    UNCHANGED;

    /** Lowercase, as results and logs say it. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final KubernetesClient client;
  private final ServerSideApply apply;

  /**
   * @param forceConflicts whether fields another field manager owns are taken over (else such a conflict fails)
   */
  public ObjectApplier(KubernetesClient client, boolean forceConflicts) {
    this.client = client;
    this.apply = new ServerSideApply(client, forceConflicts);
  }

  /** {@code object} as a generic resource annotated with its digest, ready for {@link #apply}. Pure. */
  public static GenericKubernetesResource annotated(HasMetadata object) {
    GenericKubernetesResource generic = SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    ObjectDigest.annotate(generic);
    return generic;
  }

  /** Applies {@code desired} (digest-annotated), reading its live copy first. */
  public Outcome apply(GenericKubernetesResource desired) {
    return apply(desired, read(desired));
  }

  /** Applies {@code desired} (digest-annotated) over {@code live}, its live copy as already read. */
  public Outcome apply(GenericKubernetesResource desired, Optional<GenericKubernetesResource> live) {
    if (ApplyDecision.unchanged(desired, live)) {
      return Outcome.UNCHANGED;
    }
    if (live.isPresent() && "Job".equals(desired.getKind())) {
      delete(live.get());
      apply.apply(desired);
      return Outcome.REPLACED;
    }
    apply.apply(desired);
    return live.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
  }

  /** The live object with {@code object}'s kind, namespace and name, or empty when there is none. */
  public Optional<GenericKubernetesResource> read(GenericKubernetesResource object) {
    try {
      return Optional.ofNullable(client.resource(object).get());
    } catch (KubernetesClientException e) {
      throw StepException.failure(KubeErrors.cannot("read", object, client.getMasterUrl(), e), e);
    }
  }

  private void delete(GenericKubernetesResource job) {
    try {
      client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      client.resource(job).waitUntilCondition(j -> j == null, 2, TimeUnit.MINUTES);
    } catch (KubernetesClientException e) {
      throw StepException.failure(KubeErrors.cannot("replace", job, null, e), e);
    }
  }
}
