package io.ecsmi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.emulator.ManualClock;
import io.ecsmi.operator.aws.ObservedProvider;
import io.ecsmi.operator.aws.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One describe per cluster shared by the resources that need it, never older than they saw. */
class ObservationsTest {

  private final ManualClock clock = new ManualClock();
  private final Map<String, String> status = new LinkedHashMap<>();
  private final List<List<String>> calls = new ArrayList<>();
  private final Observations observations =
      new Observations(
          (key, also) -> {
            List<String> names = new ArrayList<>(List.of(key.name()));
            also.stream().filter(n -> !n.equals(key.name())).forEach(names::add);
            calls.add(names);
            Map<String, Optional<ObservedProvider>> found = new LinkedHashMap<>();
            names.forEach(
                n -> found.put(n, Optional.ofNullable(status.get(n)).map(s -> provider(n, s))));
            return found;
          },
          key -> Set.of("a", "b", "c"),
          clock);

  private static ObservedProvider provider(String name, String status) {
    return new ObservedProvider(
        "arn:" + name, name, "prod", status, "CREATE_COMPLETE", null, null, Map.of());
  }

  private static ProviderKey key(String name) {
    return new ProviderKey("us-east-1", "prod", name);
  }

  private Optional<String> statusSeenBy(String uid, String name) {
    return observations.observe(uid, key(name)).provider().map(ObservedProvider::status);
  }

  @Test
  void oneDescribeOfTheClusterServesTheOtherResourcesFirstReconciles() {
    assertThat(statusSeenBy("uid-a", "a")).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(statusSeenBy("uid-b", "b")).isEmpty();
    assertThat(observations.observe("uid-c", key("c")).shared()).isTrue();

    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void aPollNeedsAnObservationNewerThanItsOwnLastLook() {
    status.put("a", "PROVISIONING");
    status.put("b", "PROVISIONING");
    statusSeenBy("uid-a", "a");
    statusSeenBy("uid-b", "b"); // shared
    status.put("a", "ACTIVE");
    status.put("b", "ACTIVE");

    clock.advance(Duration.ofSeconds(2));
    assertThat(statusSeenBy("uid-a", "a")).as("a's own poll: a new call").contains("ACTIVE");
    clock.advance(Duration.ofMillis(500));
    assertThat(statusSeenBy("uid-b", "b")).as("b's poll: a's newer call").contains("ACTIVE");
    assertThat(calls).hasSize(2);
    clock.advance(Duration.ofSeconds(2));
    statusSeenBy("uid-b", "b");
    assertThat(calls).as("b saw that one already: it asks again").hasSize(3);
    clock.advance(Duration.ofMillis(1500));
    statusSeenBy("uid-a", "a");
    assertThat(calls).as("newer than a's last look, but too old for a poll").hasSize(4);
  }

  @Test
  void aWriteMakesTheWriterLookAgainAndOldObservationsAreNotShared() {
    statusSeenBy("uid-a", "a");
    observations.wrote("uid-a", key("a"), provider("a", "PROVISIONING"));
    clock.advance(Duration.ofSeconds(1));
    status.put("a", "ACTIVE");
    assertThat(statusSeenBy("uid-a", "a")).contains("ACTIVE");
    assertThat(calls).hasSize(2);

    clock.advance(Observations.MAX_AGE.plusSeconds(1));
    statusSeenBy("uid-c", "c");
    assertThat(calls).as("what a call saw over 30 s ago is not used").hasSize(3);
  }

  @Test
  void aDoubtedObservationIsDescribedAgain() {
    statusSeenBy("uid-a", "a");
    clock.advance(Duration.ofSeconds(1));
    observations.doubt("uid-b", key("b"));
    clock.advance(Duration.ofSeconds(1));

    statusSeenBy("uid-b", "b");
    assertThat(calls).hasSize(2);
  }
}
