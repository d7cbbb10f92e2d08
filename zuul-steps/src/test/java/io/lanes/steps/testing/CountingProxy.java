package io.lanes.steps.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a real server that counts the bytes clients send through it: how a test sees, from
 * outside the code under test, how much a push really sent.
 */
public final class CountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final AtomicLong sent = new AtomicLong();

  /** Relays 127.0.0.1:(a free port) to {@code host:port}. */
  public CountingProxy(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "counting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Bytes clients sent so far (requests, headers and bodies). */
  public long bytesSent() {
    return sent.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        pump(client.getInputStream(), upstream.getOutputStream(), sent, client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), new AtomicLong(), upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, AtomicLong counter, Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                  counter.addAndGet(n);
                }
              } catch (IOException ignored) {
                // a side closed: close both
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "counting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
