package io.lanes.steps.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lanes.steps.StepException;
import io.lanes.steps.openstack.CloudCredentials.AuthVersion;
import io.lanes.steps.openstack.CloudCredentials.NameOrId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds OpenStack credentials the way OpenStack's own clients do: a cloud of {@code clouds.yaml} named by {@code
 * --cloud} or {@code OS_CLOUD}, else the {@code OS_*} environment. {@code clouds.yaml} is the file named by {@code
 * --clouds-file}, else {@code OS_CLIENT_CONFIG_FILE}, else the first of {@code ./clouds.yaml}, {@code
 * ~/.config/openstack/clouds.yaml}, {@code /etc/openstack/clouds.yaml}. Secret values are never taken from flags.
 *
 * <p>The auth version is {@code identity_api_version} / {@code OS_IDENTITY_API_VERSION} ({@code 3} or {@code 1})
 * when given, else tempauth v1 for an auth URL ending in {@code /auth/v1.0}, {@code /v1.0} or {@code /v1}, else
 * Keystone v3. Keystone v3 needs a project; tempauth v1 does not. This is the one reader of OpenStack credentials:
 * the cluster step and {@code registry-config} both use it.
 */
public final class CloudCredentialsReader {
  static final String DEFAULT_DOMAIN = "Default";
  static final String DEFAULT_INTERFACE = "public";
  private static final Set<String> INTERFACES = Set.of("public", "internal", "admin");
  private static final Set<String> PASSWORD_AUTH_TYPES = Set.of("password", "v3password");
  private static final String APPLICATION_CREDENTIAL_AUTH_TYPE = "v3applicationcredential";
  private static final Pattern TEMPAUTH_URL = Pattern.compile(".*/(auth/)?v1(\\.0)?");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> environment;
  private final Path workingDirectory;

  /** Reads with the given environment; relative paths resolve against {@code workingDirectory}. */
  public CloudCredentialsReader(Map<String, String> environment, Path workingDirectory) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
  }

  /**
   * The credentials, or one configuration error that names the file, the cloud and every missing key.
   *
   * @param cloud the cloud of {@code clouds.yaml} given by {@code --cloud}, if any
   * @param cloudsFile the file given by {@code --clouds-file}, if any
   */
  public CloudCredentials read(Optional<String> cloud, Optional<Path> cloudsFile) {
    Optional<String> cloudName = cloud.or(() -> env("OS_CLOUD"));
    if (cloudName.isPresent()) {
      return fromCloudsFile(cloudName.get(), cloudsFile.or(() -> env("OS_CLIENT_CONFIG_FILE").map(Path::of)));
    }
    if (env("OS_AUTH_URL").isPresent()) {
      return fromEnvironment();
    }
    throw StepException.configuration(
        "no OpenStack credentials: give --cloud NAME (a cloud of clouds.yaml) or set OS_CLOUD, or set OS_AUTH_URL,"
            + " OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME");
  }

  private CloudCredentials fromEnvironment() {
    String source = "OS_* environment";
    List<String> missing = new ArrayList<>();
    boolean applicationCredential = isApplicationCredential(source, "OS_AUTH_TYPE", env("OS_AUTH_TYPE"));
    String authUrl = required(missing, "OS_AUTH_URL", env("OS_AUTH_URL"));
    AuthVersion authVersion =
        authVersion(source, "OS_IDENTITY_API_VERSION", env("OS_IDENTITY_API_VERSION"), env("OS_AUTH_URL"));
    Optional<NameOrId> project = Optional.empty();
    CloudCredentials.Login login;
    if (applicationCredential) {
      login = new CloudCredentials.ApplicationCredential(
          required(missing, "OS_APPLICATION_CREDENTIAL_ID", env("OS_APPLICATION_CREDENTIAL_ID")),
          required(missing, "OS_APPLICATION_CREDENTIAL_SECRET", env("OS_APPLICATION_CREDENTIAL_SECRET")));
    } else {
      String username = required(missing, "OS_USERNAME", env("OS_USERNAME"));
      String password = required(missing, "OS_PASSWORD", env("OS_PASSWORD"));
      project =
          nameOrId(env("OS_PROJECT_NAME"), env("OS_PROJECT_ID"))
              .or(() -> nameOrId(env("OS_TENANT_NAME"), env("OS_TENANT_ID")));
      if (project.isEmpty() && authVersion == AuthVersion.KEYSTONE_V3) {
        missing.add("OS_PROJECT_NAME (or OS_PROJECT_ID)");
      }
      NameOrId userDomain =
          nameOrId(env("OS_USER_DOMAIN_NAME"), env("OS_USER_DOMAIN_ID")).orElse(NameOrId.name(DEFAULT_DOMAIN));
      login = new CloudCredentials.Password(username, password, userDomain);
    }
    if (!missing.isEmpty()) {
      throw StepException.configuration(source + ": missing " + String.join(", ", missing));
    }
    keystoneOnly(source, applicationCredential, authVersion);
    NameOrId projectDomain =
        nameOrId(env("OS_PROJECT_DOMAIN_NAME"), env("OS_PROJECT_DOMAIN_ID")).orElse(NameOrId.name(DEFAULT_DOMAIN));
    String endpointInterface = endpointInterface(source, "OS_INTERFACE", env("OS_INTERFACE"));
    return new CloudCredentials(
        source, trimSlash(authUrl), authVersion, login, project, projectDomain, env("OS_REGION_NAME"),
        endpointInterface);
  }

  private CloudCredentials fromCloudsFile(String cloudName, Optional<Path> explicitFile) {
    Path file = explicitFile.map(workingDirectory::resolve).orElseGet(this::findCloudsFile);
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (java.nio.file.NoSuchFileException e) {
      throw StepException.configuration(file + ": no such file (clouds.yaml for cloud \"" + cloudName + "\")");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // The parser's message quotes the offending line, which may hold a password: give the position only.
      var at = e.getLocation();
      throw StepException.configuration(
          file + ": not valid YAML" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr()
              + ")"));
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read: " + e.getMessage());
    }
    JsonNode clouds = root == null ? null : root.get("clouds");
    if (clouds == null || !clouds.isObject()) {
      throw StepException.configuration(file + ": clouds: missing (a map of clouds by name)");
    }
    JsonNode entry = clouds.get(cloudName);
    if (entry == null || !entry.isObject()) {
      List<String> known = new ArrayList<>();
      clouds.fieldNames().forEachRemaining(known::add);
      throw StepException.configuration(
          file + ": clouds." + cloudName + ": no such cloud (known: "
              + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
    String prefix = "clouds." + cloudName;
    String source = file + " cloud \"" + cloudName + "\"";
    boolean applicationCredential =
        isApplicationCredential(file + ": " + prefix, prefix + ".auth_type", text(entry, "auth_type"));
    JsonNode auth = entry.path("auth");
    List<String> missing = new ArrayList<>();
    String authUrl = required(missing, prefix + ".auth.auth_url", text(auth, "auth_url"));
    AuthVersion authVersion =
        authVersion(
            file + ": " + prefix, prefix + ".identity_api_version", text(entry, "identity_api_version"),
            text(auth, "auth_url"));
    Optional<NameOrId> project = Optional.empty();
    CloudCredentials.Login login;
    if (applicationCredential) {
      login = new CloudCredentials.ApplicationCredential(
          required(missing, prefix + ".auth.application_credential_id", text(auth, "application_credential_id")),
          required(missing, prefix + ".auth.application_credential_secret",
              text(auth, "application_credential_secret")));
    } else {
      String username = required(missing, prefix + ".auth.username", text(auth, "username"));
      String password = required(missing, prefix + ".auth.password", text(auth, "password"));
      project =
          nameOrId(text(auth, "project_name"), text(auth, "project_id"))
              .or(() -> nameOrId(text(auth, "tenant_name"), text(auth, "tenant_id")));
      if (project.isEmpty() && authVersion == AuthVersion.KEYSTONE_V3) {
        missing.add(prefix + ".auth.project_name (or project_id)");
      }
      NameOrId userDomain =
          nameOrId(text(auth, "user_domain_name"), text(auth, "user_domain_id"))
              .or(() -> nameOrId(text(auth, "domain_name"), text(auth, "domain_id")))
              .orElse(NameOrId.name(DEFAULT_DOMAIN));
      login = new CloudCredentials.Password(username, password, userDomain);
    }
    if (!missing.isEmpty()) {
      throw StepException.configuration(file + ": missing " + String.join(", ", missing));
    }
    keystoneOnly(file + ": " + prefix, applicationCredential, authVersion);
    NameOrId projectDomain =
        nameOrId(text(auth, "project_domain_name"), text(auth, "project_domain_id"))
            .or(() -> nameOrId(text(auth, "domain_name"), text(auth, "domain_id")))
            .orElse(NameOrId.name(DEFAULT_DOMAIN));
    String endpointInterface =
        endpointInterface(file + ": " + prefix, prefix + ".interface", text(entry, "interface"));
    return new CloudCredentials(
        source, trimSlash(authUrl), authVersion, login, project, projectDomain, text(entry, "region_name"),
        endpointInterface);
  }

  private Path findCloudsFile() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(workingDirectory.resolve("clouds.yaml"));
    env("HOME").ifPresent(home -> candidates.add(Path.of(home, ".config", "openstack", "clouds.yaml")));
    candidates.add(Path.of("/etc/openstack/clouds.yaml"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                StepException.configuration(
                    "no clouds.yaml found (looked at " + String.join(", ", candidates.stream().map(Path::toString)
                        .toList()) + "): give --clouds-file or set OS_CLIENT_CONFIG_FILE"));
  }

  /** The auth version given by {@code key}, else the one {@code authUrl}'s path speaks. */
  private static AuthVersion authVersion(
      String where, String key, Optional<String> explicit, Optional<String> authUrl) {
    if (explicit.isPresent()) {
      String version = explicit.get().trim();
      if (version.equals("3") || version.startsWith("3.")) {
        return AuthVersion.KEYSTONE_V3;
      }
      if (version.equals("1") || version.startsWith("1.")) {
        return AuthVersion.TEMPAUTH_V1;
      }
      throw StepException.configuration(
          where + ": " + key + ": \"" + version + "\" is not supported (supported: 3 for Keystone v3, 1 for tempauth)");
    }
    boolean tempauth = authUrl.map(url -> TEMPAUTH_URL.matcher(trimSlash(url)).matches()).orElse(false);
    return tempauth ? AuthVersion.TEMPAUTH_V1 : AuthVersion.KEYSTONE_V3;
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Whether the auth type (default {@code password}) asks for an application credential; any type but {@code
   * password}, {@code v3password} and {@code v3applicationcredential} is a configuration error naming it.
   */
  private static boolean isApplicationCredential(String where, String key, Optional<String> authType) {
    String type = authType.orElse("password");
    if (type.equals(APPLICATION_CREDENTIAL_AUTH_TYPE)) {
      return true;
    }
    if (!PASSWORD_AUTH_TYPES.contains(type)) {
      throw StepException.configuration(
          where + ": " + key + ": \"" + type + "\" is not supported (supported: password, v3password, "
              + APPLICATION_CREDENTIAL_AUTH_TYPE + ")");
    }
    return false;
  }

  /** An application credential is Keystone's: refused, naming where, with a tempauth v1 auth URL. */
  private static void keystoneOnly(String where, boolean applicationCredential, AuthVersion authVersion) {
    if (applicationCredential && authVersion != AuthVersion.KEYSTONE_V3) {
      throw StepException.configuration(
          where + ": an application credential needs Keystone v3, not a tempauth v1 auth URL");
    }
  }

  private static String endpointInterface(String where, String key, Optional<String> value) {
    String endpointInterface = value.orElse(DEFAULT_INTERFACE).replace("URL", "");
    if (!INTERFACES.contains(endpointInterface)) {
      throw StepException.configuration(
          where + ": " + key + ": \"" + value.orElse("") + "\" is not an interface (public, internal or admin)");
    }
    return endpointInterface;
  }

  private static String required(List<String> missing, String key, Optional<String> value) {
    if (value.isEmpty()) {
      missing.add(key);
      return null;
    }
    return value.get();
  }

  private static Optional<NameOrId> nameOrId(Optional<String> name, Optional<String> id) {
    return name.map(NameOrId::name).or(() -> id.map(NameOrId::id));
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
  }
}
