package io.lanes.steps.backup;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The RPO/RTO trend of a platform's last {@value #DRILLS} drills, as an SVG picture drawn by JFreeChart onto JFreeSVG's
 * {@link SVGGraphics2D}: RPO (hours) above, RTO (seconds) below, on one time axis, and, for a platform that ships its
 * binlog, the RPO with binlogs (seconds) under them; a failed drill is a red point on each. Pure: history entries in ({@link DrillHistory#entry} maps), SVG text out.
 */
final class DrillTrendChart {
  /** How many of the newest drills the chart shows. */
  static final int DRILLS = 30;

  private static final int WIDTH = 800;
  private static final int HEIGHT = 480;

  static {
    // a job or a Zuul node has no display
    System.setProperty("java.awt.headless", "true");
  }

  private DrillTrendChart() {}

  /** The last {@value #DRILLS} drills of {@code history} (oldest first), entries without a readable time left out. */
  static List<Map<String, Object>> shown(List<Map<String, Object>> history) {
    List<Map<String, Object>> timed = new ArrayList<>();
    for (Map<String, Object> entry : history) {
      if (time(entry) != null) {
        timed.add(entry);
      }
    }
    return List.copyOf(timed.subList(Math.max(0, timed.size() - DRILLS), timed.size()));
  }

  /** The chart of {@code platform}'s {@code history}, as an SVG document. */
  static String svg(String platform, List<Map<String, Object>> history) {
    List<Map<String, Object>> drills = shown(history);
    TimeSeries rpo = new TimeSeries("RPO (h)");
    TimeSeries rto = new TimeSeries("RTO (s)");
    TimeSeries failedRpo = new TimeSeries("failed drill");
    TimeSeries failedRto = new TimeSeries("failed drill");
    TimeSeries pointInTime = new TimeSeries("RPO with binlogs (s)");
    TimeSeries failedPointInTime = new TimeSeries("failed drill");
    for (Map<String, Object> drill : drills) {
      Millisecond at = new Millisecond(Date.from(time(drill)));
      double hours = number(drill.get("rpo_seconds")) / 3600.0;
      double seconds = number(drill.get("rto_seconds"));
      rpo.addOrUpdate(at, hours);
      rto.addOrUpdate(at, seconds);
      if (!Boolean.TRUE.equals(drill.get("passed"))) {
        failedRpo.addOrUpdate(at, hours);
        failedRto.addOrUpdate(at, seconds);
      }
      if (drill.get("binlog_rpo_seconds") != null) {
        double binlogSeconds = number(drill.get("binlog_rpo_seconds"));
        pointInTime.addOrUpdate(at, binlogSeconds);
        if (!Boolean.TRUE.equals(drill.get("passed"))) {
          failedPointInTime.addOrUpdate(at, binlogSeconds);
        }
      }
    }
    DateAxis time = new DateAxis("drill");
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(12);
    plot.add(subplot(rpo, failedRpo, "RPO (hours)"), 1);
    plot.add(subplot(rto, failedRto, "RTO (seconds)"), 1);
    if (!pointInTime.isEmpty()) {
      // a platform that ships its binlog: the RPO a point-in-time takeover would have had, in seconds
      plot.add(subplot(pointInTime, failedPointInTime, "RPO with binlogs (seconds)"), 1);
    }
    JFreeChart chart = new JFreeChart("DR drills of " + platform + ": RPO and RTO", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.addSubtitle(new TextTitle(subtitle(drills)));
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
    // no DOCTYPE: a reader would fetch the SVG 1.0 DTD from w3.org to parse it
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.getSVGElement() + "\n";
  }

  /** What the chart shows, in words: how many drills, from when to when, how many failed. */
  static String subtitle(List<Map<String, Object>> drills) {
    if (drills.isEmpty()) {
      return "no drill recorded yet";
    }
    long failed = drills.stream().filter(d -> !Boolean.TRUE.equals(d.get("passed"))).count();
    return drills.size() + " drills from " + time(drills.get(0)) + " to " + time(drills.get(drills.size() - 1)) + ", "
        + failed + " failed";
  }

  private static XYPlot subplot(TimeSeries values, TimeSeries failed, String label) {
    TimeSeriesCollection data = new TimeSeriesCollection();
    data.addSeries(values);
    data.addSeries(failed);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesPaint(1, new Color(0xd6, 0x27, 0x28));
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesVisibleInLegend(1, !failed.isEmpty());
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  private static Instant time(Map<String, Object> entry) {
    try {
      return entry.get("time") == null ? null : Instant.parse(String.valueOf(entry.get("time")));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }
}
