package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new Main()).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void anUnknownBehaviourIsRefusedNamingTheOptionAndTheChoices() {
    assertThat(run("--behaviour", "slow")).isEqualTo(2);
    assertThat(err.toString()).contains("--behaviour").contains("instant, realistic");
  }

  @Test
  void aClusterMustBeRegionSlashName() {
    assertThat(run("--cluster", "prod")).isEqualTo(2);
    assertThat(err.toString()).contains("--cluster").contains("expected REGION/NAME");
  }
}
