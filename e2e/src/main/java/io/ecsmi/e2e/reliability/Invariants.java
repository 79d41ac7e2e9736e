package io.ecsmi.e2e.reliability;

import io.ecsmi.e2e.bench.Workload;
import io.ecsmi.emulator.AwsEmulator;
import io.ecsmi.emulator.CallLog;
import io.ecsmi.emulator.Service;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must hold after every scenario, whatever happened to AWS, the API server or the operator.
 * Each violation is a sentence naming what is wrong; none is the only good answer.
 *
 * <ul>
 *   <li>every resource that should exist is Ready for its generation; every deleted one is gone;
 *   <li>AWS holds exactly the capacity providers the resources declare, in their cluster, with
 *       their tags: none leaked, none created twice; the providers of others are as they were;
 *   <li>the service-linked role exists if and only if a Managed Instances provider does, and it was
 *       deleted (DeleteServiceLinkedRole carried out) once per time the last one went.
 * </ul>
 */
final class Invariants {

  /**
   * What the scenario did: the resources that should exist and the ones it deleted, the providers
   * of others as they were, how many CreateCapacityProvider calls the resources needed, and how
   * many times the operator's last provider went.
   */
  record Expected(
      Collection<Workload.Item> live,
      Collection<Workload.Item> deleted,
      Map<String, CapacityProviderState> others,
      long creates,
      long lastOneOut) {}

  private Invariants() {}

  static List<String> check(KubernetesClient client, AwsEmulator aws, Expected expected) {
    List<String> violations = new ArrayList<>();
    for (Workload.Item item : expected.live()) {
      CapacityProvider cp = Waves.get(client, item);
      if (cp == null) {
        violations.add(item.key() + " should exist and is gone");
        continue;
      }
      if (!OperatorHarness.readyForItsGeneration(cp)) {
        violations.add(item.key() + " is not Ready for generation " + generation(cp));
      }
      var provider = aws.provider(item.region(), item.name());
      if (provider.isEmpty() || !provider.get().status().equals("ACTIVE")) {
        violations.add(
            item.key()
                + ": no ACTIVE provider in AWS ("
                + provider.map(CapacityProviderState::status).orElse("absent")
                + ")");
        continue;
      }
      if (!provider.get().cluster().equals(item.cluster())) {
        violations.add(item.key() + ": provider in cluster " + provider.get().cluster());
      }
      Map<String, String> tags = cp.getSpec().tags() == null ? Map.of() : cp.getSpec().tags();
      if (!provider.get().tags().entrySet().containsAll(tags.entrySet())) {
        violations.add(
            item.key() + ": AWS tags " + provider.get().tags() + " lack the spec's " + tags);
      }
    }
    for (Workload.Item item : expected.deleted()) {
      if (client
              .resources(CapacityProvider.class)
              .inNamespace(item.namespace())
              .withName(item.name())
              .get()
          != null) {
        violations.add(item.key() + " was deleted and is still there (finalizer stuck)");
      }
    }
    Set<String> declared =
        expected.live().stream().map(i -> i.region() + "/" + i.name()).collect(Collectors.toSet());
    for (CapacityProviderState p : aws.providers()) {
      String key = p.region() + "/" + p.name();
      boolean present = !p.status().equals("INACTIVE");
      if (expected.others().containsKey(key)) {
        if (!same(expected.others().get(key), p)) {
          violations.add("someone else's provider " + key + " was changed: " + p);
        }
      } else if (present && !declared.contains(key)) {
        violations.add("provider " + key + " leaked (" + p.status() + ", no resource declares it)");
      }
    }
    expected.others().keySet().stream()
        .filter(k -> aws.provider(k.split("/")[0], k.split("/")[1]).isEmpty())
        .forEach(k -> violations.add("someone else's provider " + k + " was deleted"));
    long carriedOut =
        aws.calls().count(Service.ECS, "CreateCapacityProvider", CallLog.SUCCESS)
            + aws.calls().count(Service.ECS, "CreateCapacityProvider", CallLog.RESPONSE_LOST);
    long ours = carriedOut - expected.others().size();
    if (ours != expected.creates()) {
      violations.add(
          ours + " capacity providers created for " + expected.creates() + " resource creations");
    }
    boolean anyProvider = aws.providers().stream().anyMatch(p -> !p.status().equals("INACTIVE"));
    if (aws.role().isPresent() != anyProvider) {
      violations.add(
          "the service-linked role "
              + (aws.role().isPresent() ? "exists" : "is gone")
              + " while "
              + (anyProvider ? "a provider exists" : "no provider exists"));
    }
    // Answered by IAM, whatever the answer: NoSuchEntity when ECS deleted the role first.
    long deletions = Waves.answered(aws, Service.IAM, "DeleteServiceLinkedRole");
    if (deletions != expected.lastOneOut()) {
      violations.add(
          "DeleteServiceLinkedRole answered "
              + deletions
              + " times for "
              + expected.lastOneOut()
              + " times the last provider went");
    }
    return violations;
  }

  private static boolean same(CapacityProviderState before, CapacityProviderState now) {
    return before.arn().equals(now.arn())
        && before.status().equals(now.status())
        && Objects.equals(before.managedInstancesProvider(), now.managedInstancesProvider())
        && before.tags().equals(now.tags());
  }

  private static String generation(CapacityProvider cp) {
    return cp.getMetadata().getGeneration()
        + " (observed "
        + (cp.getStatus() == null ? "none" : cp.getStatus().observedGeneration())
        + ")";
  }
}
