package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmi.operator.aws.SpecDiff.Difference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ILT = "managedInstancesProvider.instanceLaunchTemplate.";

  private static JsonNode json(String template) {
    try {
      return JSON.readTree(
          "{\"infrastructureRoleArn\":\"arn:aws:iam::123456789012:role/r\","
              + "\"instanceLaunchTemplate\":"
              + template
              + "}");
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> paths(List<Difference> differences) {
    return differences.stream().map(Difference::path).toList();
  }

  @Test
  void equalConfigurationsHaveNoDifferences() {
    JsonNode c =
        json("{\"monitoring\":\"BASIC\",\"storageConfiguration\":{\"storageSizeGiB\":50}}");

    assertThat(SpecDiff.configuration(c, c)).isEmpty();
  }

  @Test
  void whatTheDesiredSideLeavesOutIsNotCompared() {
    assertThat(
            SpecDiff.configuration(
                json("{}"),
                json(
                    "{\"monitoring\":\"BASIC\",\"storageConfiguration\":{\"storageSizeGiB\":30}}")))
        .isEmpty();
  }

  @Test
  void reportsThePathAndBothValuesOfEveryDifference() {
    List<Difference> differences =
        SpecDiff.configuration(
            json("{\"monitoring\":\"DETAILED\",\"storageConfiguration\":{\"storageSizeGiB\":50}}"),
            json("{\"monitoring\":\"BASIC\",\"storageConfiguration\":{\"storageSizeGiB\":30}}"));

    assertThat(paths(differences))
        .containsExactly(ILT + "monitoring", ILT + "storageConfiguration.storageSizeGiB");
    assertThat(differences.get(0).describe())
        .isEqualTo(ILT + "monitoring: spec DETAILED, AWS BASIC");
  }

  @Test
  void aMemberMissingInAwsIsADifference() {
    List<Difference> differences =
        SpecDiff.configuration(
            json("{\"storageConfiguration\":{\"storageSizeGiB\":50}}"), json("{}"));

    assertThat(paths(differences)).containsExactly(ILT + "storageConfiguration");
    assertThat(differences.get(0).describe()).endsWith("AWS (not set)");
  }

  @Test
  void aValueThisOperatorDoesNotKnowIsComparedAndShownAsItIs() {
    List<Difference> differences =
        SpecDiff.configuration(
            json("{\"monitoring\":\"BASIC\"}"), json("{\"monitoring\":\"ULTRA\"}"));

    assertThat(differences)
        .singleElement()
        .extracting(Difference::describe)
        .isEqualTo(ILT + "monitoring: spec BASIC, AWS ULTRA");
  }

  @Test
  void listsCompareAsSetsAndNumbersByValue() {
    assertThat(
            SpecDiff.configuration(
                json("{\"networkConfiguration\":{\"subnets\":[\"subnet-1\",\"subnet-2\"]}}"),
                json("{\"networkConfiguration\":{\"subnets\":[\"subnet-2\",\"subnet-1\"]}}")))
        .isEmpty();
    assertThat(
            paths(
                SpecDiff.configuration(
                    json("{\"networkConfiguration\":{\"subnets\":[\"subnet-1\",\"subnet-2\"]}}"),
                    json("{\"networkConfiguration\":{\"subnets\":[\"subnet-1\"]}}"))))
        .containsExactly(ILT + "networkConfiguration.subnets");
    assertThat(
            SpecDiff.configuration(
                json("{\"instanceRequirements\":{\"memoryGiBPerVCpu\":{\"min\":2.0}}}"),
                json("{\"instanceRequirements\":{\"memoryGiBPerVCpu\":{\"min\":2}}}")))
        .isEmpty();
  }

  @Test
  void unspecifiedListsWhatAwsHoldsThatTheDesiredSideLeavesOut() {
    assertThat(
            SpecDiff.unspecified(
                json("{\"instanceRequirements\":{\"vCpuCount\":{\"min\":2}}}"),
                json(
                    "{\"storageConfiguration\":{\"storageSizeGiB\":30},"
                        + "\"instanceRequirements\":{\"vCpuCount\":{\"min\":2,\"max\":8},"
                        + "\"burstablePerformance\":\"excluded\"}}")))
        .containsExactly(
            ILT + "storageConfiguration",
            ILT + "instanceRequirements.vCpuCount.max",
            ILT + "instanceRequirements.burstablePerformance");
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
