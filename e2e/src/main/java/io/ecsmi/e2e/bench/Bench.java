package io.ecsmi.e2e.bench;

import io.ecsmi.e2e.ClassDataArchive;
import io.ecsmi.operator.testing.KubeVersions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code make bench}: the operator jar against the local API server and the emulator configured
 * like AWS, at N = 100 and 1000, ours and the naive baseline side by side, plus the operator's own
 * overhead. Prints the table and writes it to {@code e2e/target/bench/} as JSON and Markdown.
 *
 * <p>Arguments: {@code --sizes 100,1000} (empty: no scale runs), {@code --operators ours,naive},
 * {@code --latency-samples 100} (0: skip), {@code --jvm "-XX:..."} (JVM options after the chart's,
 * to try others), {@code --out DIR}.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "demo-logback.xml");
    List<Integer> sizes = List.of(100, 1000);
    List<Operator> operators = List.of(Operator.OURS, Operator.NAIVE);
    int samples = 100;
    List<String> jvm = List.of();
    Path out = KubeVersions.projectRoot().resolve("e2e/target/bench");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes" ->
            sizes =
                Arrays.stream(args[i + 1].split(","))
                    .filter(s -> !s.isBlank())
                    .map(Integer::valueOf)
                    .toList();
        case "--operators" ->
            operators =
                Arrays.stream(args[i + 1].split(","))
                    .map(s -> Operator.valueOf(s.toUpperCase()))
                    .toList();
        case "--latency-samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--jvm" -> jvm = List.of(args[i + 1].trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Report report = run(sizes, operators, samples, jvm, out.resolve("work"), console);
    console.println();
    console.print(report.text());
    report.write(out);
    console.println("\nwritten: " + out.resolve("bench.md") + ", " + out.resolve("bench.json"));
    System.exit(0);
  }

  static Report run(
      List<Integer> sizes,
      List<Operator> operators,
      int samples,
      List<String> jvm,
      Path work,
      PrintStream console) {
    ClassDataArchive.ensure(console);
    List<ScaleRun.Figures> scale = new ArrayList<>();
    ScaleRun runs = new ScaleRun(work, AwsProfile.aws(), jvm, true);
    for (int size : sizes) {
      for (Operator operator : operators) {
        console.printf("N=%d, %s ...%n", size, operator.label());
        ScaleRun.Figures f = runs.run(operator, size);
        console.printf(
            "  all Ready in %.1f s (limit %.1f s), %.2f AWS calls per resource%n",
            f.converge().toMillis() / 1000.0, f.limit().toMillis() / 1000.0, f.callsPerResource());
        console.printf("  calls %s, %d throttled%n", f.callsByOperation(), f.throttled());
        scale.add(f);
        new Report(scale, List.of()).write(work.resolveSibling("partial")); // what is done so far
      }
    }
    List<LatencyRun.Figures> latency = new ArrayList<>();
    if (samples > 0) {
      for (Operator operator : operators) {
        console.printf("overhead, %s ...%n", operator.label());
        latency.add(new LatencyRun(work, jvm).run(operator, samples));
      }
    }
    return new Report(scale, latency);
  }
}
