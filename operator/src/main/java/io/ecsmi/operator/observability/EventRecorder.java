package io.ecsmi.operator.observability;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Kubernetes Events about a resource: every AWS change and every failure a user must act on. */
public interface EventRecorder {

  String NORMAL = "Normal";
  String WARNING = "Warning";

  void record(HasMetadata resource, String type, String reason, String message);

  default void normal(HasMetadata resource, String reason, String message) {
    record(resource, NORMAL, reason, message);
  }

  default void warning(HasMetadata resource, String reason, String message) {
    record(resource, WARNING, reason, message);
  }
}
