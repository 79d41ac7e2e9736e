package io.ecsmi.operator.observability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The name of the Event that aggregates one kind of event about one object: {@code <object
 * name>.<16 hex digits>}, the digits a digest of the object's uid, type, reason and message. Event
 * names are DNS subdomains (at most 253 characters, lowercase alphanumerics, '-' and '.', every
 * dot-separated label starting and ending alphanumeric), and an object's own name may already be
 * 253 characters long: the object-name part is cut to fit, the digest keeps the name unique.
 */
final class EventNames {

  static final int MAX_LENGTH = 253;
  private static final int DIGEST_BYTES = 8;

  private EventNames() {}

  static String of(String objectName, String uid, String type, String reason, String message) {
    return of(objectName, digest(uid + type + reason + message));
  }

  /** {@code objectName}, made a valid subdomain and cut to fit, then {@code .hex}. */
  static String of(String objectName, String hex) {
    String prefix = subdomain(objectName);
    int room = MAX_LENGTH - hex.length() - 1;
    if (prefix.length() > room) {
      prefix = trimEnd(prefix.substring(0, room));
    }
    return prefix.isEmpty() ? hex : prefix + "." + hex;
  }

  /** Lowercase labels of alphanumerics and '-', each starting and ending alphanumeric. */
  private static String subdomain(String name) {
    List<String> labels = new ArrayList<>();
    for (String label : (name == null ? "" : name).toLowerCase(Locale.ROOT).split("\\.")) {
      String cleaned = trimEnd(trimStart(label.replaceAll("[^a-z0-9-]", "-")));
      if (!cleaned.isEmpty()) {
        labels.add(cleaned);
      }
    }
    return String.join(".", labels);
  }

  private static String trimStart(String s) {
    int i = 0;
    while (i < s.length() && !alphanumeric(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String trimEnd(String s) {
    int i = s.length();
    while (i > 0 && !alphanumeric(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, DIGEST_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
