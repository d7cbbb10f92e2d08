package io.lanes.steps.openstack;

import io.lanes.steps.StepException;
import io.lanes.steps.openstack.CloudCredentials.NameOrId;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/** Keystone v3, through openstack4j: a project-scoped token and the endpoints of its service catalog. */
public final class Keystone {
  private Keystone() {}

  /** A token and the catalog that came with it. */
  public record Session(String token, List<? extends Service> catalog, CloudCredentials credentials) {
    /**
     * The URL of the service of {@code type} for the credentials' interface and region, or a configuration error
     * naming the cloud and listing the catalog's service types.
     */
    public URI endpoint(String type) {
      Optional<? extends Service> service = catalog.stream().filter(s -> type.equals(s.getType())).findFirst();
      if (service.isEmpty()) {
        throw StepException.configuration(
            credentials.source() + ": the service catalog has no " + type + " service (it has: "
                + String.join(", ", catalog.stream().map(Service::getType).sorted().toList()) + ")");
      }
      return service.get().getEndpoints().stream()
          .filter(e -> e.getIface() != null && e.getIface().name().equalsIgnoreCase(credentials.endpointInterface()))
          .filter(e -> credentials.region().map(r -> r.equals(e.getRegion()) || r.equals(e.getRegionId())).orElse(true))
          .map(Endpoint::getUrl)
          .map(url -> URI.create(url.toString()))
          .findFirst()
          .orElseThrow(
              () ->
                  StepException.configuration(
                      credentials.source() + ": the " + type + " service has no " + credentials.endpointInterface()
                          + " endpoint" + credentials.region().map(r -> " in region " + r).orElse("")));
    }

    @Override
    public String toString() {
      return "Session[" + credentials + ", token hidden]";
    }
  }

  /**
   * Why Keystone gave no token, for a caller that words its own message (see {@link #token}).
   *
   * @param status Keystone's HTTP status, or 0 when it could not be reached
   */
  public static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    Refusal(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** Keystone's HTTP status (401: the password or names were refused), or 0 when it could not be reached. */
    public int status() {
      return status;
    }

    /** Whether Keystone could not be reached at all. */
    public boolean unreachable() {
      return status == 0;
    }
  }

  /**
   * Authenticates with a password, scoped to the credentials' project. A refused password is a configuration
   * error (exit 2); an unreachable or failing Keystone is a failure (exit 1). Neither message carries a secret.
   */
  public static Session authenticate(CloudCredentials credentials) {
    if (credentials.authVersion() != CloudCredentials.AuthVersion.KEYSTONE_V3) {
      throw StepException.configuration(
          credentials.source() + ": " + credentials.authUrl() + " is a tempauth v1 URL; Keystone v3 is needed here");
    }
    String endpoint = v3(credentials.authUrl());
    try {
      return token(credentials);
    } catch (Refusal e) {
      if (e.unreachable()) {
        throw StepException.failure(
            "keystone " + endpoint + ": unreachable (" + credentials.source() + "): " + e.getMessage(), e.getCause());
      }
      if (e.status() == 401) {
        throw StepException.configuration(
            "keystone " + endpoint + ": 401 Unauthorized for user " + credentials.username() + " in project "
                + credentials.project().orElseThrow() + ": check the credentials of " + credentials.source(),
            e.getCause());
      }
      throw StepException.failure(
          "keystone " + endpoint + ": authentication failed (" + e.status() + "): " + e.getMessage(), e.getCause());
    }
  }

  /**
   * The one {@code POST /v3/auth/tokens} of the steps: a project-scoped token for the credentials (Keystone v3), and
   * its catalog; a {@link Refusal} when Keystone refused or could not be asked, for the caller to word.
   */
  public static Session token(CloudCredentials credentials) {
    String endpoint = v3(credentials.authUrl());
    NameOrId project = credentials.project().orElseThrow();
    try {
      OSClientV3 client =
          OSFactory.builderV3()
              .endpoint(endpoint)
              .credentials(credentials.username(), credentials.password(), identifier(credentials.userDomain()))
              .scopeToProject(identifier(project), identifier(credentials.projectDomain()))
              .authenticate();
      Token token = client.getToken();
      return new Session(token.getId(), token.getCatalog() == null ? List.of() : token.getCatalog(), credentials);
    } catch (ConnectionException e) {
      throw new Refusal(0, e.getMessage(), e);
    } catch (ResponseException e) {
      throw new Refusal(e.getStatus(), e.getMessage(), e);
    }
  }

  /**
   * Whether Keystone takes the credentials' user and password without a scope: after a project-scoped refusal (401),
   * true means the password is right and the user has no role on the project.
   */
  public static boolean logsInUnscoped(CloudCredentials credentials) {
    try {
      OSFactory.builderV3()
          .endpoint(v3(credentials.authUrl()))
          .credentials(credentials.username(), credentials.password(), identifier(credentials.userDomain()))
          .authenticate();
      return true;
    } catch (ResponseException e) { // a ConnectionException too
      return false;
    }
  }

  /** Keystone's v3 URL: the auth URL with {@code /v3} appended unless it ends with it. */
  public static String v3(String authUrl) {
    String trimmed = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
    return trimmed.endsWith("/v3") ? trimmed : trimmed + "/v3";
  }

  private static Identifier identifier(NameOrId nameOrId) {
    return nameOrId.isId() ? Identifier.byId(nameOrId.value()) : Identifier.byName(nameOrId.value());
  }
}
