package io.lanes.steps.objectstore;

import io.lanes.steps.StepException;
import java.util.Map;

/**
 * An S3 access key and secret, read from environment variables whose names the user gives. {@link #toString()}
 * never shows the secret.
 *
 * @param accessKey the access key id
 * @param secretKey the secret; never logged
 */
public record S3Credentials(String accessKey, String secretKey) {

  /** The credentials from the variables named {@code accessKeyVariable} and {@code secretKeyVariable}. */
  public static S3Credentials fromEnvironment(
      Map<String, String> environment, String accessKeyVariable, String secretKeyVariable) {
    return new S3Credentials(
        required(environment, accessKeyVariable, "the S3 access key"),
        required(environment, secretKeyVariable, "the S3 secret key"));
  }

  private static String required(Map<String, String> environment, String variable, String what) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw StepException.configuration(
          "environment variable " + variable + " is not set (it holds " + what + ")");
    }
    return value.strip();
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKey=" + accessKey + ", secretKey=(hidden)]";
  }
}
