package io.ecsmi.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventNamesTest {

  // Kubernetes' IsDNS1123Subdomain, without the length limit.
  private static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final String HEX = "0123456789abcdef";

  @Test
  void isTheObjectNameAndTheDigest() {
    assertThat(EventNames.of("general", HEX)).isEqualTo("general." + HEX);
    assertThat(EventNames.of("general", "uid-1", "Normal", "Created", "created general"))
        .matches("general\\.[0-9a-f]{16}");
  }

  @Test
  void aMaximalObjectNameIsCutSoTheWholeFitsAndKeepsTheDigest() {
    // Given an object whose name is as long as Kubernetes allows
    String longName = "a".repeat(120) + "." + "b".repeat(132);
    assertThat(longName).hasSize(253);

    // When its Event is named
    String name = EventNames.of(longName, HEX);

    // Then the name is a valid subdomain of 253 characters: the object name's start, the digest
    assertThat(name).hasSize(253).matches(SUBDOMAIN).endsWith("." + HEX);
    assertThat(longName).startsWith(name.substring(0, name.length() - HEX.length() - 1));
  }

  @Test
  void differentEventsAboutTheSameLongNameStayDistinct() {
    String longName = "x".repeat(253);

    String created = EventNames.of(longName, "uid-1", "Normal", "Created", "created");
    String failed = EventNames.of(longName, "uid-1", "Warning", "UpdateFailed", "failed");

    assertThat(created).hasSize(253).matches(SUBDOMAIN);
    assertThat(failed).hasSize(253).matches(SUBDOMAIN);
    assertThat(created).isNotEqualTo(failed);
  }

  @Test
  void aCutThatEndsOnADashOrDotIsTrimmedToAnAlphanumeric() {
    // Given names whose cut falls right after a '-' or a '.'
    int room = EventNames.MAX_LENGTH - HEX.length() - 1;
    String kept = "a".repeat(room - 1);

    // Then the object-name part ends with the last alphanumeric before it
    assertThat(EventNames.of(kept + "-b" + "c".repeat(20), HEX))
        .isEqualTo(kept + "." + HEX)
        .matches(SUBDOMAIN);
    assertThat(EventNames.of(kept + ".b" + "c".repeat(20), HEX))
        .isEqualTo(kept + "." + HEX)
        .matches(SUBDOMAIN);
  }

  @Test
  void aNameThatIsNotASubdomainIsMadeOne() {
    assertThat(EventNames.of("My_Pool..v2-", HEX)).isEqualTo("my-pool.v2." + HEX);
    assertThat(EventNames.of("--", HEX)).isEqualTo(HEX);
  }
}
