package io.lanes.steps.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudCredentialsReaderTest {
  private static final String CANARY = "canary-pw-0b7d";

  @TempDir Path dir;

  private Path cloudsFile(String text) throws Exception {
    Path file = dir.resolve("clouds.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  @DisplayName("a cloud of clouds.yaml named by --cloud gives its auth, region and interface")
  void readsCloudsYaml() throws Exception {
    Path file = cloudsFile("""
        clouds:
          prod:
            region_name: RegionOne
            interface: internal
            auth:
              auth_url: https://keystone.example.org:5000
              username: lanes-ci
              password: %s
              project_name: openedx
              user_domain_name: Users
              project_domain_id: default
        """.formatted(CANARY));

    CloudCredentials credentials =
        new CloudCredentialsReader(Map.of(), dir).read(Optional.of("prod"), Optional.of(file));

    assertThat(credentials.authUrl()).isEqualTo("https://keystone.example.org:5000");
    assertThat(credentials.login())
        .isEqualTo(new CloudCredentials.Password("lanes-ci", CANARY, CloudCredentials.NameOrId.name("Users")));
    assertThat(credentials.projectDomain()).isEqualTo(CloudCredentials.NameOrId.id("default"));
    assertThat(credentials.region()).contains("RegionOne");
    assertThat(credentials.endpointInterface()).isEqualTo("internal");
    assertThat(credentials.toString()).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("OS_CLOUD and OS_CLIENT_CONFIG_FILE select the cloud and the file")
  void environmentSelectsCloud() throws Exception {
    Path file = cloudsFile("clouds: {ci: {auth: {auth_url: http://k:5000/v3, username: u, password: p, project_id: 42}}}");

    CloudCredentials credentials =
        new CloudCredentialsReader(Map.of("OS_CLOUD", "ci", "OS_CLIENT_CONFIG_FILE", file.toString()), dir)
            .read(Optional.empty(), Optional.empty());

    assertThat(credentials.project()).contains(CloudCredentials.NameOrId.id("42"));
    assertThat(credentials.authVersion()).isEqualTo(CloudCredentials.AuthVersion.KEYSTONE_V3);
    assertThat(credentials.source()).isEqualTo(file + " cloud \"ci\"");
  }

  @Test
  @DisplayName("an unknown cloud names the file and the known clouds")
  void unknownCloud() throws Exception {
    Path file = cloudsFile("clouds: {prod: {}, dr: {}}");

    assertThatThrownBy(() -> new CloudCredentialsReader(Map.of(), dir).read(Optional.of("stage"), Optional.of(file)))
        .isInstanceOf(StepException.class)
        .hasMessage(file + ": clouds.stage: no such cloud (known: prod, dr)");
  }

  @Test
  @DisplayName("every missing key is named in one error")
  void missingKeys() throws Exception {
    Path file = cloudsFile("clouds: {prod: {auth: {auth_url: http://k:5000}}}");

    assertThatThrownBy(() -> new CloudCredentialsReader(Map.of(), dir).read(Optional.of("prod"), Optional.of(file)))
        .hasMessage(file + ": missing clouds.prod.auth.username, clouds.prod.auth.password, "
            + "clouds.prod.auth.project_name (or project_id)");
  }

  @Test
  @DisplayName("malformed clouds.yaml gives the position only, never the line, which may hold the password")
  void malformedCloudsYamlHidesPassword() throws Exception {
    Path file = cloudsFile("clouds:\n  prod:\n    auth: {password: " + CANARY + ", username: [\n");

    assertThatThrownBy(() -> new CloudCredentialsReader(Map.of(), dir).read(Optional.of("prod"), Optional.of(file)))
        .hasMessageStartingWith(file + ": not valid YAML (line ")
        .message().doesNotContain(CANARY);
  }

  @Test
  @DisplayName("the OS_* environment works without clouds.yaml; missing variables are named together")
  void osEnvironment() {
    CloudCredentials credentials =
        new CloudCredentialsReader(
                Map.of("OS_AUTH_URL", "http://k:5000", "OS_USERNAME", "u", "OS_PASSWORD", CANARY, "OS_PROJECT_NAME",
                    "p"),
                dir)
            .read(Optional.empty(), Optional.empty());
    assertThat(credentials.password("a test").userDomain()).isEqualTo(CloudCredentials.NameOrId.name("Default"));
    assertThat(credentials.endpointInterface()).isEqualTo("public");

    assertThatThrownBy(() -> new CloudCredentialsReader(Map.of("OS_AUTH_URL", "http://k:5000"), dir)
            .read(Optional.empty(), Optional.empty()))
        .hasMessage("OS_* environment: missing OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME (or OS_PROJECT_ID)");
  }

  @Test
  @DisplayName("an application credential from clouds.yaml or OS_*: id and secret, no project; missing keys named;"
      + " the secret never in toString")
  void applicationCredentials() throws Exception {
    Path file = cloudsFile("""
        clouds:
          prod:
            auth_type: v3applicationcredential
            auth: {auth_url: "https://keystone.example.org:5000/v3", application_credential_id: ac-1,
                   application_credential_secret: %s}
          partial: {auth_type: v3applicationcredential, auth: {auth_url: "https://keystone.example.org:5000"}}
          swift: {auth_type: v3applicationcredential,
                  auth: {auth_url: "http://swift:8080/auth/v1.0", application_credential_id: a,
                         application_credential_secret: s}}
          kerberos: {auth_type: v3kerberos, auth: {}}
        """.formatted(CANARY));
    CloudCredentialsReader reader = new CloudCredentialsReader(Map.of(), dir);

    CloudCredentials fromFile = reader.read(Optional.of("prod"), Optional.of(file));
    CloudCredentials fromEnvironment =
        new CloudCredentialsReader(
                Map.of("OS_AUTH_URL", "https://keystone.example.org:5000/v3", "OS_AUTH_TYPE", "v3applicationcredential",
                    "OS_APPLICATION_CREDENTIAL_ID", "ac-1", "OS_APPLICATION_CREDENTIAL_SECRET", CANARY),
                dir)
            .read(Optional.empty(), Optional.empty());

    for (CloudCredentials credentials : List.of(fromFile, fromEnvironment)) {
      assertThat(credentials.login()).isEqualTo(new CloudCredentials.ApplicationCredential("ac-1", CANARY));
      assertThat(credentials.project()).isEmpty();
      assertThat(credentials.authVersion()).isEqualTo(CloudCredentials.AuthVersion.KEYSTONE_V3);
      assertThat(credentials.toString()).doesNotContain(CANARY).contains("application credential ac-1");
    }
    assertThatThrownBy(() -> reader.read(Optional.of("partial"), Optional.of(file)))
        .hasMessage(file + ": missing clouds.partial.auth.application_credential_id,"
            + " clouds.partial.auth.application_credential_secret");
    assertThatThrownBy(() -> reader.read(Optional.of("swift"), Optional.of(file)))
        .hasMessage(file + ": clouds.swift: an application credential needs Keystone v3, not a tempauth v1 auth URL");
    assertThatThrownBy(() -> reader.read(Optional.of("kerberos"), Optional.of(file)))
        .hasMessage(file + ": clouds.kerberos: clouds.kerberos.auth_type: \"v3kerberos\" is not supported "
            + "(supported: password, v3password, v3applicationcredential)");
    assertThatThrownBy(() -> fromFile.password("docker-registry's Swift driver (distribution 2.8)"))
        .hasMessage(file + " cloud \"prod\": docker-registry's Swift driver (distribution 2.8) needs a user and"
            + " password, not an application credential");
  }

  @Test
  @DisplayName("a tempauth v1 auth URL needs no project, and identity_api_version overrides what the URL says")
  void tempauthV1() throws Exception {
    Path file = cloudsFile("""
        clouds:
          swift: {auth: {auth_url: "http://127.0.0.1:8080/auth/v1.0/", username: "test:tester", password: %s}}
          pinned: {identity_api_version: 1, auth: {auth_url: "http://swift:8080/auth", username: u, password: p}}
        """.formatted(CANARY));
    CloudCredentialsReader reader = new CloudCredentialsReader(Map.of(), dir);

    CloudCredentials swift = reader.read(Optional.of("swift"), Optional.of(file));
    CloudCredentials pinned = reader.read(Optional.of("pinned"), Optional.of(file));
    CloudCredentials environment =
        new CloudCredentialsReader(
                Map.of("OS_AUTH_URL", "http://swift:8080/v1.0", "OS_USERNAME", "a:u", "OS_PASSWORD", CANARY), dir)
            .read(Optional.empty(), Optional.empty());

    assertThat(swift.authVersion()).isEqualTo(CloudCredentials.AuthVersion.TEMPAUTH_V1);
    assertThat(swift.authUrl()).isEqualTo("http://127.0.0.1:8080/auth/v1.0");
    assertThat(swift.project()).isEmpty();
    assertThat(pinned.authVersion()).isEqualTo(CloudCredentials.AuthVersion.TEMPAUTH_V1);
    assertThat(environment.authVersion()).isEqualTo(CloudCredentials.AuthVersion.TEMPAUTH_V1);
    assertThat(swift.toString() + environment).doesNotContain(CANARY);
  }

  @Test
  @DisplayName("an identity_api_version other than 3 or 1 is named with its key")
  void unsupportedIdentityApiVersion() throws Exception {
    Path file = cloudsFile("clouds: {prod: {identity_api_version: 2, auth: {auth_url: http://k:5000, username: u,"
        + " password: p, project_name: x}}}");

    assertThatThrownBy(() -> new CloudCredentialsReader(Map.of(), dir).read(Optional.of("prod"), Optional.of(file)))
        .hasMessage(file + ": clouds.prod: clouds.prod.identity_api_version: \"2\" is not supported (supported: 3 for"
            + " Keystone v3, 1 for tempauth)");
  }

  @Test
  @DisplayName("Keystone refuses tempauth credentials before any request, naming their source")
  void keystoneRefusesTempauth() {
    CloudCredentials tempauth =
        new CloudCredentialsReader(
                Map.of("OS_AUTH_URL", "http://127.0.0.1:1/auth/v1.0", "OS_USERNAME", "a:u", "OS_PASSWORD", CANARY),
                dir)
            .read(Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> Keystone.authenticate(tempauth))
        .isInstanceOf(StepException.class)
        .hasMessage("OS_* environment: http://127.0.0.1:1/auth/v1.0 is a tempauth v1 URL; Keystone v3 is needed here");
  }
}
