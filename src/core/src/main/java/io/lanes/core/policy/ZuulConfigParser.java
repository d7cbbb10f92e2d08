package io.lanes.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the items of a Zuul configuration file: a YAML list of one-key maps. Zuul's own tags ({@code
 * !encrypted/pkcs1-oaep}, {@code !override}, {@code !inherit}, {@code !unsafe}) read as their plain value.
 */
public final class ZuulConfigParser {
  private ZuulConfigParser() {}

  /**
   * The items of {@code yamlText}, in file order. Anything that is not a one-key map inside a top-level list is
   * skipped: this parser serves the lane policy, not a full Zuul config check.
   *
   * @throws ManifestSyntaxException when the text is not YAML, naming file and line
   */
  public static List<ZuulConfigItem> parse(String file, String yamlText) throws ManifestSyntaxException {
    List<ZuulConfigItem> items = new ArrayList<>();
    for (YamlDocuments.Document document : YamlDocuments.load(file, yamlText)) {
      if (!(document.value() instanceof List<?> list)) {
        continue;
      }
      for (int i = 0; i < list.size(); i++) {
        Map<String, Object> item = PlainData.map(list.get(i));
        if (item.size() != 1) {
          continue;
        }
        Map.Entry<String, Object> entry = item.entrySet().iterator().next();
        Map<String, Object> body = PlainData.map(entry.getValue());
        String name = PlainData.string(body.get("name"));
        items.add(
            new ZuulConfigItem(entry.getKey(), name == null ? "" : name, file, document.itemLines().get(i), body));
      }
    }
    return items;
  }
}
