package io.lanes.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WWW-Authenticate: Bearer challenges, as distribution and other registries write them")
class BearerChallengeTest {
  @Test
  @DisplayName("realm, service, several scopes and the error")
  void fullChallenge() {
    assertThat(
            BearerChallenge.parse(
                "Bearer realm=\"https://auth.example.org/token/\",service=\"registry.example.org\","
                    + "scope=\"repository:acme/openedx:pull,push repository:acme/mfe:pull\",error=\"insufficient_scope\""))
        .contains(
            new BearerChallenge(
                "https://auth.example.org/token/",
                Optional.of("registry.example.org"),
                List.of("repository:acme/openedx:pull,push", "repository:acme/mfe:pull"),
                Optional.of("insufficient_scope")));
  }

  @Test
  @DisplayName("no scope (GET /v2/), any case of the scheme, spaces after commas")
  void noScope() {
    assertThat(BearerChallenge.parse("bearer realm=\"http://127.0.0.1:5004/token/\", service=\"lanes\""))
        .contains(new BearerChallenge("http://127.0.0.1:5004/token/", Optional.of("lanes"), List.of(), Optional.empty()));
  }

  @Test
  @DisplayName("Basic, an empty header, a Bearer without realm: not a bearer challenge")
  void notBearer() {
    assertThat(BearerChallenge.parse("Basic realm=\"lanes-test\"")).isEmpty();
    assertThat(BearerChallenge.parse("")).isEmpty();
    assertThat(BearerChallenge.parse("Bearer service=\"x\"")).isEmpty();
  }
}
