package io.ecsmi.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The benchmark's table: one column per size and operator, ours / naive side by side, the targets;
 * printed, and written as JSON and Markdown.
 */
final class Report {

  private final List<ScaleRun.Figures> scale;
  private final List<LatencyRun.Figures> latency;

  Report(List<ScaleRun.Figures> scale, List<LatencyRun.Figures> latency) {
    this.scale = scale;
    this.latency = latency;
  }

  private record Row(
      String label, String target, Function<ScaleRun.Figures, Double> value, String unit) {}

  private static List<Row> rows(List<String> operations) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("apply -> all Ready", "", f -> seconds(f.converge()), "s"));
    rows.add(new Row("physical limit", "", f -> seconds(f.limit()), "s"));
    rows.add(
        new Row(
            "ratio to the limit",
            "<= 1.2 (N=1000)",
            f -> seconds(f.converge()) / seconds(f.limit()),
            "x"));
    rows.add(new Row("AWS calls per resource", "<= 3", ScaleRun.Figures::callsPerResource, ""));
    for (String op : operations) {
      rows.add(
          new Row(
              "  " + op,
              "",
              f -> f.callsByOperation().getOrDefault(op, 0L) / (double) f.size(),
              "/res"));
    }
    rows.add(new Row("throttling errors", "", f -> (double) f.throttled(), ""));
    rows.add(new Row("GetRole calls (one role)", "", f -> (double) f.getRoleCalls(), ""));
    rows.add(new Row("restart: calls per resource", "", f -> f.restartCallsPerResource(), ""));
    rows.add(
        new Row(
            "steady: calls per resource per hour",
            "<= 0.2",
            ScaleRun.Figures::steadyCallsPerResourcePerHour,
            ""));
    rows.add(
        new Row(
            "drift corrected (resync 10s)",
            "<= 300 (resync 5m)",
            f ->
                f.driftCorrected() == null ? Double.POSITIVE_INFINITY : seconds(f.driftCorrected()),
            "s"));
    rows.add(new Row("delete all, role deleted", "", f -> seconds(f.deleteAll()), "s"));
    rows.add(new Row("delete: physical limit", "", f -> seconds(f.deleteLimit()), "s"));
    rows.add(new Row("DeleteServiceLinkedRole", "1", f -> (double) f.roleDeletions(), ""));
    rows.add(new Row("RSS after convergence", "<= 300 (N=1000)", ScaleRun.Figures::rssMib, "MiB"));
    rows.add(new Row("heap used after convergence", "", ScaleRun.Figures::heapMib, "MiB"));
    rows.add(new Row("CPU to converge", "", f -> seconds(f.cpu()), "s"));
    return rows;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private List<String> operations() {
    return scale.stream()
        .flatMap(f -> f.callsByOperation().keySet().stream())
        .distinct()
        .sorted()
        .toList();
  }

  /** Column headers and cells: per size, each operator, then ours/naive when both ran. */
  private List<List<String>> table() {
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("", "target"));
    List<Integer> sizes = scale.stream().map(ScaleRun.Figures::size).distinct().toList();
    for (int size : sizes) {
      for (ScaleRun.Figures f : at(size)) {
        header.add("N=" + size + " " + f.operator());
      }
      if (at(size).size() == 2) {
        header.add("N=" + size + " ours/naive");
      }
    }
    lines.add(header);
    for (Row row : rows(operations())) {
      List<String> line = new ArrayList<>(List.of(row.label(), row.target()));
      for (int size : sizes) {
        List<ScaleRun.Figures> figures = at(size);
        for (ScaleRun.Figures f : figures) {
          double value = row.value().apply(f);
          line.add(
              format(value)
                  + (row.unit().isEmpty() || Double.isNaN(value) ? "" : " " + row.unit()));
        }
        if (figures.size() == 2) {
          double naive = row.value().apply(figures.get(1));
          line.add(
              naive == 0 || Double.isInfinite(naive)
                  ? "-"
                  : format(row.value().apply(figures.get(0)) / naive));
        }
      }
      lines.add(line);
    }
    return lines;
  }

  private List<ScaleRun.Figures> at(int size) {
    return scale.stream().filter(f -> f.size() == size).toList();
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Double.isInfinite(v)) {
      return "> " + ScaleRun.DRIFT_WINDOW.toSeconds(); // not within the window
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.valueOf((long) v);
    }
    return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
  }

  private List<List<String>> latencyTable() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(
        List.of("", "target", "first reconcile after start", "apply->Ready p50", "p99", "samples"));
    for (LatencyRun.Figures f : latency) {
      lines.add(
          List.of(
              f.operator(),
              "<= 2 s, 300 ms, 1 s",
              f.firstReconcile().toMillis() + " ms",
              f.p50().toMillis() + " ms",
              f.p99().toMillis() + " ms",
              String.valueOf(f.samples())));
    }
    return lines;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append("Scale (AWS profile: 30-80 ms per call, ECS quotas per account and region)\n");
    out.append(columns(table())).append('\n');
    out.append("Physical limit = ").append(formula()).append("\n\n");
    if (!latency.isEmpty()) {
      out.append("Operator overhead (AWS answers at once)\n").append(columns(latencyTable()));
    }
    return out.toString();
  }

  private String formula() {
    return scale.isEmpty() ? "-" : scale.get(0).limitFormula();
  }

  private static String columns(List<List<String>> lines) {
    int n = lines.get(0).size();
    int[] width = new int[n];
    for (List<String> line : lines) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      for (int i = 0; i < n; i++) {
        String cell = line.get(i);
        out.append(i == 0 ? pad(cell, width[i]) : padLeft(cell, width[i])).append("  ");
      }
      out.setLength(out.length() - 2);
      out.append('\n');
    }
    return out.toString();
  }

  private static String markdown(List<List<String>> lines) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append("| ").append(String.join(" | ", lines.get(i))).append(" |\n");
      if (i == 0) {
        out.append("|").append("---|".repeat(lines.get(0).size())).append('\n');
      }
    }
    return out.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }

  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("bench.md"),
          "# make bench\n\n## Scale\n\n"
              + markdown(table())
              + "\nPhysical limit = "
              + formula()
              + "\n\n## Operator overhead\n\n"
              + (latency.isEmpty() ? "-\n" : markdown(latencyTable())));
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("scale", scale.stream().map(Report::json).toList());
      doc.put(
          "latency",
          latency.stream()
              .map(
                  f ->
                      Map.of(
                          "operator", f.operator(),
                          "firstReconcileMs", f.firstReconcile().toMillis(),
                          "p50Ms", f.p50().toMillis(),
                          "p99Ms", f.p99().toMillis(),
                          "samples", f.samples()))
              .toList());
      Files.writeString(dir.resolve("bench.json"), json.writeValueAsString(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> json(ScaleRun.Figures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("operator", f.operator());
    m.put("size", f.size());
    m.put("clusters", f.clusters());
    m.put("convergeMs", f.converge().toMillis());
    m.put("limitMs", f.limit().toMillis());
    m.put("limitFormula", f.limitFormula());
    m.put("callsByOperation", f.callsByOperation());
    m.put("callsPerResource", f.callsPerResource());
    m.put("throttled", f.throttled());
    m.put("getRoleCalls", f.getRoleCalls());
    m.put("restartCallsPerResource", f.restartCallsPerResource());
    m.put("steadyCallsPerResourcePerHour", f.steadyCallsPerResourcePerHour());
    m.put("driftCorrectedMs", f.driftCorrected() == null ? null : f.driftCorrected().toMillis());
    m.put("deleteAllMs", f.deleteAll().toMillis());
    m.put("deleteLimitMs", f.deleteLimit().toMillis());
    m.put("roleDeletions", f.roleDeletions());
    m.put("roleGone", f.roleGone());
    m.put("rssMib", f.rssMib());
    m.put("heapMib", f.heapMib());
    m.put("cpuMs", f.cpu().toMillis());
    return m;
  }

  static Optional<ScaleRun.Figures> find(List<ScaleRun.Figures> all, String operator, int size) {
    return all.stream().filter(f -> f.operator().equals(operator) && f.size() == size).findFirst();
  }
}
