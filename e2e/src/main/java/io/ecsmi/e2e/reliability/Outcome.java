package io.ecsmi.e2e.reliability;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One scenario's line of the table.
 *
 * @param operations what was asked of the operator: creates, spec updates and deletes of resources
 * @param faults AWS calls that failed by injection (throttled, 5xx, connections dropped), or other
 *     faults the scenario made (API server restarts, causes of permanent failures)
 * @param crashes operator processes killed (SIGKILL or SIGTERM) and started again, or leaders
 *     killed
 * @param convergence from the last fault (or crash) to every invariant holding
 * @param violations what did not hold; must be none
 * @param figures what the scenario measured besides, one line each (printed under the table)
 */
record Outcome(
    String scenario,
    long operations,
    long faults,
    int crashes,
    Duration convergence,
    List<String> violations,
    List<String> figures) {

  Outcome(
      String scenario,
      long operations,
      long faults,
      int crashes,
      Duration convergence,
      List<String> violations) {
    this(scenario, operations, faults, crashes, convergence, violations, List.of());
  }

  /** This outcome with {@code more} figures. */
  Outcome withFigures(String... more) {
    return new Outcome(
        scenario,
        operations,
        faults,
        crashes,
        convergence,
        violations,
        Stream.concat(figures.stream(), Stream.of(more)).toList());
  }

  /** Durations as a figure: "p50 1.2 s, max 3.4 s" (p50 by nearest rank). */
  static String spread(List<Duration> durations) {
    if (durations.isEmpty()) {
      return "none";
    }
    List<Duration> sorted = durations.stream().sorted().toList();
    return String.format(
        "p50 %.1f s, max %.1f s",
        sorted.get((sorted.size() - 1) / 2).toMillis() / 1000.0,
        sorted.get(sorted.size() - 1).toMillis() / 1000.0);
  }
}
