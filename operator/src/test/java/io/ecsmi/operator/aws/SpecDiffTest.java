package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.InstanceLaunchTemplateSpec;
import io.ecsmi.operator.api.v1alpha1.ManagedInstancesProviderSpec;
import io.ecsmi.operator.api.v1alpha1.Monitoring;
import io.ecsmi.operator.api.v1alpha1.NetworkConfigurationSpec;
import io.ecsmi.operator.api.v1alpha1.PropagateTags;
import io.ecsmi.operator.api.v1alpha1.StorageConfigurationSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

  private static ManagedInstancesProviderSpec spec(
      List<String> subnets, Integer storage, Monitoring monitoring, PropagateTags propagate) {
    return new ManagedInstancesProviderSpec(
        "arn:aws:iam::123456789012:role/r",
        new InstanceLaunchTemplateSpec(
            "arn:aws:iam::123456789012:instance-profile/p",
            new NetworkConfigurationSpec(subnets, null),
            storage == null ? null : new StorageConfigurationSpec(storage),
            null,
            monitoring,
            null,
            null,
            null,
            null,
            null),
        propagate,
        null,
        null);
  }

  @Test
  void equalConfigurationsHaveNoDifferences() {
    var desired = spec(List.of("subnet-1"), 50, Monitoring.BASIC, PropagateTags.NONE);

    assertThat(SpecDiff.configuration(desired, desired)).isEmpty();
  }

  @Test
  void whatTheSpecLeavesOutIsEcssToDefault() {
    var desired = spec(List.of("subnet-1"), null, null, null);
    var actual = spec(List.of("subnet-1"), 30, Monitoring.BASIC, PropagateTags.NONE);

    assertThat(SpecDiff.configuration(desired, actual)).isEmpty();
  }

  @Test
  void reportsThePathOfEveryDifference() {
    var desired =
        spec(List.of("subnet-1"), 50, Monitoring.DETAILED, PropagateTags.CAPACITY_PROVIDER);
    var actual = spec(List.of("subnet-1"), 30, Monitoring.BASIC, PropagateTags.CAPACITY_PROVIDER);

    assertThat(SpecDiff.configuration(desired, actual))
        .containsExactly(
            "managedInstancesProvider.instanceLaunchTemplate.storageConfiguration.storageSizeGiB",
            "managedInstancesProvider.instanceLaunchTemplate.monitoring");
  }

  @Test
  void aMemberMissingInAwsIsADifference() {
    var desired = spec(List.of("subnet-1"), 50, null, null);
    var actual = spec(List.of("subnet-1"), null, null, null);

    assertThat(SpecDiff.configuration(desired, actual))
        .containsExactly("managedInstancesProvider.instanceLaunchTemplate.storageConfiguration");
  }

  @Test
  void listsCompareAsSets() {
    var desired = spec(List.of("subnet-1", "subnet-2"), null, null, null);

    assertThat(
            SpecDiff.configuration(
                desired, spec(List.of("subnet-2", "subnet-1"), null, null, null)))
        .isEmpty();
    assertThat(SpecDiff.configuration(desired, spec(List.of("subnet-1"), null, null, null)))
        .containsExactly(
            "managedInstancesProvider.instanceLaunchTemplate.networkConfiguration.subnets");
  }

  @Test
  void tagChangesSetWhatDiffersAndRemoveWhatIsExtraButNeverAwsTags() {
    var changes =
        SpecDiff.tags(
            Map.of("team", "platform", "env", "prod"),
            Map.of(
                "team",
                "infra",
                "rogue",
                "1",
                "aws:cloudformation:stack-name",
                "x",
                "env",
                "prod"));

    assertThat(changes.toSet()).containsExactly(Map.entry("team", "platform"));
    assertThat(changes.toRemove()).isEqualTo(Set.of("rogue"));
    assertThat(SpecDiff.tags(Map.of("a", "1"), Map.of("a", "1")).isEmpty()).isTrue();
  }
}
