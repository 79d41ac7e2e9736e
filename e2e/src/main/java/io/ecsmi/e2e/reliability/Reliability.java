package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.ClassDataArchive;
import io.ecsmi.operator.testing.KubeVersions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code make reliability}: the scenarios against the local API server and the emulator, the
 * invariants checked after each; prints the table and writes it to {@code
 * e2e/target/reliability/reliability.md}. Exits 1 if any invariant was violated.
 *
 * <p>Arguments: {@code --scenarios
 * faults,crashes,failover,apiserver,roles,foreign,stalled,role-gone}, {@code --size 200} (resources
 * per scenario; the crashes, failover and API server restarts use half, the role races and the role
 * behind the operator's back a quarter, the permanent failures a fifth), {@code --kills 30}
 * (operator crashes), {@code --failovers 10} (leaders killed), {@code --restarts 6} (API server
 * restarts).
 */
public final class Reliability {

  private Reliability() {}

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "demo-logback.xml");
    List<String> scenarios =
        List.of(
            "faults",
            "crashes",
            "failover",
            "apiserver",
            "roles",
            "foreign",
            "stalled",
            "role-gone");
    int size = 200;
    int kills = 30;
    int failovers = 10;
    int restarts = 6;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--scenarios" -> scenarios = Arrays.asList(args[i + 1].split(","));
        case "--size" -> size = Integer.parseInt(args[i + 1]);
        case "--kills" -> kills = Integer.parseInt(args[i + 1]);
        case "--failovers" -> failovers = Integer.parseInt(args[i + 1]);
        case "--restarts" -> restarts = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ClassDataArchive.ensure(console);
    Path out = KubeVersions.projectRoot().resolve("e2e/target/reliability");
    List<Outcome> outcomes =
        run(scenarios, new Amounts(size, kills, failovers, restarts), out.resolve("work"), console);
    String table = table(outcomes);
    console.println();
    console.print(table);
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("reliability.md"), "# make reliability\n\n" + table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.exit(outcomes.stream().allMatch(o -> o.violations().isEmpty()) ? 0 : 1);
  }

  /** How much each scenario does: resources, operator crashes, leaders killed, API restarts. */
  record Amounts(int size, int kills, int failovers, int restarts) {}

  static List<Outcome> run(List<String> scenarios, Amounts n, Path work, PrintStream console) {
    List<Outcome> outcomes = new ArrayList<>();
    for (String scenario : scenarios) {
      console.println("scenario " + scenario + " ...");
      Path dir = work.resolve(scenario);
      Outcome outcome;
      try {
        outcome =
            switch (scenario) {
              case "faults" -> AwsFaults.run(dir, n.size());
              case "crashes" -> Crashes.run(dir, n.size() / 2, n.kills(), 2);
              case "failover" -> Failover.run(dir, n.size() / 2, n.failovers(), 3);
              case "apiserver" -> ApiServerRestarts.run(dir, n.size() / 2, n.restarts(), 4);
              case "roles" -> RoleRaces.run(dir, Math.max(4, n.size() / 4));
              case "foreign" -> ForeignResources.run(dir, n.size());
              case "stalled" -> PermanentFailures.run(dir, Math.max(4, n.size() / 5));
              case "role-gone" -> RoleBehindItsBack.run(dir, Math.max(4, n.size() / 4));
              default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
      } catch (ConditionTimeoutException e) {
        // Something never converged: a violation of its own, and the next scenarios still run.
        outcome =
            new Outcome(
                scenario, 0, 0, 0, Duration.ZERO, List.of("never converged: " + e.getMessage()));
      }
      outcome.violations().forEach(v -> console.println("  VIOLATION " + v));
      outcomes.add(outcome);
    }
    return outcomes;
  }

  /** The table, as Markdown (which reads as text too). */
  static String table(List<Outcome> outcomes) {
    StringBuilder t = new StringBuilder();
    t.append(
        "| scenario | operations | faults injected | crashes / failovers | convergence after the"
            + " last fault | invariant violations |\n");
    t.append("|---|---|---|---|---|---|\n");
    for (Outcome o : outcomes) {
      t.append(
          String.format(
              "| %s | %d | %d | %d | %.1f s | %d |%n",
              o.scenario(),
              o.operations(),
              o.faults(),
              o.crashes(),
              o.convergence().toMillis() / 1000.0,
              o.violations().size()));
    }
    List<String> figures =
        outcomes.stream()
            .flatMap(o -> o.figures().stream().map(f -> "- " + o.scenario() + ": " + f))
            .toList();
    if (!figures.isEmpty()) {
      t.append("\n");
      figures.forEach(f -> t.append(f).append("\n"));
    }
    return t.toString();
  }
}
