package io.ecsmi.operator.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kubernetes and etcd versions pinned in {@code scripts/kube-versions.properties}, the one
 * place they are set: the provisioning script sources the same file.
 */
public record KubeVersions(String kubernetes, String etcd) {

  static final String PIN_FILE = "scripts/kube-versions.properties";

  /** Reads the pinned versions from the project checkout this JVM runs in. */
  public static KubeVersions pinned() {
    Path file = projectRoot().resolve(PIN_FILE);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new KubeVersions(
        required(properties, "KUBE_VERSION", file), required(properties, "ETCD_VERSION", file));
  }

  /** The checkout's top directory: the nearest ancestor of the working directory with the pins. */
  public static Path projectRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(PIN_FILE))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find " + PIN_FILE + " in " + start + " or above: run from the project checkout");
  }

  private static String required(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(file + " does not set " + key);
    }
    return value.trim();
  }
}
