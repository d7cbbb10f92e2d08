package io.lanes.steps.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for a registry that asks for them (HTTP Basic, as distribution's htpasswd auth does).
 * Never printed: {@link #toString()} names the user only.
 */
public record RegistryCredentials(String username, String password) {
  /** The {@code Authorization} header value. */
  String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + "]";
  }
}
