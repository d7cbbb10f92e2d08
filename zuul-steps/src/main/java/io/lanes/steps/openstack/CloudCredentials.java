package io.lanes.steps.openstack;

import io.lanes.steps.StepException;
import java.util.Optional;

/**
 * Credentials for one cloud, from {@code clouds.yaml} or the {@code OS_*} environment: a user's password for Keystone
 * v3 (the cluster step, and Swift behind Keystone) or Swift's tempauth v1 (a Swift without Keystone), or a Keystone
 * application credential. The secret never leaves this record except to Keystone or Swift: every {@code toString()}
 * hides it. Read by {@link CloudCredentialsReader}, the one parser of {@code clouds.yaml} and {@code OS_*}.
 *
 * @param source where the credentials came from, for messages ({@code clouds.yaml cloud "prod"}, {@code OS_*
 *     environment})
 * @param authUrl Keystone's URL (with or without {@code /v3}), or tempauth's ({@code .../auth/v1.0}); no trailing
 *     slash
 * @param authVersion which auth API {@code authUrl} speaks
 * @param login how to log in: a user's password, or an application credential (Keystone v3 only)
 * @param project the project to scope the token to, by name or id; present for a password on Keystone v3, empty for
 *     tempauth v1 (whose account comes with the user) and for an application credential (whose project comes with
 *     it)
 * @param projectDomain the project's domain, by name or id
 * @param region the region whose endpoints to use, or empty for the first one
 * @param endpointInterface the catalog interface to use: {@code public}, {@code internal} or {@code admin}
 */
public record CloudCredentials(
    String source,
    String authUrl,
    AuthVersion authVersion,
    Login login,
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

  /** How to log in. */
  public sealed interface Login {
    /** Who logs in, for messages: {@code user NAME} or {@code application credential ID}. */
    String who();
  }

  /** A user's name and password (secret), and the user's domain (Keystone v3). */
  public record Password(String username, String password, NameOrId userDomain) implements Login {
    @Override
    public String who() {
      return "user " + username;
    }

    @Override
    public String toString() {
      return "Password[" + username + ", domain " + userDomain + ", password hidden]";
    }
  }

  /** A Keystone application credential: its id and secret; it carries its user and project. */
  public record ApplicationCredential(String id, String secret) implements Login {
    @Override
    public String who() {
      return "application credential " + id;
    }

    @Override
    public String toString() {
      return "ApplicationCredential[" + id + ", secret hidden]";
    }
  }

  /** The password login, or a configuration error naming {@code what} needs one (from {@code source}). */
  public Password password(String what) {
    if (login instanceof Password password) {
      return password;
    }
    throw StepException.configuration(
        source + ": " + what + " needs a user and password, not an application credential");
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
    return "CloudCredentials[" + source + ", " + authUrl + " (auth v" + authVersion.number() + "), " + login.who()
        + project.map(p -> ", project " + p).orElse("") + ", secret hidden]";
  }
}
