package io.ecsmi.operator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.aws.Partition;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.testing.Crds;
import io.ecsmi.operator.testing.KubeApiServerExtension;
import io.ecsmi.operator.testing.Namespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who still holds the service-linked role is read from the API server, beyond the replica's own
 * shard: other namespaces and other labels count, other partitions do not.
 */
@ExtendWith(KubeApiServerExtension.class)
class ClusterRoleHoldersIT {

  private final List<String> namespaces = new ArrayList<>();
  private KubernetesClient client;

  @AfterEach
  void forget() {
    namespaces.forEach(ns -> Namespaces.forgetCapacityProviders(client, ns));
  }

  private CapacityProvider create(String namespace, String name, String region, String shard) {
    String yaml =
        """
        apiVersion: ecsmi.io/v1alpha1
        kind: CapacityProvider
        metadata:
          name: %s
          namespace: %s
          labels: {shard: %s}
        spec:
          cluster: prod
          %s
          managedInstancesProvider:
            infrastructureRoleArn: arn:aws:iam::123456789012:role/ecsInfrastructureRole
            instanceLaunchTemplate:
              ec2InstanceProfileArn: arn:aws:iam::123456789012:instance-profile/ecsInstanceRole
              networkConfiguration:
                subnets: [subnet-0a1b2c3d]
        """
            .formatted(name, namespace, shard, region == null ? "" : "region: " + region);
    return client.resource(Serialization.unmarshal(yaml, CapacityProvider.class)).create();
  }

  @Test
  void everyNamespaceAndLabelOfThePartitionCounts(KubernetesClient client) {
    this.client = client;
    Crds.installCapacityProviderCrd(client);
    String mine = Namespaces.create(client, "holders-mine");
    String theirs = Namespaces.create(client, "holders-theirs");
    namespaces.addAll(List.of(mine, theirs));
    CapacityProvider watched = create(mine, "watched", null, "a");
    CapacityProvider otherLabel = create(mine, "other-label", "eu-west-1", "b");
    CapacityProvider otherNamespace = create(theirs, "other-namespace", "us-west-2", "a");
    create(theirs, "china", "cn-north-1", "a");
    OperatorConfig shard =
        OperatorConfig.builder("us-east-1")
            .namespaces(Set.of(mine))
            .labelSelector(Optional.of("shard=a"))
            .build();

    ClusterRoleHolders holders =
        new ClusterRoleHolders(client, () -> List.of(watched), shard, Partition.AWS);

    assertThat(holders.current())
        .as("the aws partition's resources, in every namespace and with any label")
        .contains(uid(watched), uid(otherLabel), uid(otherNamespace))
        .allSatisfy(uid -> assertThat(uid).isNotEqualTo(uidOf(theirs, "china")));
    assertThat(new ClusterRoleHolders(client, List::of, shard, Partition.AWS_CN).current())
        .containsExactly(uidOf(theirs, "china"));
  }

  private static String uid(CapacityProvider cp) {
    return cp.getMetadata().getUid();
  }

  private String uidOf(String namespace, String name) {
    return client
        .resources(CapacityProvider.class)
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getMetadata()
        .getUid();
  }
}
