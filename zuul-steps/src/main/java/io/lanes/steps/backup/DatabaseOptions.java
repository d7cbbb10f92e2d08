package io.lanes.steps.backup;

import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the platform's databases are: a MySQL/MariaDB server and a MongoDB server, each optional. What a step does
 * with the databases it names differs (backup run dumps them, restore and drill restore them): each of those steps
 * says so in its resource bundle, under the option's {@code descriptionKey}; the description here is the fallback.
 */
public final class DatabaseOptions {
  @Option(names = "--mysql-host", paramLabel = "HOST", description = "The MySQL/MariaDB server; without it MySQL is left out.")
  String mysqlHost;

  @Option(names = "--mysql-port", paramLabel = "PORT", defaultValue = "3306", description = "The MySQL/MariaDB server's port (default: ${DEFAULT-VALUE}).")
  int mysqlPort;

  @Option(names = "--mysql-user", paramLabel = "USER", defaultValue = "root", description = "The MySQL/MariaDB user (default: ${DEFAULT-VALUE}).")
  String mysqlUser;

  @Option(
      names = "--mysql-password-env",
      paramLabel = "VAR",
      defaultValue = "MYSQL_PASSWORD",
      description = "The environment variable holding the MySQL/MariaDB user's password (default: ${DEFAULT-VALUE}).")
  String mysqlPasswordVariable;

  @Option(
      names = "--mysql-database",
      paramLabel = "NAME",
      descriptionKey = "mysql-database",
      description = "A MySQL database (repeatable; default: every database but the server's own).")
  List<String> mysqlDatabases = List.of();

  @Option(
      names = "--mongodb-uri-env",
      paramLabel = "VAR",
      description = "The environment variable holding the MongoDB connection URI; without it MongoDB is left out.")
  String mongodbUriVariable;

  @Option(
      names = "--mongodb-database",
      paramLabel = "NAME",
      descriptionKey = "mongodb-database",
      description = "A MongoDB database (repeatable; default: every database but admin, local, config).")
  List<String> mongodbDatabases = List.of();

  /** The MySQL server, when one is given. */
  Optional<MariaDb> mariaDb(Map<String, String> environment) {
    if (mysqlHost == null) {
      return Optional.empty();
    }
    String password = environment.get(mysqlPasswordVariable);
    if (password == null) {
      // an empty password is a password: only a variable that is not there at all is refused
      throw StepException.configuration("--mysql-password-env " + mysqlPasswordVariable
          + ": the environment variable is not set (it holds the MySQL password of " + mysqlUser + ")");
    }
    return Optional.of(new MariaDb(mysqlHost, mysqlPort, mysqlUser, password));
  }

  /** The MongoDB URI, when one is given. */
  Optional<String> mongodbUri(Map<String, String> environment) {
    if (mongodbUriVariable == null) {
      return Optional.empty();
    }
    String uri = EnvironmentVariable.required(
        environment, "--mongodb-uri-env", mongodbUriVariable, "the MongoDB connection URI");
    return Optional.of(uri.strip());
  }
}
