package io.ecsmi.e2e;

import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.Behaviour;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.KubeVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * An application class-data sharing (AppCDS) archive of the operator jar: the classes a run loads,
 * already parsed and verified, so a start skips that work. Made by a training run (the operator
 * against a throwaway control plane and emulator: a resource created, Ready, deleted) and used by
 * {@code make demo} and {@code make bench}.
 *
 * <p>The JVM accepts an archive only for the very jar file it was made with (same modification time
 * and size), and every {@code ./mvnw package} writes the jar anew. So the archive is kept with its
 * own copy of the jar in {@code operator/target/cds/}, keyed by the jar's SHA-256 (the build is
 * reproducible): a rebuild of unchanged sources keeps it, a changed jar makes a new one.
 */
public final class ClassDataArchive {

  /** The jar to run and the JVM options that use its archive. */
  public record Launch(Path jar, List<String> options) {}

  private static final Path DIR = KubeVersions.projectRoot().resolve("operator/target/cds");
  private static final Path JAR = DIR.resolve("ecs-mi-operator.jar");
  private static final Path ARCHIVE = DIR.resolve("ecs-mi-operator.jsa");
  private static final Path DIGEST = DIR.resolve("ecs-mi-operator.jar.sha256");

  private ClassDataArchive() {}

  /** The archived copy of the jar the build produced, if the archive was made from these bytes. */
  public static Optional<Launch> current() {
    try {
      boolean current =
          Files.isRegularFile(ARCHIVE)
              && Files.isRegularFile(JAR)
              && Files.isRegularFile(DIGEST)
              && Files.readString(DIGEST).equals(sha256(OperatorProcess.jar()));
      return current
          ? Optional.of(
              new Launch(JAR, List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:auto")))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The archived copy of the jar if its archive is current, else the jar as built, plain. */
  public static Launch launch() {
    return current().orElse(new Launch(OperatorProcess.jar(), List.of()));
  }

  /** The current archive, made first (a training run, about 20 s) if there is none; says so. */
  public static Launch ensure(PrintStream out) {
    return current().orElseGet(() -> train(out));
  }

  private static Launch train(PrintStream out) {
    out.println("      (once per change of the jar: a training run for its class-data archive)");
    Path written = DIR.resolve("ecs-mi-operator.jsa.training");
    Path work;
    try {
      Files.createDirectories(DIR);
      Files.deleteIfExists(DIGEST);
      Files.deleteIfExists(ARCHIVE);
      Files.deleteIfExists(written);
      Files.copy(OperatorProcess.jar(), JAR, StandardCopyOption.REPLACE_EXISTING);
      work = Files.createTempDirectory("ecsmi-cds");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ControlPlane plane = ControlPlane.start(work);
        AwsEmulator aws = AwsEmulator.builder().behaviour(Behaviour.instant()).start()) {
      plane.installCrd();
      aws.createCluster("us-east-1", "prod");
      aws.seedRole();
      OperatorProcess operator =
          OperatorProcess.start(
              JAR,
              plane.kubeconfig(),
              "AKIDTRAINING",
              List.of("-XX:ArchiveClassesAtExit=" + written),
              OperatorProcess.localFlags(aws.endpoint(), "us-east-1"),
              Map.of(),
              work.resolve("operator.log"));
      try {
        operator.awaitReady(Duration.ofSeconds(60));
        plane.createSample("minimal.yaml", "default", "training");
        plane.awaitReady("default", "training", Duration.ofSeconds(60));
        var resource =
            plane
                .client()
                .resources(CapacityProvider.class)
                .inNamespace("default")
                .withName("training");
        resource.delete();
        Awaitility.await("the training resource deleted")
            .atMost(Duration.ofSeconds(60))
            .until(() -> resource.get() == null);
      } finally {
        operator.terminate(Duration.ofSeconds(60)); // the archive is written at exit
      }
      Files.move(written, ARCHIVE, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(DIGEST, sha256(JAR));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return current().orElseThrow(() -> new IllegalStateException("no archive after training"));
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
