package io.lanes.mongostandin;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * STAND-IN for a MongoDB server, as a process a client reaches with a {@code mongodb://} URI: mongo-java-server
 * with its memory backend, on 127.0.0.1. No mongod can be had on this project's machines (FACTS.md); zuul-steps'
 * backup tests use the same stand-in in-process, and {@code src/services/mongo-stand-in.sh} starts this for the demo.
 * It speaks the wire protocol the Java driver needs for backup and restore (list, find, insert, indexes), keeps
 * everything in memory (lost when it stops) and is not MongoDB: no replication, no {@code hello} command.
 *
 * <pre>
 * java -cp mongo-stand-in.jar:lib/* io.lanes.mongostandin.MongoStandInServer --port 17017
 * </pre>
 */
public final class MongoStandInServer implements AutoCloseable {
  private final MongoServer server;
  private final InetSocketAddress address;

  /** Starts the stand-in on 127.0.0.1:{@code port} (0: any free port). */
  public MongoStandInServer(int port) {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    address = server.getLocalAddress();
  }

  /** Its connection URI, e.g. {@code mongodb://127.0.0.1:17017}. */
  public String uri() {
    return "mongodb://127.0.0.1:" + address.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  /** {@code --port N}; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    int port;
    try {
      port = port(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mongo-stand-in: " + e.getMessage());
      System.err.println("usage: MongoStandInServer --port N");
      System.exit(2);
      return;
    }
    MongoStandInServer standIn = new MongoStandInServer(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      standIn.close();
      stopped.countDown();
    }, "mongo-stand-in-stop"));
    PrintStream out = System.out;
    out.println("mongo-stand-in: STAND-IN for MongoDB (mongo-java-server, memory backend) listening on " + standIn.uri());
    out.flush();
    stopped.await();
  }

  /** The port given by {@code --port N}. */
  static int port(String[] args) {
    if (args.length != 2 || !"--port".equals(args[0])) {
      throw new IllegalArgumentException("--port N is required (and nothing else)");
    }
    try {
      int port = Integer.parseInt(args[1]);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port " + args[1] + ": not a TCP port (0 to 65535)");
    }
  }
}
