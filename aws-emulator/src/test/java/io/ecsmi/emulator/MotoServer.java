package io.ecsmi.emulator;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * moto's server (an independent AWS implementation) on a loopback port, installed by {@code
 * scripts/provision-moto.sh}, which this runs (it is idempotent and quick once installed).
 */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public static MotoServer start() throws IOException, InterruptedException {
    Path script = projectRoot().resolve("scripts/provision-moto.sh");
    Process provision = new ProcessBuilder(script.toString()).redirectErrorStream(false).start();
    String out = new String(provision.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(provision.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (provision.waitFor() != 0) {
      throw new IllegalStateException(
          "scripts/provision-moto.sh failed; run it by hand to see why:\n" + err);
    }
    List<String> lines = out.lines().toList();
    Path server = Path.of(lines.get(lines.size() - 1).trim());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto-server", ".log");
    Process process =
        new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    var moto = new MotoServer(process, endpoint);
    HttpClient http = HttpClient.newHttpClient();
    try {
      await("moto_server answering on " + endpoint + " (log: " + log + ")")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("moto_server exited: " + Files.readString(log));
                }
                return http.send(
                            HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              });
    } catch (RuntimeException e) {
      moto.close();
      throw e;
    }
    return moto;
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("scripts/provision-moto.sh"))) {
        return dir;
      }
    }
    throw new UncheckedIOException(
        new IOException(
            "cannot find scripts/provision-moto.sh above " + Path.of("").toAbsolutePath()));
  }
}
