package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.testing.KubeVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code make demo} in its non-interactive form, as CI runs it: it must finish and exit 0. */
class DemoIT {

  @Test
  void theDemoRunsToTheEndAndLeavesNothingRunning() throws Exception {
    Path root = KubeVersions.projectRoot();
    Path work = root.resolve("e2e/target/demo-it");
    Path output = root.resolve("e2e/target/demo-it.log");
    Files.createDirectories(work);
    String classpath =
        root.resolve("e2e/target/classes")
            + ":"
            + Files.readString(root.resolve("e2e/target/demo.classpath")).trim();
    Process demo =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    classpath,
                    "io.ecsmi.e2e.Demo",
                    "--work-dir",
                    work.toString()))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      demo.destroyForcibly();
    }

    String printed = Files.readString(output);
    System.out.println(printed);
    assertThat(finished).as("the demo finishes within 5 minutes").isTrue();
    assertThat(demo.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("[3/6] kubectl apply -f config/samples/")
        .contains("DriftCorrected")
        .contains("ServiceLinkedRoleDeleted")
        .contains("Demo complete")
        .contains("nothing is left running");
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.toString())))
        .as("no process of the demo survives it")
        .isEmpty();
  }
}
