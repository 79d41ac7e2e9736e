package io.ecsmi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator last observed and did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityProviderStatus(
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "kstatus conditions: Ready, Reconciling, Stalled, ServiceLinkedRoleReady,"
                + " CapacityProviderSynced.")
        List<Condition> conditions,
    @JsonPropertyDescription("The ARN of the ECS capacity provider.") String capacityProviderArn,
    @JsonPropertyDescription(
            "The capacity provider's ECS status: PROVISIONING, ACTIVE, DEPROVISIONING or INACTIVE.")
        String awsStatus,
    @JsonPropertyDescription(
            "The ECS update status, e.g. CREATE_COMPLETE, UPDATE_IN_PROGRESS, UPDATE_FAILED.")
        String updateStatus,
    @JsonPropertyDescription("Why the last ECS update or deletion failed, as ECS reports it.")
        String updateStatusReason,
    @JsonPropertyDescription("The ARN of the AWSServiceRoleForECSCompute service-linked role.")
        String serviceLinkedRoleArn,
    @JsonPropertyDescription(
            "True when the operator took over a capacity provider it did not create"
                + " (adoptionPolicy: AdoptExisting).")
        Boolean adopted,
    @JsonPropertyDescription("When the operator last compared AWS with the spec (RFC 3339).")
        String lastSyncTime,
    @JsonPropertyDescription("The spec fields that differed from AWS at the last drift correction.")
        List<String> drift) {

  /** A builder starting from this status. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder(
        new CapacityProviderStatus(null, null, null, null, null, null, null, null, null, null));
  }

  /** Fluent builder; status is computed fresh on every reconcile and compared to the last one. */
  public static final class Builder {
    private Long observedGeneration;
    private List<Condition> conditions;
    private String capacityProviderArn;
    private String awsStatus;
    private String updateStatus;
    private String updateStatusReason;
    private String serviceLinkedRoleArn;
    private Boolean adopted;
    private String lastSyncTime;
    private List<String> drift;

    private Builder(CapacityProviderStatus s) {
      observedGeneration = s.observedGeneration;
      conditions = s.conditions;
      capacityProviderArn = s.capacityProviderArn;
      awsStatus = s.awsStatus;
      updateStatus = s.updateStatus;
      updateStatusReason = s.updateStatusReason;
      serviceLinkedRoleArn = s.serviceLinkedRoleArn;
      adopted = s.adopted;
      lastSyncTime = s.lastSyncTime;
      drift = s.drift;
    }

    public Builder observedGeneration(Long value) {
      observedGeneration = value;
      return this;
    }

    public Builder conditions(List<Condition> value) {
      conditions = value;
      return this;
    }

    public Builder capacityProviderArn(String value) {
      capacityProviderArn = value;
      return this;
    }

    public Builder awsStatus(String value) {
      awsStatus = value;
      return this;
    }

    public Builder updateStatus(String value) {
      updateStatus = value;
      return this;
    }

    public Builder updateStatusReason(String value) {
      updateStatusReason = value;
      return this;
    }

    public Builder serviceLinkedRoleArn(String value) {
      serviceLinkedRoleArn = value;
      return this;
    }

    public Builder adopted(Boolean value) {
      adopted = value;
      return this;
    }

    public Builder lastSyncTime(String value) {
      lastSyncTime = value;
      return this;
    }

    public Builder drift(List<String> value) {
      drift = value;
      return this;
    }

    public CapacityProviderStatus build() {
      return new CapacityProviderStatus(
          observedGeneration,
          conditions,
          capacityProviderArn,
          awsStatus,
          updateStatus,
          updateStatusReason,
          serviceLinkedRoleArn,
          adopted,
          lastSyncTime,
          drift);
    }
  }
}
