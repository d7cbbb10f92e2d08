package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.StepException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads kustomize's output into objects with fabric8's serialization, each with its source file and line (from a
 * {@link SourceIndex}). {@code deploy} can read a release the same way.
 */
public final class ManifestParser {
  private final KubernetesSerialization serialization;

  /** A parser using {@code serialization} (thread-safe; share one per process). */
  public ManifestParser(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /**
   * The objects of {@code output}, in kustomize's order, each placed by {@code sources}. Documents are parsed in
   * parallel (fabric8's serialization is thread-safe).
   */
  public List<RenderedObject> parse(Kustomize.Output output, SourceIndex sources) {
    List<String> documents = documents(output.yaml());
    List<GenericKubernetesResource> resources = documents.parallelStream().map(this::resource).toList();
    List<RenderedObject> objects = new ArrayList<>(resources.size());
    for (int i = 0; i < resources.size(); i++) {
      GenericKubernetesResource resource = resources.get(i);
      if (resource == null) {
        continue;
      }
      if (resource.getMetadata() == null || resource.getMetadata().getName() == null || resource.getKind() == null) {
        throw StepException.configuration("an object without kind or metadata.name: " + firstLine(documents.get(i)));
      }
      SourceIndex.Source source = sources.locate(resource.getKind(), resource.getMetadata().getName());
      objects.add(new RenderedObject(resource, source.file(), source.line(), source.fieldLines()));
    }
    return objects;
  }

  private GenericKubernetesResource resource(String document) {
    try {
      return serialization.unmarshal(document, GenericKubernetesResource.class);
    } catch (RuntimeException e) {
      throw StepException.failure("cannot read kustomize's output: " + e.getMessage(), e);
    }
  }

  /** The YAML documents of a stream kustomize wrote: it separates them with lines of exactly {@code ---}. */
  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      if (line.equals("---")) {
        add(documents, current);
      } else {
        current.append(line).append('\n');
      }
    }
    add(documents, current);
    return documents;
  }

  private static void add(List<String> documents, StringBuilder current) {
    if (!current.toString().isBlank()) {
      documents.add(current.toString());
    }
    current.setLength(0);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
