package io.ecsmi.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.testing.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of the generated schema that the API server does not check for us. */
class CrdSchemaTest {

  private static JSONSchemaProps schema() throws IOException {
    try (InputStream in = CrdSchemaTest.class.getResourceAsStream(Crds.CAPACITY_PROVIDER_CRD)) {
      return new KubernetesSerialization()
          .unmarshal(in, CustomResourceDefinition.class)
          .getSpec()
          .getVersions()
          .get(0)
          .getSchema()
          .getOpenAPIV3Schema();
    }
  }

  @Test
  void everyFieldHasADescriptionForKubectlExplain() throws IOException {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", schema(), undocumented);

    assertThat(undocumented).isEmpty();
  }

  @Test
  void theSpecHasValidationRulesForEveryDocumentedConstraint() throws IOException {
    JSONSchemaProps spec = schema().getProperties().get("spec");
    JSONSchemaProps template =
        spec.getProperties()
            .get("managedInstancesProvider")
            .getProperties()
            .get("instanceLaunchTemplate");

    assertThat(spec.getRequired()).containsExactlyInAnyOrder("cluster", "managedInstancesProvider");
    assertThat(spec.getXKubernetesValidations())
        .extracting(r -> r.getFieldPath())
        .contains(".name", ".cluster", ".region", ".tags");
    assertThat(template.getXKubernetesValidations())
        .extracting(r -> r.getFieldPath())
        .containsExactlyInAnyOrder(
            ".capacityOptionType",
            ".fipsEnabled",
            ".capacityReservations",
            ".capacityReservations",
            ".instanceRequirements");
    assertThat(spec.getProperties().get("tags").getMaxProperties()).isEqualTo(47L);
  }

  @Test
  void theListsAwsModelsAsSetsAreSetsAndNoListHasABoundAwsDoesNotHave() throws IOException {
    JSONSchemaProps template =
        schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("managedInstancesProvider")
            .getProperties()
            .get("instanceLaunchTemplate");
    JSONSchemaProps requirements = template.getProperties().get("instanceRequirements");
    JSONSchemaProps network = template.getProperties().get("networkConfiguration");

    // botocore ecs service-2.json: the *Set shapes of InstanceRequirementsRequest.
    for (String set :
        List.of(
            "cpuManufacturers",
            "excludedInstanceTypes",
            "instanceGenerations",
            "localStorageTypes",
            "acceleratorTypes",
            "acceleratorManufacturers",
            "acceleratorNames",
            "allowedInstanceTypes")) {
      JSONSchemaProps list = requirements.getProperties().get(set);
      assertThat(list.getXKubernetesListType()).as(set).isEqualTo("set");
      assertThat(list.getMaxItems())
          .as("%s: only the instance type sets have a bound in the model (400)", set)
          .isEqualTo(set.endsWith("InstanceTypes") ? Long.valueOf(400) : null);
    }
    // ManagedInstancesNetworkConfiguration: StringList without bounds in the model.
    assertThat(network.getProperties().get("subnets").getMaxItems()).isNull();
    assertThat(network.getProperties().get("securityGroups").getMaxItems()).isNull();
  }

  private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                String childPath = path + "." + name;
                boolean metadata =
                    childPath.equals(".metadata")
                        || childPath.equals(".apiVersion")
                        || childPath.equals(".kind");
                if (!metadata
                    && (child.getDescription() == null || child.getDescription().isBlank())) {
                  out.add(childPath);
                }
                collectUndocumented(childPath, child, out);
              });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", schema.getItems().getSchema(), out);
    }
  }
}
