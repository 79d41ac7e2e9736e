package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * One status condition, in the shape of Kubernetes' {@code metav1.Condition}, so kstatus, Argo CD
 * and Flux read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription(
            "The condition's type: Ready, Reconciling, Stalled, ServiceLinkedRoleReady or"
                + " CapacityProviderSynced.")
        @Required
        String type,
    @JsonPropertyDescription("True, False or Unknown.") @Required String status,
    @JsonPropertyDescription("The metadata.generation the condition was set for.")
        Long observedGeneration,
    @JsonPropertyDescription("When status last changed (RFC 3339).") @Required
        String lastTransitionTime,
    @JsonPropertyDescription("Why, in CamelCase, for machines (e.g. UpdateInProgress).") @Required
        String reason,
    @JsonPropertyDescription("Why, for people: what happened and what to do next.") @Required
        String message) {}
