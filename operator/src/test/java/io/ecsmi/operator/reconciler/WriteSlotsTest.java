package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.ManualClock;
import io.ecsmi.operator.aws.ObservedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Writes held to ECS's modify quota: sleep through a short wait, keep a ticket for a long one. */
class WriteSlotsTest {

  private final ManualClock clock = new ManualClock();
  private final List<Duration> slept = new ArrayList<>();
  private Duration nextWait = Duration.ZERO;
  private int reservations;
  private final WriteSlots slots =
      new WriteSlots(
          (region, operation) -> {
            reservations++;
            return nextWait;
          },
          clock,
          slept::add);

  @Test
  void aSlotAMomentAwayIsSleptThrough() {
    nextWait = Duration.ofMillis(700);

    assertThat(slots.take("uid", 1, "us-east-1", "CreateCapacityProvider", Optional.empty()))
        .isInstanceOf(WriteSlots.Turn.Go.class);
    assertThat(slept).containsExactly(Duration.ofMillis(700));
    assertThat(slots.due("uid", 1)).isEmpty();
  }

  @Test
  void aLaterSlotIsKeptAndUsedWithoutReservingAgain() {
    nextWait = Duration.ofSeconds(37);
    Optional<ObservedProvider> absent = Optional.empty();

    assertThat(slots.take("uid", 1, "us-east-1", "CreateCapacityProvider", absent))
        .isEqualTo(new WriteSlots.Turn.Later(Duration.ofSeconds(37)));
    assertThat(slots.due("uid", 1)).as("not yet").isEmpty();

    clock.advance(Duration.ofSeconds(36).plusMillis(500));
    WriteSlots.Ticket ticket = slots.due("uid", 1).orElseThrow();
    assertThat(ticket.observed()).isEqualTo(absent);
    assertThat(slots.take("uid", 1, "us-east-1", "CreateCapacityProvider", absent))
        .isInstanceOf(WriteSlots.Turn.Go.class);
    assertThat(reservations).as("the ticket's slot, not a new one").isEqualTo(1);
    assertThat(slept).containsExactly(Duration.ofMillis(500));
    assertThat(slots.due("uid", 1)).as("used").isEmpty();
  }

  @Test
  void aSpecChangeOrAnotherWriteTakesANewSlot() {
    nextWait = Duration.ofSeconds(10);
    slots.take("uid", 1, "us-east-1", "CreateCapacityProvider", Optional.empty());
    clock.advance(Duration.ofSeconds(10));

    assertThat(slots.due("uid", 2)).as("another generation").isEmpty();
    slots.take("uid", 1, "us-east-1", "CreateCapacityProvider", Optional.empty());
    clock.advance(Duration.ofSeconds(10));
    nextWait = Duration.ZERO;
    assertThat(slots.take("uid", 1, "us-east-1", "UpdateCapacityProvider", Optional.empty()))
        .isInstanceOf(WriteSlots.Turn.Go.class);
    assertThat(reservations).isEqualTo(3);
  }

  @Test
  void aDroppedTicketIsGone() {
    nextWait = Duration.ofSeconds(10);
    slots.take("uid", 1, "us-east-1", "DeleteCapacityProvider", Optional.empty());
    slots.drop("uid");
    clock.advance(Duration.ofSeconds(10));

    assertThat(slots.due("uid", 1)).isEmpty();
  }
}
