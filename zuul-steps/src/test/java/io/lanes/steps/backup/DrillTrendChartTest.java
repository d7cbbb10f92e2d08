package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DrillTrendChartTest {
  private static Map<String, Object> drill(int day, boolean passed) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", Instant.parse("2026-11-01T03:00:00Z").plusSeconds(86_400L * day).toString());
    entry.put("backup", "20261101T013000Z");
    entry.put("passed", passed);
    entry.put("checked", 3);
    entry.put("mismatched", passed ? 0 : 1);
    entry.put("rpo_seconds", 5400 + day * 60);
    entry.put("rto_seconds", 40.5 + day);
    return entry;
  }

  @Test
  @DisplayName("the chart is an SVG document of the last 30 of 35 drills, named in its subtitle, failed drills in red")
  void lastThirtyDrillsAsSvg() throws Exception {
    List<Map<String, Object>> history = new ArrayList<>();
    for (int day = 0; day < 35; day++) {
      history.add(drill(day, day != 20 && day != 33));
    }

    String svg = DrillTrendChart.svg("acme", history);

    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg)
        .contains("DR drills of acme: RPO and RTO")
        .contains("30 drills from 2026-11-06T03:00:00Z to 2026-12-05T03:00:00Z, 2 failed")
        .contains("RPO (h)").contains("RTO (s)").contains("failed drill")
        .contains("rgb(214,39,40)");
  }

  @Test
  @DisplayName("a first drill, all passed: one point, no failed series in the legend")
  void firstDrill() {
    String svg = DrillTrendChart.svg("acme", List.of(drill(0, true)));

    assertThat(svg).contains("1 drills from 2026-11-01T03:00:00Z to 2026-11-01T03:00:00Z, 0 failed")
        .doesNotContain("failed drill");
  }

  @Test
  @DisplayName("drills that checked the shipped binlogs add a third plot, the RPO with binlogs in seconds; without"
      + " them there is none")
  void binlogRpoPlot() {
    Map<String, Object> earlier = drill(0, true);
    Map<String, Object> later = drill(1, false);
    later.put("binlog_rpo_seconds", 640);
    earlier.put("binlog_rpo_seconds", 12);

    String svg = DrillTrendChart.svg("acme", List.of(earlier, later));

    assertThat(svg).contains("RPO with binlogs (s)").contains("failed drill");
    assertThat(DrillTrendChart.svg("acme", List.of(drill(0, true)))).doesNotContain("RPO with binlogs");
  }
}
