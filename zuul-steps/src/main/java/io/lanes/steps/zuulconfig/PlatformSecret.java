package io.lanes.steps.zuulconfig;

import java.util.List;

/**
 * The credentials a platform's jobs get from Zuul, each one value of one Zuul secret: the file of a secrets directory
 * it is read from, the secret it goes into ({@code <platform>-<secret>}) and its key there. A secret all of whose
 * files are absent is left out when it is {@link #optional}; a required one missing is an error.
 *
 * @param file the file's name in the secrets directory
 * @param secret the secret's name after the platform's: {@code kubeconfig} → {@code acme-kubeconfig}
 * @param key the value's key in the secret's {@code data}
 * @param optional whether the platform may go without this secret
 */
public record PlatformSecret(String file, String secret, String key, boolean optional) {
  /** Every value, in the order the stanza lists them. */
  public static final List<PlatformSecret> ALL =
      List.of(
          new PlatformSecret("kubeconfig", "kubeconfig", "file", false),
          new PlatformSecret("registry-username", "registry", "username", true),
          new PlatformSecret("registry-password", "registry", "password", true),
          new PlatformSecret("s3-access-key", "s3", "access_key", false),
          new PlatformSecret("s3-secret-key", "s3", "secret_key", false),
          new PlatformSecret("backup-key", "backup-key", "file", true),
          new PlatformSecret("dr-mysql-password", "dr-databases", "mysql_password", false),
          new PlatformSecret("dr-mongodb-uri", "dr-databases", "mongodb_uri", false),
          new PlatformSecret("dr-kubeconfig", "dr-kubeconfig", "file", true));
}
