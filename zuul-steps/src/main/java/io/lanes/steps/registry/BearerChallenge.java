package io.lanes.steps.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's {@code WWW-Authenticate: Bearer realm="...",service="...",scope="...",error="..."}: where to get a
 * token (the Docker registry token flow), for which service, which scopes the refused request needs (several are
 * separated by spaces), and why a token was refused ({@code insufficient_scope}, {@code invalid_token}). Pure.
 */
public record BearerChallenge(String realm, Optional<String> service, List<String> scopes, Optional<String> error) {
  private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");

  /** The challenge in {@code header}, empty when it is not a Bearer challenge with a realm. */
  public static Optional<BearerChallenge> parse(String header) {
    String[] parts = header.strip().split("\\s+", 2);
    if (parts.length < 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(parts[1]);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
    }
    String realm = parameters.get("realm");
    if (realm == null || realm.isBlank()) {
      return Optional.empty();
    }
    String scope = parameters.getOrDefault("scope", "").strip();
    return Optional.of(
        new BearerChallenge(
            realm,
            Optional.ofNullable(parameters.get("service")),
            scope.isEmpty() ? List.of() : List.of(scope.split("\\s+")),
            Optional.ofNullable(parameters.get("error"))));
  }
}
