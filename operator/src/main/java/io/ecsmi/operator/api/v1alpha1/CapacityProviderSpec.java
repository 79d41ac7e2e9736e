package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * The desired ECS Managed Instances capacity provider.
 *
 * <p>Rules on single fields sit on the class with a {@code fieldPath}: annotations on record
 * components reach both the field and the accessor, and the CRD generator would emit them twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.name) || !self.name.matches('^(?i)(aws|ecs|fargate)')",
    message = "name must not start with aws, ecs or fargate (reserved by ECS)",
    fieldPath = ".name")
@ValidationRule(
    value = "!has(self.tags) || self.tags.all(k, size(k) >= 1 && size(k) <= 128)",
    message = "tag keys must be 1 to 128 characters long",
    fieldPath = ".tags")
@ValidationRule(
    value = "!has(self.tags) || self.tags.all(k, k.matches(r'^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$'))",
    message =
        "tag keys may contain only letters, digits, spaces and _ . : / = + - @ (the ECS TagKey"
            + " pattern)",
    fieldPath = ".tags")
@ValidationRule(
    value = "!has(self.tags) || self.tags.all(k, !k.matches('^(?i)aws:'))",
    message = "tag keys must not start with aws: (reserved by AWS)",
    fieldPath = ".tags")
@ValidationRule(
    value = "!has(self.tags) || self.tags.all(k, !k.startsWith('ecsmi.io/'))",
    message = "tag keys must not start with ecsmi.io/ (reserved for the operator's ownership tags)",
    fieldPath = ".tags")
@ValidationRule(
    value = "has(self.name) == has(oldSelf.name) && (!has(self.name) || self.name == oldSelf.name)",
    message =
        "name is immutable: ECS cannot rename a capacity provider; create a new CapacityProvider"
            + " instead",
    fieldPath = ".name")
@ValidationRule(
    value = "self.cluster == oldSelf.cluster",
    message =
        "cluster is immutable: a capacity provider cannot move to another cluster; create a new"
            + " CapacityProvider instead",
    fieldPath = ".cluster")
@ValidationRule(
    value =
        "has(self.region) == has(oldSelf.region)"
            + " && (!has(self.region) || self.region == oldSelf.region)",
    message =
        "region is immutable: a capacity provider cannot move to another region; create a new"
            + " CapacityProvider instead",
    fieldPath = ".region")
public record CapacityProviderSpec(
    @JsonPropertyDescription(
            "The ECS capacity provider's name; defaults to metadata.name. 1-255 letters, digits,"
                + " underscores and hyphens, not starting with aws, ecs or fargate. Immutable.")
        @Size(min = 1, max = 255)
        @Pattern("^[A-Za-z0-9_-]+$")
        String name,
    @JsonPropertyDescription(
            "The ECS cluster (name or ARN) the capacity provider belongs to. Required. Immutable.")
        @Required
        @Size(min = 1, max = 2048)
        @Pattern(
            "^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255})$")
        String cluster,
    @JsonPropertyDescription(
            "The AWS region, e.g. eu-west-1; defaults to the operator's region. Immutable.")
        @Size(max = 32)
        @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
        String region,
    @JsonPropertyDescription("The Managed Instances configuration (the ECS API, camelCase).")
        @Required
        ManagedInstancesProviderSpec managedInstancesProvider,
    @JsonPropertyDescription(
            "Tags of the capacity provider: at most 47 (ECS allows 50; the operator uses 3 for"
                + " ownership), keys 1-128 characters not starting with aws: or ecsmi.io/, values"
                + " up to 256 characters; both of letters, digits, spaces and _ . : / = + - @.")
        @Size(max = 47)
        Map<String, @Size(max = 256) @Pattern("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$") String> tags,
    @JsonPropertyDescription(
            "Delete removes the ECS capacity provider when this resource is deleted; Retain"
                + " leaves it in AWS. Defaults to the operator's default deletion policy"
                + " (Delete unless configured otherwise).")
        DeletionPolicy deletionPolicy,
    @JsonPropertyDescription(
            "None (the default) refuses to manage an existing capacity provider of the same name"
                + " that the operator did not create; AdoptExisting takes it over when it carries"
                + " no ecsmi.io ownership tags (one owned by another resource is never taken).")
        AdoptionPolicy adoptionPolicy,
    @JsonPropertyDescription(
            "Full (the default) keeps AWS equal to the spec; ObserveOnly never changes AWS and"
                + " only reports its state in status.")
        ManagementPolicy managementPolicy) {}
