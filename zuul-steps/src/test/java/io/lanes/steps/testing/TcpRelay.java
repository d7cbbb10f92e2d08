package io.lanes.steps.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a real server, not a double of any: it counts the bytes clients send through it (how a test
 * sees, from outside the code under test, how much a push really sent) and, made with {@link #stallingAfter}, injects
 * one fault: once clients have sent more than a given number of bytes, it stops reading from the connection that
 * crossed that mark and never relays its answer, as a gateway does that no longer takes bytes (Ceph with its cluster
 * full): the client's socket write blocks once the buffers are full, and no socket timeout ends it. Only that one
 * connection stalls; every other, before and after, is relayed in full (so that aborting an upload reaches the
 * server). A stalling relay's receive buffer is small, so a few MiB fill the buffers.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long stallAfter;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private TcpRelay(String host, int port, long stallAfter) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.stallAfter = stallAfter;
    this.server = new ServerSocket();
    if (stallAfter < Long.MAX_VALUE) {
      server.setReceiveBufferSize(64 * 1024); // inherited by accepted sockets
    }
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::accept, "tcp-relay");
    accept.setDaemon(true);
    accept.start();
  }

  /** Relays 127.0.0.1:(a free port) to {@code host:port}, counting what clients send. */
  public static TcpRelay counting(String host, int port) throws IOException {
    return new TcpRelay(host, port, Long.MAX_VALUE);
  }

  /** As {@link #counting}, and stalls the connection that crosses {@code bytes} bytes sent (fault injection). */
  public static TcpRelay stallingAfter(String host, int port, long bytes) throws IOException {
    return new TcpRelay(host, port, bytes);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Bytes clients sent so far (requests, headers and bodies). */
  public long bytesSent() {
    return sent.get();
  }

  /** Whether a connection has stalled (the fault was injected). */
  public boolean stalled() {
    return stalled.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        AtomicBoolean thisOne = new AtomicBoolean();
        pump(client.getInputStream(), upstream.getOutputStream(), true, thisOne, client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), false, thisOne, upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(
      InputStream in, OutputStream out, boolean fromClient, AtomicBoolean thisOne, Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (thisOne.get()) {
                    break; // the server's answer (or end) on the stalled connection: never relayed
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                  if (fromClient && sent.addAndGet(n) > stallAfter && stalled.compareAndSet(false, true)) {
                    thisOne.set(true);
                  }
                  if (thisOne.get()) {
                    // the fault: read nothing more from this client, relay nothing more to it, until the test ends
                    closed.await();
                    return;
                  }
                }
                if (thisOne.get()) {
                  closed.await();
                  return;
                }
              } catch (IOException ignored) {
                // a side closed: close both
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                close(from);
                close(to);
              }
            },
            "tcp-relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    sockets.forEach(TcpRelay::close);
  }
}
