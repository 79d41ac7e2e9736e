package io.ecsmi.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeVersionsTest {

  @Test
  void readsThePinnedVersionsFromTheOnePinFile() {
    KubeVersions versions = KubeVersions.pinned();

    assertThat(versions.kubernetes()).matches("1\\.(3[3-9]|[4-9]\\d)\\.\\d+");
    assertThat(versions.etcd()).matches("3\\.\\d+\\.\\d+");
    assertThat(KubeVersions.projectRoot().resolve("scripts/provision-kube-binaries.sh"))
        .isExecutable();
  }
}
