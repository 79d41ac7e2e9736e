package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ObservedProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Writes held to ECS's capacity provider modify quota (one call per second per account and Region
 * after a burst of 10): applying a thousand resources at once queues their creates for minutes. A
 * write whose slot is a moment away waits for it in the reconcile; a later one keeps its reserved
 * slot in a ticket, and the resource is requeued exactly at it with what its reconcile observed, so
 * the next reconcile writes without describing again (an unchanged provider, since only this
 * operator writes it; a provider someone else created meanwhile makes the create fail, and the
 * reconcile after that describes).
 */
final class WriteSlots {

  /** The longest wait a reconcile thread sleeps through; longer ones come back at their slot. */
  static final Duration SLEEP_AT_MOST = Duration.ofSeconds(1);

  /**
   * A reserved slot.
   *
   * @param observed what the reconcile that reserved it saw in AWS
   * @param generation the resource's generation then (a spec change invalidates the ticket)
   */
  record Ticket(
      String operation, Instant slot, Optional<ObservedProvider> observed, long generation) {}

  /** Go now (the slot has come), or come back after {@code wait}. */
  sealed interface Turn {
    record Go() implements Turn {}

    record Later(Duration delay) implements Turn {}
  }

  /** Reserves the next slot of an operation in a region: the wait until it. */
  interface Reserve {
    Duration next(String region, String operation);
  }

  private final Reserve reserve;
  private final Clock clock;
  private final Consumer<Duration> sleep;
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

  WriteSlots(CapacityProviders providers, Clock clock) {
    this(providers::reserve, clock, CapacityProviders::sleep);
  }

  WriteSlots(Reserve reserve, Clock clock, Consumer<Duration> sleep) {
    this.reserve = reserve;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** The ticket of {@code uid} if its slot is (almost) due and its generation is current. */
  Optional<Ticket> due(String uid, long generation) {
    Ticket ticket = tickets.get(uid);
    if (ticket == null) {
      return Optional.empty();
    }
    if (ticket.generation() != generation) {
      tickets.remove(uid);
      return Optional.empty();
    }
    return clock.instant().plus(SLEEP_AT_MOST).isBefore(ticket.slot())
        ? Optional.empty()
        : Optional.of(ticket);
  }

  /**
   * The turn of {@code uid}'s {@code operation} in {@code region}: its ticket's slot, or a new
   * reservation. Waits of up to {@link #SLEEP_AT_MOST} are slept through here.
   */
  Turn take(
      String uid,
      long generation,
      String region,
      String operation,
      Optional<ObservedProvider> observed) {
    Instant now = clock.instant();
    Ticket ticket = tickets.remove(uid);
    Instant slot;
    if (ticket != null
        && ticket.operation().equals(operation)
        && ticket.generation() == generation) {
      slot = ticket.slot();
    } else {
      slot = now.plus(reserve.next(region, operation));
    }
    Duration wait = Duration.between(now, slot);
    if (wait.compareTo(SLEEP_AT_MOST) > 0) {
      tickets.put(uid, new Ticket(operation, slot, observed, generation));
      return new Turn.Later(wait);
    }
    sleep.accept(wait.isNegative() ? Duration.ZERO : wait);
    return new Turn.Go();
  }

  /** The resource needs no write any more (or is gone): its slot is left unused. */
  void drop(String uid) {
    tickets.remove(uid);
  }
}
