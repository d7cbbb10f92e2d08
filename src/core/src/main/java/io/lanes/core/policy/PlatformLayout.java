package io.lanes.core.policy;

/**
 * Where things live on a platform branch. The Tutor kustomize tree is under {@code env/} ({@code
 * env/kustomization.yml}, {@code env/k8s/*.yml}); the platform's Zuul configuration is where Zuul reads it ({@code
 * zuul.yaml}, {@code .zuul.yaml}, {@code zuul.d/}, {@code .zuul.d/}; Zuul loads only {@code .yaml} files there).
 */
public final class PlatformLayout {
  /** The kustomize tree Tutor renders ({@code tutor config save} writes it). */
  public static final String KUSTOMIZE_ROOT = "env/";

  private PlatformLayout() {}

  /** Whether the lane policy checks the file as manifests: YAML under {@link #KUSTOMIZE_ROOT}. */
  public static boolean isManifest(String path) {
    return path.startsWith(KUSTOMIZE_ROOT) && (path.endsWith(".yml") || path.endsWith(".yaml"));
  }

  /** Whether Zuul reads the file as configuration, so the Zuul rules of the lane policy check it. */
  public static boolean isZuulConfig(String path) {
    if (path.equals("zuul.yaml") || path.equals(".zuul.yaml")) {
      return true;
    }
    return (path.startsWith("zuul.d/") || path.startsWith(".zuul.d/")) && path.endsWith(".yaml");
  }
}
