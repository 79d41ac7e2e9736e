package io.ecsmi.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make bench}'s small version, for correctness: 50 resources over two regions and four
 * clusters, applied at once against the emulator configured like AWS (ECS's quotas, 30-80 ms per
 * call), converge and are deleted down to the service-linked role within the calls per resource the
 * benchmark targets, never throttled. The timings are {@code make bench}'s business.
 */
class BenchIT {

  @TempDir Path work;

  @Test
  void fiftyResourcesConvergeAndGoWithinTheCallBudget() {
    ScaleRun.Figures f =
        new ScaleRun(work, AwsProfile.aws(), List.of(), false).run(Operator.OURS, 50);

    assertThat(f.callsPerResource())
        .as("AWS calls per resource to converge")
        .isLessThanOrEqualTo(3);
    assertThat(f.callsByOperation()).containsEntry("CreateCapacityProvider", 50L);
    assertThat(f.throttled()).as("calls spaced to ECS's quotas are never throttled").isZero();
    assertThat(f.roleGone()).as("the last one out deleted the service-linked role").isTrue();
    assertThat(f.roleDeletions()).isEqualTo(1);
  }
}
