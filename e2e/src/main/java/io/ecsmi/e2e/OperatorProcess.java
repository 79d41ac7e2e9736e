package io.ecsmi.e2e;

import io.ecsmi.operator.testing.KubeVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The operator as users run it: {@code java -jar operator/target/ecs-mi-operator.jar} in its own
 * process, configured by flags and environment, logging to a file.
 */
public final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final Instant started;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Path log, int httpPort, Instant started) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.started = started;
  }

  // Operators this JVM started: killed when it exits, so an interrupted make bench, make
  // reliability or test run leaves no operator behind (a child process outlives its parent).
  private static final java.util.Set<Process> STARTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> STARTED.forEach(Process::destroyForcibly), "stop-operators"));
  }

  /** The runnable jar the build produced. */
  public static Path jar() {
    Path jar = KubeVersions.projectRoot().resolve("operator/target/ecs-mi-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the operator module first (./mvnw package)");
    }
    return jar;
  }

  /**
   * Starts the jar with {@code flags} (an {@code --http-port} is added) and {@code env} on top of
   * KUBECONFIG and fake AWS credentials with the access key {@code accessKeyId}.
   */
  public static OperatorProcess start(
      Path kubeconfig, String accessKeyId, List<String> flags, Map<String, String> env, Path log) {
    return start(kubeconfig, accessKeyId, List.of("-Xmx512m"), flags, env, log);
  }

  /** As above, with the JVM options {@code jvmOptions} instead of a 512 MiB heap. */
  public static OperatorProcess start(
      Path kubeconfig,
      String accessKeyId,
      List<String> jvmOptions,
      List<String> flags,
      Map<String, String> env,
      Path log) {
    return start(jar(), kubeconfig, accessKeyId, jvmOptions, flags, env, log);
  }

  /** As above, from the copy of the jar {@code jar} (one with a class-data archive). */
  public static OperatorProcess start(
      Path jar,
      Path kubeconfig,
      String accessKeyId,
      List<String> jvmOptions,
      List<String> flags,
      Map<String, String> env,
      Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(flags);
    command.add("--http-port");
    command.add(Integer.toString(port));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("ECSMI_") || k.startsWith("AWS_"));
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.put("AWS_ACCESS_KEY_ID", accessKeyId);
    environment.put("AWS_SECRET_ACCESS_KEY", "not-a-secret");
    environment.putAll(env);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = builder.start();
      STARTED.add(process);
      return new OperatorProcess(process, log, port, Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Flags to run against a local control plane and an emulator. */
  public static List<String> localFlags(URI awsEndpoint, String region) {
    return new ArrayList<>(List.of("--region", region, "--aws-endpoint", awsEndpoint.toString()));
  }

  public static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  /** Waits until /readyz answers 200 and returns how long the start took. */
  public Duration awaitReady(Duration atMost) {
    try {
      Awaitility.await("the operator's /readyz")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "the operator exited with "
                          + process.exitValue()
                          + "; its log:\n"
                          + logText());
                }
                return get("/readyz").statusCode() == 200;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "the operator was not ready within " + atMost + "; its log:\n" + logText(), e);
    }
    return Duration.between(started, Instant.now());
  }

  public HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new FailedResponse(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new FailedResponse(e);
    }
  }

  /** SIGTERM, then waits for the exit; returns the exit code. */
  public int terminate(Duration atMost) {
    process.destroy();
    try {
      if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the operator did not stop within " + atMost + " of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** Waits for the process to exit on its own; returns the exit code. */
  public int awaitExit(Duration atMost) {
    try {
      if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the operator did not exit within " + atMost);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** SIGKILL: a crash. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The process's resident set size in KiB, from /proc (Linux). */
  public long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS for " + process.pid());
  }

  /** CPU time (user + system) the process has used so far, from /proc (Linux, 100 ticks/s). */
  public Duration cpuTime() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return Duration.ofMillis(ticks * 10);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** When the process was started. */
  public Instant started() {
    return started;
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A probe that could not connect: reported as 503 so callers simply retry. */
  private record FailedResponse(Exception cause) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return 503;
    }

    @Override
    public HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    @Override
    public String body() {
      return cause.toString();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public URI uri() {
      return null;
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
