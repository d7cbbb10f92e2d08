package io.lanes.steps.registry;

/** A registry that cannot be reached or answered an unexpected status; the message names the URL and status. */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  RegistryException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the registry was not reached. */
  public int status() {
    return status;
  }
}
