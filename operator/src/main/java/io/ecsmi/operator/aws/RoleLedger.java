package io.ecsmi.operator.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The durable part of a service-linked role coordinator's state: what must survive a restart or a
 * failover to another replica. A deletion decided (and its IAM task), a deletion finished, and the
 * holders that let go of the role. Written with optimistic concurrency, so two writers never both
 * win.
 */
public interface RoleLedger {

  /** What the ledger holds, and the version a write must name. */
  record Versioned(Entry entry, String version) {}

  /**
   * One partition's role decision.
   *
   * @param deletion a deletion decided and not finished; its IAM task once known
   * @param deletedAt when a deletion this operator made finished (until the role is wanted again)
   * @param released the holders that let go of the role, and when
   * @param refused the released holders whose going a refused deletion settled (IAM's task FAILED:
   *     resources outside the operator use the role); their retries send no deletion again
   */
  record Entry(
      Optional<Deletion> deletion,
      Optional<Instant> deletedAt,
      Map<String, Instant> released,
      Set<String> refused) {

    public static final Entry EMPTY = new Entry(Optional.empty(), Optional.empty(), Map.of());

    public Entry {
      released = Map.copyOf(released);
      refused = Set.copyOf(refused);
    }

    /** An entry without a refused deletion. */
    public Entry(
        Optional<Deletion> deletion, Optional<Instant> deletedAt, Map<String, Instant> released) {
      this(deletion, deletedAt, released, Set.of());
    }

    Entry withReleased(String holder, Instant at, Instant forgetBefore) {
      Map<String, Instant> next = new LinkedHashMap<>();
      released.forEach(
          (h, t) -> {
            if (!t.isBefore(forgetBefore)) {
              next.put(h, t);
            }
          });
      next.put(holder, at);
      return new Entry(deletion, deletedAt, next, refused);
    }

    Entry withDeletion(Deletion value) {
      return new Entry(Optional.of(value), Optional.empty(), released);
    }

    Entry deleted(Instant at) {
      return new Entry(Optional.empty(), Optional.of(at), released);
    }

    Entry withoutDeletion() {
      return new Entry(Optional.empty(), deletedAt, released, refused);
    }

    /** IAM refused the deletion: the role stays, and every holder released so far is settled. */
    Entry withRefusal() {
      return new Entry(Optional.empty(), deletedAt, released, released.keySet());
    }

    /** Whether a refused deletion already settled the going of every holder released. */
    boolean settledByRefusal() {
      return !released.isEmpty() && refused.containsAll(released.keySet());
    }
  }

  /**
   * A deletion the coordinator decided.
   *
   * @param taskId the IAM deletion task, once DeleteServiceLinkedRole answered
   */
  record Deletion(Instant decidedAt, Optional<String> taskId) {}

  Versioned read();

  /**
   * Writes {@code next} if the ledger is still at {@code version} (null: it has no entry yet).
   *
   * @return false when someone else wrote first: read again and decide again
   */
  boolean write(Entry next, String version);
}
