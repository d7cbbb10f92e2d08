package io.lanes.core.policy;

import java.util.Map;

/**
 * One top-level item of a Zuul configuration file ({@code - job: {...}}, {@code - secret: {...}}, ...).
 *
 * @param type the item's type: {@code job}, {@code secret}, {@code project}, {@code nodeset}...
 * @param name the item's {@code name}, or empty text when it has none ({@code project} items may not)
 * @param file the file, relative to the repository root
 * @param line the 1-based line where the item starts, or 0 when unknown
 * @param content the item's body (the map under the type key)
 */
public record ZuulConfigItem(String type, String name, String file, int line, Map<String, Object> content) {}
