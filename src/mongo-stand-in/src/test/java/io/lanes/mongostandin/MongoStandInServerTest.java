package io.lanes.mongostandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the MongoDB STAND-IN (mongo-java-server) as a process, reached by the real driver over its URI")
class MongoStandInServerTest {
  private MongoStandInServer standIn;
  private MongoClient client;

  @BeforeEach
  void start() {
    standIn = new MongoStandInServer(0);
    client = MongoClients.create(standIn.uri());
  }

  @AfterEach
  void stop() {
    client.close();
    standIn.close();
  }

  @Test
  @DisplayName("the seed writes the Open edX-like modulestore collections, counted back through the driver")
  void seedWritesTheModulestore() {
    Map<String, Long> counts = OpenEdxMongoSeed.seed(client.getDatabase("openedx"));

    assertThat(counts).containsExactly(
        Map.entry("modulestore.active_versions", 3L),
        Map.entry("modulestore.structures", 6L),
        Map.entry("modulestore.definitions", 120L));
    MongoDatabase database = client.getDatabase("openedx");
    assertThat(database.listCollectionNames().into(new ArrayList<>()))
        .containsExactlyInAnyOrder("modulestore.active_versions", "modulestore.structures", "modulestore.definitions");
    assertThat(database.getCollection("modulestore.definitions").countDocuments(new Document("block_type", "problem")))
        .isEqualTo(30);
  }

  @Test
  @DisplayName("seeding twice gives the same counts, and the unique index on org/course/run refuses a second DemoX")
  void seedIsRepeatableAndIndexed() {
    OpenEdxMongoSeed.seed(client.getDatabase("openedx"));
    Map<String, Long> again = OpenEdxMongoSeed.seed(client.getDatabase("openedx"));

    assertThat(again.get("modulestore.active_versions")).isEqualTo(3L);
    assertThatThrownBy(() -> client.getDatabase("openedx").getCollection("modulestore.active_versions")
        .insertOne(new Document("_id", "other").append("org", "Acme").append("course", "DemoX").append("run", "2026")))
        .isInstanceOf(MongoWriteException.class);
    List<String> indexes = client.getDatabase("openedx").getCollection("modulestore.active_versions").listIndexes()
        .map(i -> i.getString("name")).into(new ArrayList<>());
    assertThat(indexes).contains("org_course_run");
  }

  @Test
  @DisplayName("collection counts list every collection of the database with its documents; a missing database has none")
  void countsEveryCollection() {
    OpenEdxMongoSeed.seed(client.getDatabase("openedx"));
    client.getDatabase("openedx").getCollection("modulestore.definitions").deleteOne(new Document("_id", "definition-DemoX-0"));

    assertThat(CollectionCounts.of(client.getDatabase("openedx"))).containsExactly(
        Map.entry("modulestore.active_versions", 3L),
        Map.entry("modulestore.definitions", 119L),
        Map.entry("modulestore.structures", 6L));
    assertThat(CollectionCounts.of(client.getDatabase("openedx_dr"))).isEmpty();
  }

  @Test
  @DisplayName("a bad command line is refused with the flag named")
  void badArguments() {
    assertThat(MongoStandInServer.port(new String[] {"--port", "17017"})).isEqualTo(17017);
    assertThatThrownBy(() -> MongoStandInServer.port(new String[] {"--port", "x"}))
        .hasMessage("--port x: not a TCP port (0 to 65535)");
    assertThatThrownBy(() -> MongoStandInServer.port(new String[] {}))
        .hasMessage("--port N is required (and nothing else)");
  }
}
