package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An Amazon ECS Managed Instances capacity provider, declared in Kubernetes. The operator creates
 * it in ECS, keeps it equal to the spec and deletes it with the resource.
 */
@Group(CapacityProvider.GROUP)
@Version(CapacityProvider.VERSION)
@Plural("capacityproviders")
@Singular("capacityprovider")
@ShortNames("ecscp")
@Categories({"ecsmi", "aws"})
// kubectl prints the columns in this order (the build restores it after crd-generator sorts them).
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "AWS Status", jsonPath = ".status.awsStatus")
@AdditionalPrinterColumn(name = "Update", jsonPath = ".status.updateStatus")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "ARN", jsonPath = ".status.capacityProviderArn", priority = 1)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(
    value =
        "!has(self.spec) || has(self.spec.name) || (self.metadata.name.matches('^[A-Za-z0-9_-]{1,255}$')"
            + " && !self.metadata.name.matches('^(?i)(aws|ecs|fargate)'))",
    message =
        "metadata.name is not a valid ECS capacity provider name (letters, digits, _ and -, not"
            + " starting with aws, ecs or fargate): set spec.name")
public class CapacityProvider extends CustomResource<CapacityProviderSpec, CapacityProviderStatus>
    implements Namespaced {

  public static final String GROUP = "ecsmi.io";
  public static final String VERSION = "v1alpha1";

  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription("The desired ECS Managed Instances capacity provider.")
  public CapacityProviderSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last observed in AWS and did about it.")
  public CapacityProviderStatus getStatus() {
    return super.getStatus();
  }
}
