package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.testing.KubeVersions;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InstallManifestIsUpToDateTest {

  @Test
  void configInstallYamlIsTheChartRenderedWithItsDefaults() throws Exception {
    String committed = Files.readString(KubeVersions.projectRoot().resolve("config/install.yaml"));

    assertThat(committed)
        .as(
            "config/install.yaml differs from the chart rendered with its defaults: run `make manifests` and commit")
        .isEqualTo(InstallManifest.render());
  }
}
