package io.lanes.steps.openstack;

import java.util.Optional;

/**
 * Keystone v3 password credentials for one cloud, from {@code clouds.yaml} or the {@code OS_*} environment. The
 * password never leaves this record except to Keystone: {@link #toString()} hides it.
 *
 * @param source where the credentials came from, for messages ({@code clouds.yaml cloud "prod"}, {@code OS_*
 *     environment})
 * @param authUrl Keystone's URL, with or without {@code /v3}
 * @param username the user's name
 * @param password the user's password (secret)
 * @param userDomain the user's domain, by name or id
 * @param project the project to scope the token to, by name or id
 * @param projectDomain the project's domain, by name or id
 * @param region the region whose endpoints to use, or empty for the first one
 * @param endpointInterface the catalog interface to use: {@code public}, {@code internal} or {@code admin}
 */
public record CloudCredentials(
    String source,
    String authUrl,
    String username,
    String password,
    NameOrId userDomain,
    NameOrId project,
    NameOrId projectDomain,
    Optional<String> region,
    String endpointInterface) {

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
    return "CloudCredentials[" + source + ", " + authUrl + ", user " + username + ", project " + project
        + ", password hidden]";
  }
}
