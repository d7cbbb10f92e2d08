package io.lanes.steps.objectstore;

import io.lanes.steps.EnvironmentVariable;
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
        EnvironmentVariable.required(environment, "--s3-access-key-env", accessKeyVariable, "the S3 access key").strip(),
        EnvironmentVariable.required(environment, "--s3-secret-key-env", secretKeyVariable, "the S3 secret key").strip());
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKey=" + accessKey + ", secretKey=(hidden)]";
  }
}
