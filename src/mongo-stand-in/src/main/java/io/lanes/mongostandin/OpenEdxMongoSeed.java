package io.lanes.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Seeds a MongoDB database, through the real Java driver, with collections shaped like Open edX's split modulestore:
 * {@code modulestore.active_versions} (one per course, unique on org/course/run), {@code modulestore.structures}
 * and {@code modulestore.definitions}. The demo runs it against the stand-in, as it seeds MariaDB with SQL.
 *
 * <pre>
 * MONGODB_URI=mongodb://127.0.0.1:17017 java -cp ... io.lanes.mongostandin.OpenEdxMongoSeed openedx
 * </pre>
 */
public final class OpenEdxMongoSeed {
  /** The courses seeded (one active version each, two structures each). */
  static final List<String> COURSES = List.of("DemoX", "Intro101", "Data201");

  /** Definitions (blocks' content) seeded per course. */
  static final int DEFINITIONS_PER_COURSE = 40;

  private OpenEdxMongoSeed() {}

  /** Drops the database's modulestore collections and writes them again; returns each collection's count. */
  public static Map<String, Long> seed(MongoDatabase database) {
    MongoCollection<Document> activeVersions = database.getCollection("modulestore.active_versions");
    MongoCollection<Document> structures = database.getCollection("modulestore.structures");
    MongoCollection<Document> definitions = database.getCollection("modulestore.definitions");
    // Only what exists: dropping a missing collection is an error the stand-in logs with a stack trace.
    List<String> existing = database.listCollectionNames().into(new ArrayList<>());
    for (MongoCollection<Document> collection : List.of(activeVersions, structures, definitions)) {
      if (existing.contains(collection.getNamespace().getCollectionName())) {
        collection.drop();
      }
    }
    List<Document> versions = new ArrayList<>();
    List<Document> structureDocs = new ArrayList<>();
    List<Document> definitionDocs = new ArrayList<>();
    for (int c = 0; c < COURSES.size(); c++) {
      String course = COURSES.get(c);
      String published = "structure-" + course + "-published";
      String draft = "structure-" + course + "-draft";
      versions.add(new Document("_id", "version-" + course).append("org", "Acme").append("course", course)
          .append("run", "2026").append("versions", new Document("published-branch", published)
              .append("draft-branch", draft)));
      for (String structure : List.of(published, draft)) {
        structureDocs.add(new Document("_id", structure).append("root", List.of("course", "course"))
            .append("blocks", List.of(new Document("block_type", "course").append("block_id", "course"))));
      }
      for (int d = 0; d < DEFINITIONS_PER_COURSE; d++) {
        definitionDocs.add(new Document("_id", "definition-" + course + "-" + d)
            .append("block_type", d % 4 == 0 ? "problem" : "html")
            .append("fields", new Document("data", "<p>" + course + " unit " + d + "</p>")));
      }
    }
    activeVersions.insertMany(versions);
    activeVersions.createIndex(new Document("org", 1).append("course", 1).append("run", 1),
        new IndexOptions().unique(true).name("org_course_run"));
    structures.insertMany(structureDocs);
    definitions.insertMany(definitionDocs);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (MongoCollection<Document> collection : List.of(activeVersions, structures, definitions)) {
      counts.put(collection.getNamespace().getCollectionName(), collection.countDocuments());
    }
    return counts;
  }

  /** {@code DATABASE}, with the URI in the environment variable {@code MONGODB_URI} (never on the command line). */
  public static void main(String[] args) {
    String uri = System.getenv("MONGODB_URI");
    if (args.length != 1 || uri == null || uri.isBlank()) {
      System.err.println("usage: MONGODB_URI=mongodb://... OpenEdxMongoSeed DATABASE");
      System.exit(2);
      return;
    }
    try (MongoClient client = MongoClients.create(uri)) {
      Map<String, Long> counts = seed(client.getDatabase(args[0]));
      counts.forEach((collection, count) -> System.out.println(args[0] + "." + collection + " " + count));
    }
  }
}
