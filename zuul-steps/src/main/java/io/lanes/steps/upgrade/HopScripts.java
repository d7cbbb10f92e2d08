package io.lanes.steps.upgrade;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shell scripts a database hop's Job runs ({@code sh -e -c}): start the database server of the intermediate
 * version in the background on the Deployment's volume, bound to 127.0.0.1 (nothing else can reach it), wait for it,
 * do Tutor's step for the hop, shut the server down cleanly and wait for it to exit, so the data files are closed
 * before the next hop. A server that exits early, never answers (150 tries, 2 s apart) or does not stop cleanly fails
 * the script. No secret is in a script: MySQL's root password is read from the environment variable
 * {@value #PASSWORD_VARIABLE} (from a Secret) into an option file only the Job's user can read. Pure.
 */
final class HopScripts {
  /** The variable a MySQL hop's Job has MySQL's root password in, from a Secret. */
  static final String PASSWORD_VARIABLE = "MYSQL_ROOT_PASSWORD";

  /** Where a MySQL hop's script writes its client option file (mode 600). */
  static final String OPTION_FILE = "/tmp/lanes-hop.cnf";

  private HopScripts() {}

  /**
   * A MongoDB hop: mongod {@code version} on the data, then Tutor's admin command
   * ({@code setFeatureCompatibilityVersion}), which must answer {@code ok: 1}.
   *
   * @param server the Deployment's server command (e.g. {@code mongod --storageEngine wiredTiger})
   * @param binary Tutor's shell for the version: {@code mongo}, or {@code mongosh} from 6
   * @param command Tutor's admin command, as JSON
   */
  static String mongodb(List<String> server, String binary, String version, String fcv, String command) {
    String shell = quote(binary) + " --quiet --eval ";
    return String.join("\n",
        "echo 'lanes: MongoDB " + version + ": starting mongod on the data'",
        words(server) + " --bind_ip 127.0.0.1 &",
        "pid=$!",
        "tries=0",
        "until " + shell + quote("db.adminCommand({ping: 1})") + " >/dev/null 2>&1; do",
        "  if ! kill -0 \"$pid\" 2>/dev/null; then echo 'lanes: mongod " + version + " exited before it answered' >&2; exit 1; fi",
        "  tries=$((tries + 1))",
        "  if [ \"$tries\" -ge 150 ]; then echo 'lanes: mongod " + version + " did not answer in 300 s' >&2; exit 1; fi",
        "  sleep 2",
        "done",
        "echo 'lanes: MongoDB " + version + ": setting featureCompatibilityVersion " + fcv + "'",
        shell + quote("var r = db.adminCommand(" + command + "); printjson(r); if (r.ok != 1) { quit(1); }"),
        shell + quote("db.adminCommand({shutdown: 1})") + " >/dev/null 2>&1 || true",
        "wait \"$pid\"",
        "echo 'lanes: MongoDB " + version + ": featureCompatibilityVersion " + fcv + " set, mongod stopped'");
  }

  /**
   * A MySQL hop: mysqld {@code version} on the data (its start upgrades the data dictionary from 8.0 on), then,
   * when {@code upgrade}, {@code mysql_upgrade} (5.7's way).
   *
   * @param server the server command (e.g. {@code mysqld --character-set-server=utf8mb3})
   * @param user MySQL's root user (Tutor's {@code MYSQL_ROOT_USERNAME})
   */
  static String mysql(List<String> server, String version, String user, boolean upgrade) {
    String client = " --defaults-extra-file=" + OPTION_FILE + " --host=127.0.0.1 --protocol=tcp";
    List<String> lines = new java.util.ArrayList<>(List.of(
        "echo 'lanes: MySQL " + version + ": starting mysqld on the data'",
        "umask 077",
        // printf is a shell builtin: the password is on no process's command line.
        "printf '[client]\\nuser=%s\\npassword=\"%s\"\\n' " + quote(user) + " \"$" + PASSWORD_VARIABLE + "\" > "
            + OPTION_FILE,
        words(server) + " --bind-address=127.0.0.1 &",
        "pid=$!",
        "tries=0",
        "until mysqladmin" + client + " ping >/dev/null 2>&1; do",
        "  if ! kill -0 \"$pid\" 2>/dev/null; then echo 'lanes: mysqld " + version + " exited before it answered' >&2; exit 1; fi",
        "  tries=$((tries + 1))",
        "  if [ \"$tries\" -ge 150 ]; then echo 'lanes: mysqld " + version + " did not answer in 300 s' >&2; exit 1; fi",
        "  sleep 2",
        "done"));
    if (upgrade) {
      lines.add("echo 'lanes: MySQL " + version + ": mysql_upgrade'");
      lines.add("mysql_upgrade" + client);
    }
    lines.add("mysqladmin" + client + " shutdown");
    lines.add("wait \"$pid\"");
    lines.add("rm -f " + OPTION_FILE);
    lines.add("echo 'lanes: MySQL " + version + ": done, mysqld stopped'");
    return String.join("\n", lines);
  }

  private static String words(List<String> words) {
    return words.stream().map(HopScripts::quote).collect(Collectors.joining(" "));
  }

  /** {@code value} as one shell word. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\"'\"'") + "'";
  }
}
