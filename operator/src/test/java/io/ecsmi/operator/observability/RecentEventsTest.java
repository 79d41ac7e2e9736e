package io.ecsmi.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventsTest {

  @Test
  void remembersTheCountLastWritten() {
    RecentEvents recent = new RecentEvents(10);

    recent.wrote("general.a", 1);
    recent.wrote("general.a", 2);

    assertThat(recent.count("general.a")).hasValue(2);
    assertThat(recent.count("general.b")).isEmpty();
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
    // Given a full memory of two Events, the older one used since
    RecentEvents recent = new RecentEvents(2);
    recent.wrote("old", 3);
    recent.wrote("newer", 1);
    assertThat(recent.count("old")).hasValue(3);

    // When a third is written
    recent.wrote("newest", 1);

    // Then the one unused the longest is forgotten
    assertThat(recent.count("newer")).isEmpty();
    assertThat(recent.count("old")).hasValue(3);
    assertThat(recent.count("newest")).hasValue(1);
  }

  @Test
  void forgetsAnEventWhoseWriteFailed() {
    RecentEvents recent = new RecentEvents(10);
    recent.wrote("general.a", 4);

    recent.forget("general.a");

    assertThat(recent.count("general.a")).isEmpty();
  }
}
