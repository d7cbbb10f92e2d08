package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.AtomicFile;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.config.PlatformSelection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps zuul-config}: writes a platform's {@code zuul.d/platforms/<platform>.yaml} from the platform map and
 * its credentials, encrypted for the config project. The one step of adding a platform to Zuul.
 */
@Command(
    name = "zuul-config",
    description = "Write a platform's zuul.d/platforms/<platform>.yaml: its semaphore, its secrets encrypted for the"
        + " config project, and the job variants that pass them.")
public final class ZuulConfigStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformMapOptions platformMap;

  @Option(names = "--platform", paramLabel = "NAME", required = true, description = "The platform, as in the map.")
  String platform;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      required = true,
      description = "The config project's public key, a PEM file as zuul-web serves it at"
          + " /api/tenant/<tenant>/key/<project>.pub.")
  Path publicKey;

  @Option(
      names = "--secrets",
      paramLabel = "DIR",
      required = true,
      description = "A directory holding the platform's credentials, one file each: kubeconfig, s3-access-key,"
          + " s3-secret-key, dr-mysql-password, dr-mongodb-uri, and optionally registry-username with"
          + " registry-password, backup-key, dr-kubeconfig (the DR cluster's, for lanes-takeover).")
  Path secrets;

  @Option(
      names = "--drill-mysql-host",
      paramLabel = "HOST",
      description = "The MySQL host of the platform's DR databases, for its drill and takeover (default:"
          + " mysql.<namespace>-dr.svc).")
  String drillMysqlHost;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the file here (whole or not at all) instead of printing it.")
  Path output;

  @Mixin CommonOptions common;

  ZuulConfigStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformMap map = platformMap.load();
    Platform selected = PlatformSelection.byName(map, platform);
    ZuulPublicKey key = ZuulPublicKey.read(publicKey);
    Map<PlatformSecret, List<String>> encrypted = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (PlatformSecret value : PlatformSecret.ALL) {
      Path file = secrets.resolve(value.file());
      if (!Files.isRegularFile(file)) {
        if (!value.optional()) {
          missing.add(file.toString());
        }
        continue;
      }
      encrypted.put(value, key.encrypt(text(file)));
    }
    if (!missing.isEmpty()) {
      throw StepException.configuration("--secrets " + secrets + ": missing " + String.join(", ", missing));
    }
    boolean registryHalf =
        encrypted.keySet().stream().filter(v -> v.secret().equals("registry")).count() == 1;
    if (registryHalf) {
      throw StepException.configuration(
          "--secrets " + secrets + ": registry-username and registry-password go together (or neither)");
    }
    String host = drillMysqlHost != null ? drillMysqlHost : PlatformStanzas.defaultDrillMysqlHost(selected);
    String yaml = PlatformStanzas.yaml(selected, encrypted, host);
    if (output != null) {
      AtomicFile.write(output, yaml, "--output");
      context.err().printf("zuul-config: wrote %s (%d secret values encrypted)%n", output, encrypted.size());
    } else {
      context.out().print(yaml);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform);
    if (output != null) {
      result.put("file", output.toString());
    }
    result.put("secrets", encrypted.keySet().stream().map(PlatformSecret::file).toList());
    ResultFile.write(common.result, Map.of("zuul_config", result), Map.of());
    return ExitCodes.OK;
  }

  /** The credential in {@code file}: UTF-8 text, as Zuul hands a secret's values to Ansible. */
  private static String text(Path file) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw StepException.configuration("--secrets " + file + ": not UTF-8 text (Zuul's secrets are text)", e);
    } catch (IOException e) {
      throw StepException.configuration("--secrets " + file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
