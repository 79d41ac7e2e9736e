package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Managed Instances configuration of the capacity provider (ECS API camelCase). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManagedInstancesProviderSpec(
    @JsonPropertyDescription(
            "ARN of the infrastructure role ECS assumes to manage the instances, e.g."
                + " arn:aws:iam::123456789012:role/ecsInfrastructureRole (trusted by"
                + " ecs.amazonaws.com, with AmazonECSInfrastructureRolePolicyForManagedInstances).")
        @Required
        @Size(max = 2048)
        @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$")
        String infrastructureRoleArn,
    @JsonPropertyDescription("How ECS launches the instances.") @Required
        InstanceLaunchTemplateSpec instanceLaunchTemplate,
    @JsonPropertyDescription(
            "CAPACITY_PROVIDER copies the capacity provider's tags to the instances; NONE (the"
                + " ECS default) does not.")
        PropagateTags propagateTags,
    @JsonPropertyDescription("How ECS consolidates idle capacity.")
        InfrastructureOptimizationSpec infrastructureOptimization,
    @JsonPropertyDescription("Automatic repair of unhealthy instances.")
        AutoRepairConfigurationSpec autoRepairConfiguration) {}
