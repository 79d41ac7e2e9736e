package io.ecsmi.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.aws.RoleLedger.Deletion;
import io.ecsmi.operator.aws.RoleLedger.Entry;
import io.ecsmi.operator.aws.RoleLedger.Versioned;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The role ledger in a real API server: optimistic concurrency, and partitions side by side. */
@ExtendWith(KubeApiServerExtension.class)
class ConfigMapRoleLedgerIT {

  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");
  private static final String TASK =
      "task/aws-service-role/ecs-compute.amazonaws.com/AWSServiceRoleForECSCompute/1234";

  private static final Entry DELETING =
      new Entry(
          Optional.of(new Deletion(T, Optional.of(TASK))),
          Optional.empty(),
          Map.of("uid-1", T.minusSeconds(5), "uid-2", T));

  @Test
  void aRefusalIsReadBackWithTheHoldersItSettled(KubernetesClient client) {
    ConfigMapRoleLedger ledger =
        new ConfigMapRoleLedger(client, Namespaces.create(client, "ledger"), "aws");
    Entry refused =
        new Entry(Optional.empty(), Optional.empty(), Map.of("uid-1", T), Set.of("uid-1", "uid-0"));

    assertThat(ledger.write(refused, null)).isTrue();

    assertThat(ledger.read().entry()).isEqualTo(refused);
  }

  @Test
  void anEntryIsReadBackAsItWasWritten(KubernetesClient client) {
    String namespace = Namespaces.create(client, "ledger");
    ConfigMapRoleLedger ledger = new ConfigMapRoleLedger(client, namespace, "aws");

    assertThat(ledger.read()).isEqualTo(new Versioned(Entry.EMPTY, null));
    assertThat(ledger.write(DELETING, null)).isTrue();
    assertThat(ledger.read().entry()).isEqualTo(DELETING);

    Entry deleted = new Entry(Optional.empty(), Optional.of(T.plusSeconds(30)), Map.of());
    assertThat(ledger.write(deleted, ledger.read().version())).isTrue();
    assertThat(ledger.read().entry()).isEqualTo(deleted);
    ConfigMap stored =
        client.configMaps().inNamespace(namespace).withName(ConfigMapRoleLedger.NAME).get();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "ecs-mi-operator");
  }

  @Test
  void aWriteBasedOnAStaleReadIsRefusedAndChangesNothing(KubernetesClient client) {
    String namespace = Namespaces.create(client, "ledger");
    ConfigMapRoleLedger leader = new ConfigMapRoleLedger(client, namespace, "aws");
    ConfigMapRoleLedger oldLeader = new ConfigMapRoleLedger(client, namespace, "aws");
    leader.write(Entry.EMPTY, null);
    Versioned seenByBoth = leader.read();

    assertThat(leader.write(DELETING, seenByBoth.version())).isTrue();
    assertThat(oldLeader.write(Entry.EMPTY, seenByBoth.version()))
        .as("the old leader's read is stale")
        .isFalse();
    assertThat(oldLeader.read().entry()).isEqualTo(DELETING);
  }

  @Test
  void twoFirstWritersCannotBothCreateTheConfigMap(KubernetesClient client) {
    String namespace = Namespaces.create(client, "ledger");
    ConfigMapRoleLedger a = new ConfigMapRoleLedger(client, namespace, "aws");
    ConfigMapRoleLedger b = new ConfigMapRoleLedger(client, namespace, "aws");

    assertThat(a.write(DELETING, null)).isTrue();
    assertThat(b.write(Entry.EMPTY, null)).isFalse();
    assertThat(b.read().entry()).isEqualTo(DELETING);
  }

  @Test
  void partitionsShareTheConfigMapWithoutOverwritingEachOther(KubernetesClient client) {
    String namespace = Namespaces.create(client, "ledger");
    ConfigMapRoleLedger aws = new ConfigMapRoleLedger(client, namespace, "aws");
    ConfigMapRoleLedger china = new ConfigMapRoleLedger(client, namespace, "aws-cn");

    assertThat(aws.write(DELETING, null)).isTrue();
    Entry chinaEntry = new Entry(Optional.empty(), Optional.empty(), Map.of("uid-9", T));
    assertThat(china.write(chinaEntry, china.read().version())).isTrue();

    assertThat(aws.read().entry()).isEqualTo(DELETING);
    assertThat(china.read().entry()).isEqualTo(chinaEntry);
  }
}
