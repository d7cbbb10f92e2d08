package io.lanes.steps.objectstore;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK's HTTP client (Apache), with the request a thread has in flight at hand, so that a stalled upload's request
 * can be aborted from another thread ({@link #abort(Thread)}): the SDK's own {@link ExecutableHttpRequest#abort()},
 * which closes the connection and so ends a socket write that would otherwise block for ever. (The SDK's timeouts
 * call the same method; they only bound a whole call, which a large part may legitimately need long for.)
 */
final class AbortableHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  private final Map<Thread, ExecutableHttpRequest> inFlight = new ConcurrentHashMap<>();

  AbortableHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = delegate.prepareRequest(request);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        Thread thread = Thread.currentThread();
        inFlight.put(thread, this);
        try {
          return prepared.call();
        } finally {
          inFlight.remove(thread, this);
        }
      }

      @Override
      public void abort() {
        prepared.abort();
      }
    };
  }

  /** Aborts the request {@code thread} has in flight, if any. */
  void abort(Thread thread) {
    ExecutableHttpRequest request = inFlight.get(thread);
    if (request != null) {
      request.abort();
    }
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
