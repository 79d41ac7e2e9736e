package io.ecsmi.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WavesTest {

  @Test
  void theOperatorsErrorsAreItsFailedAwsCallsBugsFailedScansAndFailedReconciles() {
    String scrape =
        """
        # HELP ecsmi_aws_calls_seconds AWS API calls by service, operation and outcome
        # TYPE ecsmi_aws_calls_seconds histogram
        ecsmi_aws_calls_seconds_bucket{operation="CreateCapacityProvider",outcome="ThrottlingException",service="ECS",le="0.1"} 2
        ecsmi_aws_calls_seconds_count{operation="CreateCapacityProvider",outcome="ThrottlingException",service="ECS"} 3
        ecsmi_aws_calls_seconds_count{operation="CreateCapacityProvider",outcome="success",service="ECS"} 40
        ecsmi_aws_calls_seconds_count{operation="GetRole",outcome="NoSuchEntity",service="IAM"} 1
        ecsmi_aws_calls_seconds_sum{operation="GetRole",outcome="NoSuchEntity",service="IAM"} 0.2
        ecsmi_internal_errors_total{operation="Reconcile"} 1.0
        ecsmi_drift_scan_failures_total{reason="ServerException"} 2.0
        ecsmi_drift_scans_total 9.0
        operator_sdk_reconciliations_failed_total{group="ecsmi.io"} 4.0
        operator_sdk_reconciliations_success_total{group="ecsmi.io"} 90.0
        """;

    assertThat(Waves.errorsIn(scrape)).isEqualTo(3 + 1 + 1 + 2 + 4);
  }
}
