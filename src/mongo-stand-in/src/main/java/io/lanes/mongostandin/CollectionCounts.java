package io.lanes.mongostandin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the documents of every collection in a MongoDB database, through the real Java driver: the demo's check
 * that a restored database holds what the source holds (there is no mongo shell on this project's machines).
 *
 * <pre>
 * MONGODB_URI=mongodb://127.0.0.1:17017 java -cp ... io.lanes.mongostandin.CollectionCounts openedx_dr
 * </pre>
 */
public final class CollectionCounts {
  private CollectionCounts() {}

  /** Each collection's document count, by collection name (sorted); empty for a database that does not exist. */
  public static Map<String, Long> of(MongoDatabase database) {
    Map<String, Long> counts = new TreeMap<>();
    List<String> names = database.listCollectionNames().into(new ArrayList<>());
    for (String name : names) {
      counts.put(name, database.getCollection(name).countDocuments());
    }
    return counts;
  }

  /** {@code DATABASE}, with the URI in the environment variable {@code MONGODB_URI}; prints {@code <collection> <count>}. */
  public static void main(String[] args) {
    String uri = System.getenv("MONGODB_URI");
    if (args.length != 1 || uri == null || uri.isBlank()) {
      System.err.println("usage: MONGODB_URI=mongodb://... CollectionCounts DATABASE");
      System.exit(2);
      return;
    }
    try (MongoClient client = MongoClients.create(uri)) {
      of(client.getDatabase(args[0])).forEach((collection, count) -> System.out.println(collection + " " + count));
    }
  }
}
