package io.ecsmi.emulator;

import java.util.Locale;

/** The AWS services the emulator serves. */
public enum Service {
  ECS,
  IAM,
  STS;

  /** The lowercase name used by SigV4 scopes, call accounting and the control API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code ecs}, {@code iam} or {@code sts} (any case). */
  public static Service of(String id) {
    for (Service service : values()) {
      if (service.id().equalsIgnoreCase(id)) {
        return service;
      }
    }
    throw new IllegalArgumentException("unknown service '" + id + "': expected ecs, iam or sts");
  }
}
