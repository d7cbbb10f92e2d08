package io.lanes.steps.openstack;

import java.util.Optional;

/**
 * Password credentials for one cloud, from {@code clouds.yaml} or the {@code OS_*} environment: Keystone v3 (the
 * cluster step, and Swift behind Keystone) or Swift's tempauth v1 (a Swift without Keystone). The password never
 * leaves this record except to Keystone or Swift: {@link #toString()} hides it. Read by {@link
 * CloudCredentialsReader}, the one parser of {@code clouds.yaml} and {@code OS_*}.
 *
 * @param source where the credentials came from, for messages ({@code clouds.yaml cloud "prod"}, {@code OS_*
 *     environment})
 * @param authUrl Keystone's URL (with or without {@code /v3}), or tempauth's ({@code .../auth/v1.0}); no trailing
 *     slash
 * @param authVersion which auth API {@code authUrl} speaks
 * @param username the user's name
 * @param password the user's password (secret)
 * @param userDomain the user's domain, by name or id
 * @param project the project to scope the token to, by name or id; always present for Keystone v3, empty for
 *     tempauth v1 (whose account comes with the user)
 * @param projectDomain the project's domain, by name or id
 * @param region the region whose endpoints to use, or empty for the first one
 * @param endpointInterface the catalog interface to use: {@code public}, {@code internal} or {@code admin}
 */
public record CloudCredentials(
    String source,
    String authUrl,
    AuthVersion authVersion,
    String username,
    String password,
    NameOrId userDomain,
    Optional<NameOrId> project,
    NameOrId projectDomain,
    Optional<String> region,
    String endpointInterface) {

  /** The auth API an auth URL speaks. */
  public enum AuthVersion {
    /** Swift's tempauth/swauth: {@code GET} with {@code X-Auth-User} / {@code X-Auth-Key}. */
    TEMPAUTH_V1(1),
    /** Keystone v3: {@code POST /v3/auth/tokens}, a project-scoped token and a service catalog. */
    KEYSTONE_V3(3);

    private final int number;

    AuthVersion(int number) {
      this.number = number;
    }

    /** The version number as OpenStack configuration writes it ({@code 1}, {@code 3}). */
    public int number() {
      return number;
    }
  }

  /** A Keystone object named either by name or by id. */
  public record NameOrId(String value, boolean isId) {
    /** By name. */
    public static NameOrId name(String name) {
      return new NameOrId(name, false);
    }

    /** By id. */
    public static NameOrId id(String id) {
      return new NameOrId(id, true);
    }

    @Override
    public String toString() {
      return (isId ? "id " : "") + value;
    }
  }

  @Override
  public String toString() {
    return "CloudCredentials[" + source + ", " + authUrl + " (auth v" + authVersion.number() + "), user " + username
        + project.map(p -> ", project " + p).orElse("") + ", password hidden]";
  }
}
