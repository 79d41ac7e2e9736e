package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Where the instances are launched (ECS {@code ManagedInstancesNetworkConfiguration}). AWS's model
 * bounds neither list; how many security groups an instance takes is an EC2 quota of the account.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkConfigurationSpec(
    @JsonPropertyDescription(
            "Subnet IDs for the instances, e.g. subnet-0a1b2c, all in the same VPC. At least one.")
        @Required
        @Size(min = 1)
        List<@Pattern("^subnet-[0-9a-zA-Z]{1,32}$") String> subnets,
    @JsonPropertyDescription(
            "Security group IDs for the instances, e.g. sg-0123. Omit for the VPC's default group.")
        List<@Pattern("^sg-[0-9a-zA-Z]{1,32}$") String> securityGroups) {}
