package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The instances' root volume (ECS {@code ManagedInstancesStorageConfiguration}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageConfigurationSpec(
    @JsonPropertyDescription("The size of each instance's data volume in GiB; at least 1.")
        @Required
        @Min(1)
        Integer storageSizeGiB) {}
