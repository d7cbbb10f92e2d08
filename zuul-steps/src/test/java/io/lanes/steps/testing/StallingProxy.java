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
 * Fault injection, not a double of any server: a TCP relay in front of a real server (Ceph RGW) that, once clients
 * have sent it more than a given number of bytes, stops reading from the connection that crossed that mark and never
 * relays its answer, as a gateway does that no longer takes bytes (Ceph with its cluster full): the client's socket
 * write blocks once the buffers are full, and no timeout of a socket ends it. Only that one connection stalls; every
 * other, before and after, is relayed in full (so that aborting the upload reaches the server). Its receive buffer is
 * small, so a few MiB fill the buffers.
 */
public final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long stallAfter;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Relays 127.0.0.1:(a free port) to {@code host:port}; stalls the connection that crosses {@code stallAfter} bytes. */
  public StallingProxy(String host, int port, long stallAfter) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.stallAfter = stallAfter;
    this.server = new ServerSocket();
    server.setReceiveBufferSize(64 * 1024); // inherited by accepted sockets
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::accept, "stalling-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
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
            "stalling-proxy-pump");
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
    sockets.forEach(StallingProxy::close);
  }
}
