package io.ecsmi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;

/** TagResource, UntagResource and ListTagsForResource on capacity providers. */
class EcsTaggingContractTest {

  private static final String REGION = "eu-west-1";

  private final AwsEmulator emulator = AwsEmulator.start();
  private final EcsClient ecs = Sdk.ecs(emulator.endpoint(), REGION);
  private final String arn;

  {
    emulator.createCluster(REGION, "prod");
    emulator.seedRole();
    arn =
        ecs.createCapacityProvider(
                Providers.create("prod", "general").toBuilder()
                    .tags(Tag.builder().key("team").value("platform").build())
                    .build())
            .capacityProvider()
            .capacityProviderArn();
  }

  @AfterEach
  void stop() {
    ecs.close();
    emulator.close();
  }

  @Test
  void tagsAreAddedOverwrittenRemovedAndListed() {
    ecs.tagResource(
        t ->
            t.resourceArn(arn)
                .tags(
                    Tag.builder().key("team").value("infra").build(),
                    Tag.builder().key("cost-center").value("42").build()));
    ecs.untagResource(u -> u.resourceArn(arn).tagKeys("cost-center", "never-there"));

    assertThat(ecs.listTagsForResource(l -> l.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("team").value("infra").build());
  }

  @Test
  void emptyTagAndKeyListsChangeNothing() {
    // The model's Tags has "min": 0 and TagKeys no minimum.
    ecs.tagResource(t -> t.resourceArn(arn).tags(java.util.List.of()));
    ecs.untagResource(u -> u.resourceArn(arn).tagKeys(java.util.List.of()));

    assertThat(ecs.listTagsForResource(l -> l.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("team").value("platform").build());
  }

  @Test
  void reservedKeysAndTooManyTagsAreRefused() {
    assertThatThrownBy(
            () ->
                ecs.tagResource(
                    t -> t.resourceArn(arn).tags(Tag.builder().key("AWS:x").value("v").build())))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () ->
                ecs.tagResource(
                    t ->
                        t.resourceArn(arn)
                            .tags(
                                IntStream.range(0, 50)
                                    .mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
                                    .toList())))
        .as("50 new keys next to the existing one")
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("at most 50");
    assertThatThrownBy(
            () -> ecs.untagResource(u -> u.resourceArn(arn).tagKeys("aws:cloudformation:stack")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void unknownOrMalformedArnsAreRefused() {
    assertThatThrownBy(
            () ->
                ecs.listTagsForResource(
                    l ->
                        l.resourceArn(
                            "arn:aws:ecs:eu-west-1:123456789012:capacity-provider/ghost")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> ecs.listTagsForResource(l -> l.resourceArn("not-an-arn")))
        .isInstanceOf(InvalidParameterException.class);
    try (EcsClient otherRegion = Sdk.ecs(emulator.endpoint(), "us-west-2")) {
      assertThatThrownBy(() -> otherRegion.listTagsForResource(l -> l.resourceArn(arn)))
          .as("an ARN of another region")
          .isInstanceOf(ResourceNotFoundException.class);
    }
  }
}
