package io.ecsmi.operator.status;

import io.ecsmi.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The one helper that sets status conditions: kstatus semantics, {@code lastTransitionTime} moves
 * only when a condition's status changes.
 */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String ROLE_READY = "ServiceLinkedRoleReady";
  public static final String SYNCED = "CapacityProviderSynced";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** The order conditions appear in status. */
  static final List<String> ORDER = List.of(READY, RECONCILING, STALLED, ROLE_READY, SYNCED);

  private Conditions() {}

  /**
   * {@code current} with {@code type} set; its transition time is kept when the status is unchanged
   * and {@code now} otherwise.
   */
  public static List<Condition> set(
      List<Condition> current,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> result = new ArrayList<>();
    Condition previous = find(current, type);
    String transition =
        previous != null && previous.status().equals(status)
            ? previous.lastTransitionTime()
            : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    Condition updated = new Condition(type, status, generation, transition, reason, message);
    boolean placed = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (c.type().equals(type)) {
        result.add(updated);
        placed = true;
      } else {
        result.add(c);
      }
    }
    if (!placed) {
      result.add(updated);
    }
    result.sort((a, b) -> Integer.compare(rank(a.type()), rank(b.type())));
    return List.copyOf(result);
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && TRUE.equals(c.status());
  }

  private static int rank(String type) {
    int i = ORDER.indexOf(type);
    return i < 0 ? ORDER.size() : i;
  }
}
