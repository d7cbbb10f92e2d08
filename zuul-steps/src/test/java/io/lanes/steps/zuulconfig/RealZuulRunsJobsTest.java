package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds run by the real Zuul of {@code src/services/zuul.sh} with its executor ({@code LANES_ZUUL_EXECUTOR=1}):
 * zuul-launcher's static driver hands out the one node (sshd on loopback), the executor runs Ansible in bubblewrap,
 * and Zuul's own Gerrit service user reports. A change pushed for review to the platforms repository triggers
 * {@code check} through Gerrit's SSH event stream ({@code LANES_GERRIT_SSH_PORT}); the job is the test fixture
 * {@code lanes-test-node} (test resources {@code real-zuul/}), in the config project beside Lanes' configuration as
 * {@link RealZuulTenant} lays it out. What Zuul did is read from Gerrit's and Zuul's REST APIs.
 */
class RealZuulRunsJobsTest {
  private static final Path FIXTURE = RealZuulTenant.REPOSITORY.resolve("zuul-steps/src/test/resources/real-zuul");
  private static final Duration VOTE_TIMEOUT = Duration.ofMinutes(6);
  private static RealZuulTenant zuul;
  private static Path platforms;

  @TempDir static Path work;

  @BeforeAll
  static void loadTenant() throws Exception {
    zuul = RealZuulTenant.start();
    assertThat(zuul.zuul).as("Zuul's facts: the executor and its node run only with LANES_ZUUL_EXECUTOR=1"
        + " (src/scripts/test.sh sets it)").containsKey("ZUUL_NODE_SSH_PORT");
    assertThat(zuul.gerrit).as("Gerrit's facts: Zuul gets events only over Gerrit's SSH daemon, on with"
        + " LANES_GERRIT_SSH_PORT (src/scripts/test.sh sets it)").containsKey("GERRIT_SSH_PORT");
    RealZuulTenant.Layout layout = zuul.layout(work.resolve("layout"));
    CheckZuulStepTest.copyTree(FIXTURE, layout.config());
    assertThat(zuul.load(layout, true, work)).as("Zuul's config errors").isEmpty();
    platforms = layout.platforms();
  }

  @Test
  @DisplayName("a change pushed for review gets Verified +1 from Zuul's own user after a build on the static node")
  void changeVerified() throws Exception {
    long pushed = System.nanoTime();
    String change = pushForReview("a fine lane\n");

    JsonNode vote = zuul.verifiedVote(change, VOTE_TIMEOUT);

    System.err.printf("real Zuul: push to Verified in %d s%n", Duration.ofNanos(System.nanoTime() - pushed).toSeconds());
    assertThat(vote.path("value").asInt()).as("Zuul's Verified vote").isEqualTo(1);
    assertThat(vote.path("username").asText()).isEqualTo(zuul.zuul.get("ZUUL_GERRIT_USER"));
    assertThat(vote.path("tags").toString()).contains("SERVICE_USER");
    JsonNode build = build(change);
    assertThat(build.path("result").asText()).isEqualTo("SUCCESS");
    assertThat(build.path("pipeline").asText()).isEqualTo("check");
  }

  @Test
  @DisplayName("a lane-breaking change gets Verified -1 and Zuul's file comment on the offending line")
  void laneBreakingChangeRejected() throws Exception {
    String change = pushForReview("break the lane\n");

    JsonNode vote = zuul.verifiedVote(change, VOTE_TIMEOUT);

    assertThat(vote.path("value").asInt()).as("Zuul's Verified vote").isEqualTo(-1);
    assertThat(build(change).path("result").asText()).isEqualTo("FAILURE");
    JsonNode comments = zuul.gerritJson("GET", "/a/changes/" + change + "/comments", null).path("lane.txt");
    assertThat(comments).as("comments on lane.txt").hasSize(1);
    assertThat(comments.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(comments.get(0).path("message").asText()).isEqualTo("lane broken: this line breaks the lane");
    assertThat(comments.get(0).path("author").path("username").asText())
        .isEqualTo(zuul.zuul.get("ZUUL_GERRIT_USER"));
  }

  /** Pushes the platforms repository with lane.txt holding TEXT to refs/for/main; returns the change's id. */
  private static String pushForReview(String text) throws Exception {
    Files.writeString(platforms.resolve("lane.txt"), text);
    String changeId = "I" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
    zuul.push(zuul.project, "refs/for/main", platforms, work, "Change lane.txt\n\nChange-Id: " + changeId + "\n");
    return RealZuulTenant.encode(zuul.project) + "~main~" + changeId;
  }

  /** The newest build of lanes-test-node for the change, from Zuul's builds API. */
  private static JsonNode build(String change) throws Exception {
    return zuul.build(change, "lanes-test-node");
  }
}
