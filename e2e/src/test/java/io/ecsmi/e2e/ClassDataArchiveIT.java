package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** make demo's and make bench's class-data archive: one the JVM maps, made once per jar. */
class ClassDataArchiveIT {

  @Test
  void theArchiveIsOneTheJvmMapsForTheChartsOptionsAndIsKeptWhileTheJarIsUnchanged()
      throws Exception {
    ClassDataArchive.Launch launch =
        ClassDataArchive.ensure(new PrintStream(new ByteArrayOutputStream()));
    String archive =
        launch.options().stream()
            .filter(o -> o.startsWith("-XX:SharedArchiveFile="))
            .findFirst()
            .orElseThrow()
            .substring("-XX:SharedArchiveFile=".length());
    FileTime made = Files.getLastModifiedTime(Path.of(archive));

    // -Xshare:on makes the JVM refuse to start rather than run without the archive.
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:MaxRAM=640m", "-XX:TieredStopAtLevel=1"));
    command.addAll(launch.options());
    command.addAll(List.of("-Xshare:on", "-jar", launch.jar().toString(), "--version"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(output).isZero();

    ByteArrayOutputStream said = new ByteArrayOutputStream();
    assertThat(ClassDataArchive.ensure(new PrintStream(said))).isEqualTo(launch);
    assertThat(said.toString(StandardCharsets.UTF_8)).as("no second training run").isEmpty();
    assertThat(Files.getLastModifiedTime(Path.of(archive))).isEqualTo(made);
  }
}
