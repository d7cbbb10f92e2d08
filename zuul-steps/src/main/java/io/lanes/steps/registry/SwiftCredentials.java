package io.lanes.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenStack credentials for Swift, from a {@code clouds.yaml} cloud or the {@code OS_*} environment: Keystone v3
 * (password, project scope) or tempauth/swauth v1. {@link #toString()} never shows the password.
 *
 * @param source where they came from, for messages ({@code clouds.yaml cloud "x"} or {@code OS_* environment})
 * @param authVersion 1 or 3
 */
public record SwiftCredentials(
    String source,
    String authUrl,
    int authVersion,
    String username,
    String password,
    Optional<String> projectName,
    Optional<String> userDomainName,
    Optional<String> projectDomainName,
    Optional<String> regionName) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** From {@code OS_*} variables; every missing one is named. */
  public static SwiftCredentials fromEnvironment(Map<String, String> environment) {
    String source = "OS_* environment";
    List<String> missing = new ArrayList<>();
    String authUrl = require(environment, "OS_AUTH_URL", missing);
    String username = require(environment, "OS_USERNAME", missing);
    String password = require(environment, "OS_PASSWORD", missing);
    if (!missing.isEmpty()) {
      throw StepException.configuration(source + ": missing " + String.join(", ", missing));
    }
    return create(
        source, authUrl, Optional.ofNullable(environment.get("OS_IDENTITY_API_VERSION")), username, password,
        optional(environment.get("OS_PROJECT_NAME")).or(() -> optional(environment.get("OS_TENANT_NAME"))),
        optional(environment.get("OS_USER_DOMAIN_NAME")),
        optional(environment.get("OS_PROJECT_DOMAIN_NAME")),
        optional(environment.get("OS_REGION_NAME")));
  }

  /** From cloud {@code cloud} of {@code file} (clouds.yaml); missing keys are named with their path. */
  public static SwiftCredentials fromCloudsFile(Path file, String cloud) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (java.io.FileNotFoundException e) {
      throw StepException.configuration(file + ": no such file");
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw StepException.configuration(file + ": not valid YAML: " + message, e);
    }
    JsonNode node = root == null ? null : root.path("clouds").get(cloud);
    if (node == null || !node.isObject()) {
      List<String> known = new ArrayList<>();
      if (root != null) {
        root.path("clouds").fieldNames().forEachRemaining(known::add);
      }
      throw StepException.configuration(file + ": clouds." + cloud + ": no such cloud (clouds: " + known + ")");
    }
    String source = file + " cloud \"" + cloud + "\"";
    JsonNode auth = node.path("auth");
    List<String> missing = new ArrayList<>();
    String authUrl = text(auth, "auth_url").orElseGet(() -> add(missing, "clouds." + cloud + ".auth.auth_url"));
    String username = text(auth, "username").orElseGet(() -> add(missing, "clouds." + cloud + ".auth.username"));
    String password = text(auth, "password").orElseGet(() -> add(missing, "clouds." + cloud + ".auth.password"));
    if (!missing.isEmpty()) {
      throw StepException.configuration(file + ": missing " + String.join(", ", missing));
    }
    return create(
        source, authUrl, text(node, "identity_api_version"), username, password,
        text(auth, "project_name").or(() -> text(auth, "tenant_name")),
        text(auth, "user_domain_name"),
        text(auth, "project_domain_name"),
        text(node, "region_name"));
  }

  private static SwiftCredentials create(
      String source, String authUrl, Optional<String> apiVersion, String username, String password,
      Optional<String> project, Optional<String> userDomain, Optional<String> projectDomain, Optional<String> region) {
    String url = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
    int version;
    if (apiVersion.isPresent()) {
      version = apiVersion.get().startsWith("3") ? 3 : apiVersion.get().startsWith("1") ? 1 : -1;
    } else {
      version = url.endsWith("/v3") ? 3 : url.matches(".*/(auth/)?v1(\\.0)?$") ? 1 : -1;
    }
    if (version < 0) {
      throw StepException.configuration(
          source + ": cannot tell the auth version of " + url
              + " (expected a Keystone .../v3 or a tempauth .../auth/v1.0 URL, or identity_api_version 3 or 1)");
    }
    if (version == 3 && project.isEmpty()) {
      throw StepException.configuration(source + ": Keystone v3 needs a project name (project_name / OS_PROJECT_NAME)");
    }
    return new SwiftCredentials(
        source, url, version, username, password, project,
        version == 3 ? userDomain.or(() -> Optional.of("Default")) : userDomain,
        version == 3 ? projectDomain.or(() -> Optional.of("Default")) : projectDomain,
        region);
  }

  private static String require(Map<String, String> environment, String key, List<String> missing) {
    String value = environment.get(key);
    if (value == null || value.isBlank()) {
      missing.add(key);
      return null;
    }
    return value;
  }

  private static String add(List<String> missing, String key) {
    missing.add(key);
    return null;
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : optional(value.asText());
  }

  @Override
  public String toString() {
    return "SwiftCredentials[" + source + ", " + authUrl + ", v" + authVersion + ", user " + username + "]";
  }
}
