package io.lanes.steps.backup.db;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.lanes.steps.StepException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * MongoDB through its Java driver, in mongodump's format: a collection is its documents as concatenated BSON
 * ({@code <collection>.bson}) and its options and indexes as extended JSON ({@code <collection>.metadata.json}),
 * so stock {@code mongorestore} reads what this writes, and this reads what {@code mongodump} writes.
 */
public final class MongoDatabases implements AutoCloseable {
  /** Databases that belong to the server itself and are never dumped unless named. */
  static final List<String> SYSTEM_DATABASES = List.of("admin", "local", "config");

  private static final int BATCH_DOCUMENTS = 1000;
  private static final int BATCH_BYTES = 8 * 1024 * 1024;

  private final MongoClient client;

  private MongoDatabases(MongoClient client) {
    this.client = client;
  }

  /** Connects to {@code uri} (which may hold a password: it is never logged). */
  public static MongoDatabases connect(String uri) {
    try {
      com.mongodb.ConnectionString connection = new com.mongodb.ConnectionString(uri);
      return new MongoDatabases(
          MongoClients.create(
              com.mongodb.MongoClientSettings.builder()
                  .applyConnectionString(connection)
                  .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                  .applyToSocketSettings(b -> b.connectTimeout(10, TimeUnit.SECONDS))
                  .build()));
    } catch (IllegalArgumentException e) {
      throw StepException.configuration("the MongoDB URI is not valid (its value is not shown)");
    }
  }

  /** The server's databases other than {@link #SYSTEM_DATABASES}. */
  public List<String> userDatabases() {
    try {
      List<String> names = new ArrayList<>();
      for (String name : client.listDatabaseNames()) {
        if (!SYSTEM_DATABASES.contains(name)) {
          names.add(name);
        }
      }
      return names;
    } catch (MongoException e) {
      throw failure("list databases", e);
    }
  }

  /** The collections of {@code database}, system collections left out. */
  public List<String> collections(String database) {
    try {
      List<String> names = new ArrayList<>();
      for (String name : client.getDatabase(database).listCollectionNames()) {
        if (!name.startsWith("system.")) {
          names.add(name);
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (MongoException e) {
      throw failure("list collections of " + database, e);
    }
  }

  /** The collection's metadata.json: options, indexes, name and type, as mongodump writes it. */
  public byte[] metadata(String database, String collection) {
    try {
      MongoDatabase db = client.getDatabase(database);
      Document options = new Document();
      for (Document info : db.listCollections().filter(new Document("name", collection))) {
        Object found = info.get("options");
        if (found instanceof Document d) {
          options = d;
        }
      }
      List<Document> indexes = new ArrayList<>();
      for (Document index : db.getCollection(collection).listIndexes()) {
        index.remove("ns");
        indexes.add(index);
      }
      Document metadata =
          new Document("indexes", indexes)
              .append("collectionName", collection)
              .append("type", "collection")
              .append("options", options);
      return metadata.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build())
          .getBytes(StandardCharsets.UTF_8);
    } catch (MongoException e) {
      throw failure("read the options and indexes of " + database + "." + collection, e);
    }
  }

  /**
   * Writes every document of the collection to {@code out} as BSON, returns how many.
   *
   * @param progress told the bytes written so far after each document
   */
  public long dump(String database, String collection, OutputStream out, LongConsumer progress) throws IOException {
    long documents = 0;
    long bytes = 0;
    try (MongoCursor<RawBsonDocument> cursor =
        client.getDatabase(database).getCollection(collection, RawBsonDocument.class).find().batchSize(1000).iterator()) {
      while (cursor.hasNext()) {
        org.bson.ByteBuf document = cursor.next().getByteBuffer();
        ByteBuffer buffer = document.asNIO();
        int length = buffer.remaining();
        if (buffer.hasArray()) {
          out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
        } else {
          byte[] array = new byte[length];
          buffer.get(array);
          out.write(array);
        }
        bytes += length;
        documents++;
        progress.accept(bytes);
      }
    } catch (MongoException e) {
      throw failure("read " + database + "." + collection, e);
    }
    return documents;
  }

  /** Replaces {@code database.collection} with the documents in {@code bson}, then creates its indexes. */
  public long restore(String database, String collection, Document metadata, InputStream bson) throws IOException {
    try {
      MongoDatabase db = client.getDatabase(database);
      db.getCollection(collection).drop();
      MongoCollection<RawBsonDocument> target = db.getCollection(collection, RawBsonDocument.class);
      DataInputStream in = new DataInputStream(bson);
      List<RawBsonDocument> batch = new ArrayList<>();
      int batchBytes = 0;
      long documents = 0;
      byte[] lengthBytes = new byte[4];
      while (true) {
        try {
          in.readFully(lengthBytes);
        } catch (EOFException end) {
          break;
        }
        int length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length < 5 || length > 16 * 1024 * 1024 + 16 * 1024) {
          throw StepException.failure(
              database + "." + collection + ": document " + (documents + 1) + " has an impossible length " + length,
              null);
        }
        byte[] document = new byte[length];
        System.arraycopy(lengthBytes, 0, document, 0, 4);
        in.readFully(document, 4, length - 4);
        batch.add(new RawBsonDocument(document));
        batchBytes += length;
        documents++;
        if (batch.size() >= BATCH_DOCUMENTS || batchBytes >= BATCH_BYTES) {
          target.insertMany(batch);
          batch.clear();
          batchBytes = 0;
        }
      }
      if (!batch.isEmpty()) {
        target.insertMany(batch);
      }
      createIndexes(db, collection, metadata);
      return documents;
    } catch (MongoException e) {
      throw failure("restore " + database + "." + collection, e);
    }
  }

  private static void createIndexes(MongoDatabase db, String collection, Document metadata) {
    List<Document> indexes = new ArrayList<>();
    Object listed = metadata.get("indexes");
    if (listed instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Document index && !"_id_".equals(index.getString("name"))) {
          Document spec = new Document(index);
          spec.remove("v");
          spec.remove("ns");
          indexes.add(spec);
        }
      }
    }
    if (!indexes.isEmpty()) {
      db.runCommand(new Document("createIndexes", collection).append("indexes", indexes));
    }
  }

  /** Documents per collection ({@code database.collection} as named in {@code names}), counted exactly. */
  public Map<String, Long> countDocuments(List<String> collections, Map<String, String> databaseNames) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String qualified : collections) {
      int dot = qualified.indexOf('.');
      String database = databaseNames.getOrDefault(qualified.substring(0, dot), qualified.substring(0, dot));
      try {
        counts.put(
            qualified,
            client.getDatabase(database).getCollection(qualified.substring(dot + 1), BsonDocument.class).countDocuments());
      } catch (MongoException e) {
        throw failure("count " + database + "." + qualified.substring(dot + 1), e);
      }
    }
    return counts;
  }

  /** Drops {@code database} (a drill's scratch database). */
  public void drop(String database) {
    try {
      client.getDatabase(database).drop();
    } catch (MongoException e) {
      throw failure("drop " + database, e);
    }
  }

  private static StepException failure(String what, MongoException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = message.indexOf(". Client view of cluster state");
    return StepException.failure("MongoDB: cannot " + what + ": " + (cut > 0 ? message.substring(0, cut) : message), e);
  }

  @Override
  public void close() {
    client.close();
  }
}
