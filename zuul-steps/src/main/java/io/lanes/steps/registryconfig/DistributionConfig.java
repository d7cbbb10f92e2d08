package io.lanes.steps.registryconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.openstack.CloudCredentials;
import io.lanes.steps.openstack.CloudCredentials.AuthVersion;
import io.lanes.steps.openstack.CloudCredentials.NameOrId;

/**
 * The {@code docker-registry} (distribution 2.x) configuration for the Swift storage driver (pure). Strings are
 * written as JSON strings, which YAML reads as double-quoted scalars, so no value can break the document.
 */
public final class DistributionConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DistributionConfig() {}

  /** The configuration text for a registry on {@code listen} storing in {@code container}. */
  public static String render(CloudCredentials credentials, String container, String listen) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# docker-registry configuration written by zuul-steps registry-config; holds a password (mode 0600)\n");
    yaml.append("version: 0.1\n");
    yaml.append("log:\n  level: info\n  formatter: text\n");
    yaml.append("http:\n  addr: ").append(quote(listen)).append('\n');
    yaml.append("storage:\n  swift:\n");
    field(yaml, "authurl", credentials.authUrl());
    yaml.append("    authversion: ").append(credentials.authVersion().number()).append('\n');
    CloudCredentials.Password login = credentials.password("docker-registry's Swift driver (distribution 2.8)");
    field(yaml, "username", login.username());
    field(yaml, "password", login.password());
    if (credentials.authVersion() == AuthVersion.KEYSTONE_V3) {
      nameOrId(yaml, "tenant", credentials.project().orElseThrow());
      nameOrId(yaml, "domain", login.userDomain());
      nameOrId(yaml, "tenantdomain", credentials.projectDomain());
      if (!credentials.endpointInterface().equals("public")) {
        field(yaml, "endpointtype", credentials.endpointInterface());
      }
    }
    credentials.region().ifPresent(r -> field(yaml, "region", r));
    field(yaml, "container", container);
    yaml.append("  delete:\n    enabled: true\n");
    yaml.append("  redirect:\n    disable: true\n");
    yaml.append("  cache:\n    blobdescriptor: inmemory\n");
    return yaml.toString();
  }

  /** Distribution's keys: {@code tenant} / {@code tenantid}, {@code domain} / {@code domainid}, and so on. */
  private static void nameOrId(StringBuilder yaml, String key, NameOrId nameOrId) {
    field(yaml, nameOrId.isId() ? key + "id" : key, nameOrId.value());
  }

  private static void field(StringBuilder yaml, String key, String value) {
    yaml.append("    ").append(key).append(": ").append(quote(value)).append('\n');
  }

  private static String quote(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
