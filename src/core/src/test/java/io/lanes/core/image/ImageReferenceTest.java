package io.lanes.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "{0} is {1} | {2} | {3} | {4}")
  @DisplayName("valid references parse into registry, repository, tag and digest, qualified against Docker Hub")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          redis                                         | docker.io            | library/redis        | -          | -
          redis:7                                       | docker.io            | library/redis        | 7          | -
          bitnami/redis:7.2                             | docker.io            | bitnami/redis        | 7.2        | -
          docker.io/redis                               | docker.io            | library/redis        | -          | -
          index.docker.io/bitnami/redis                 | docker.io            | bitnami/redis        | -          | -
          localhost/acme/openedx                        | localhost            | acme/openedx         | -          | -
          localhost:5000/acme/openedx                   | localhost:5000       | acme/openedx         | -          | -
          localhost:5000/acme/openedx:change-1-ps-2     | localhost:5000       | acme/openedx         | change-1-ps-2 | -
          registry.example.org/a/b/c:v1_2.3-x           | registry.example.org | a/b/c                | v1_2.3-x   | -
          Registry/acme/x                               | Registry             | acme/x               | -          | -
          127.0.0.1:5000/my_app__x/a-b--c.d:TAG         | 127.0.0.1:5000       | my_app__x/a-b--c.d   | TAG        | -
          [::1]:5000/acme/x:1                           | [::1]:5000           | acme/x               | 1          | -
          """)
  void parses(String text, String registry, String repository, String tag, String digest) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(reference)
        .isEqualTo(new ImageReference(registry, repository, Optional.ofNullable(tag), Optional.ofNullable(digest)));
    assertThat(ImageReference.parse(reference.toString())).isEqualTo(reference);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a digest parses with or without a tag")
  @CsvSource({"localhost:5000/acme/x@, ", "redis:7@, 7"})
  void parsesDigests(String text, String tag) {
    ImageReference reference = ImageReference.parse(text + DIGEST);

    assertThat(reference.digest()).contains(DIGEST);
    assertThat(reference.tag()).isEqualTo(Optional.ofNullable(tag));
    assertThat(reference.toString()).endsWith("@" + DIGEST);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @DisplayName("invalid references are refused with one message naming the reference and the part")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Redis:7                                 | the repository (lower-case path parts separated by /) "library/Redis"
          localhost:5000/Acme/openedx             | the repository (lower-case path parts separated by /) "Acme/openedx"
          localhost:5000/acme/openedx:            | the tag "" is not valid
          localhost:5000/acme/openedx:-x          | the tag "-x" is not valid
          redis:a/b                               | the registry host[:port] "redis:a" is not valid
          localhost:5000/acme//x                  | the repository (lower-case path parts separated by /) "acme//x"
          localhost:5000/acme/x_                  | the repository (lower-case path parts separated by /) "acme/x_"
          redis@sha256:abc                        | the digest (<algorithm>:<hex>) "sha256:abc" is not valid
          redis@                                  | the digest (<algorithm>:<hex>) "" is not valid
          -bad.host:5000/acme/x                   | the registry host[:port] "-bad.host:5000" is not valid
          localhost:port/acme/x                   | the registry host[:port] "localhost:port" is not valid
          acme/open edx                           | the repository (lower-case path parts separated by /) "acme/open edx"
          """)
  void refusesInvalid(String text, String problem) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an image reference: \"" + text + "\": ")
        .hasMessageContaining(problem);
    assertThat(ImageReference.tryParse(text)).isEmpty();
  }

  @Test
  @DisplayName("empty text and names longer than 255 characters are refused")
  void refusesEmptyAndLong() {
    assertThatThrownBy(() -> ImageReference.parse("")).hasMessage("not an image reference: empty text");
    String longName = "localhost:5000/" + "a".repeat(241);
    assertThatThrownBy(() -> ImageReference.parse(longName))
        .hasMessageStartingWith("not an image reference: \"localhost:5000/aaa")
        .hasMessageContaining("is longer than 255 characters");
    assertThat(ImageReference.parse("localhost:5000/" + "a".repeat(240)).name()).hasSize(255);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Lanes' own references must name their registry host")
  @CsvSource({"openedx:1", "acme/openedx:1", "registry/acme/openedx"})
  void qualifiedReferencesNameTheirRegistry(String text) {
    assertThatThrownBy(() -> ImageReference.parseQualified(text))
        .hasMessage(
            "image reference \"" + text + "\" names no registry host (expected e.g. localhost:5000/acme/openedx:tag)");
  }

  @Test
  @DisplayName("with a tag, by digest, and the name without either")
  void derivedReferences() {
    ImageReference reference = ImageReference.parseQualified("localhost:5000/acme/openedx@" + DIGEST);

    assertThat(reference.withTag("t")).hasToString("localhost:5000/acme/openedx:t");
    assertThat(reference.withTag("t").byDigest(DIGEST)).hasToString("localhost:5000/acme/openedx@" + DIGEST);
    assertThat(reference.name()).isEqualTo("localhost:5000/acme/openedx");
    assertThat(ImageReference.of("localhost:5000", "acme/openedx", "change-1-ps-2"))
        .hasToString("localhost:5000/acme/openedx:change-1-ps-2");
    assertThatThrownBy(() -> ImageReference.of("localhost:5000", "acme/Open", "t"))
        .hasMessage("the repository (lower-case path parts separated by /) \"acme/Open\" is not valid");
  }

  @ParameterizedTest(name = "{0} floating: {1}")
  @DisplayName("a reference with no tag or the latest tag, and no digest, pins nothing")
  @CsvSource({
    "localhost:5000/acme/openedx, true",
    "redis:latest, true",
    "redis:7.2, false",
    "redis:latest@" + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, false"
  })
  void floating(String text, boolean floating) {
    assertThat(ImageReference.parse(text).isFloating()).isEqualTo(floating);
  }

  @ParameterizedTest(name = "{0} below localhost:5000/acme/: {1}")
  @DisplayName("a repository lies below a prefix only strictly and at a path boundary")
  @CsvSource({
    "localhost:5000/acme/openedx:1, true",
    "localhost:5000/acme/x/y, true",
    "localhost:5000/acme-eu/openedx:1, false",
    "localhost:5000/acme, false",
    "localhost:5001/acme/openedx, false",
    "acme/openedx, false"
  })
  void below(String text, boolean below) {
    assertThat(ImageReference.parse(text).isBelow("localhost:5000/acme/")).isEqualTo(below);
    assertThat(ImageReference.parse(text).isBelow("localhost:5000/acme")).isEqualTo(below);
  }
}
