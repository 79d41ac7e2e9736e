package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.api.v1alpha1.CapacityProvider;
import io.ecsmi.operator.api.v1alpha1.CapacityProviderStatus;
import io.ecsmi.operator.api.v1alpha1.ManagementPolicy;
import io.ecsmi.operator.aws.Backoff;
import io.ecsmi.operator.aws.CapacityProviders;
import io.ecsmi.operator.aws.ProviderKey;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinators;
import io.ecsmi.operator.config.OperatorConfig;
import io.ecsmi.operator.observability.EventRecorder;
import io.ecsmi.operator.observability.OperatorMetrics;
import io.ecsmi.operator.plan.ConvergencePlanner;
import io.ecsmi.operator.plan.Desired;
import io.ecsmi.operator.plan.Plan;
import io.ecsmi.operator.status.Conditions;
import io.ecsmi.operator.status.Outcome;
import io.ecsmi.operator.status.StatusFactory;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reconciles CapacityProvider resources with ECS: orchestration only. {@link Convergence} (Full)
 * and {@link Observation} (ObserveOnly) observe AWS and carry out what the planners of package
 * {@code plan} decide; {@link Cleanup} does the same for the finalizer; {@link StatusFactory} turns
 * the outcome into status, patched only when it changed. An exception of the operator's own is an
 * InternalError in status, never an endless retry.
 */
@ControllerConfiguration(
    name = CapacityProviderReconciler.NAME,
    finalizerName = CapacityProviderReconciler.FINALIZER)
public class CapacityProviderReconciler
    implements Reconciler<CapacityProvider>, Cleaner<CapacityProvider> {

  public static final String NAME = "capacityprovider";
  public static final String FINALIZER = "ecsmi.io/cleanup";

  private final OperatorConfig config;
  private final CapacityProviders providers;
  private final OperatorMetrics metrics;
  private final Clock clock;
  // Whether this replica leads: a standby's drift scanner makes no AWS call.
  private final BooleanSupplier leading;
  private final Effects effects;
  private final Cleanup cleanup;
  private final WriteSlots slots;
  private final Observations observations;
  private volatile Neighbourhood neighbourhood = Neighbourhood.EMPTY;

  /** The watched providers' names by region and cluster, as of {@code at}. */
  private record Neighbourhood(Map<List<String>, Set<String>> names, Instant at) {
    static final Neighbourhood EMPTY = new Neighbourhood(Map.of(), Instant.MIN);
  }

  private final ServiceLinkedRoleCoordinators roles;
  private volatile Supplier<List<CapacityProvider>> cache = List::of;
  private volatile DriftScanner scanner;
  private volatile Convergence convergence;
  private volatile Observation observation;

  public CapacityProviderReconciler(
      OperatorConfig config,
      CapacityProviders providers,
      ServiceLinkedRoleCoordinators roles,
      EventRecorder events,
      OperatorMetrics metrics,
      BooleanSupplier leading,
      Clock clock) {
    this.config = config;
    this.leading = leading;
    this.providers = providers;
    this.roles = roles;
    this.metrics = metrics;
    this.clock = clock;
    this.effects = new Effects(events, metrics, new Backoff(clock, config.stalledRetryInterval()));
    this.slots = new WriteSlots(providers, clock);
    this.observations = new Observations(providers::describe, this::neighbours, clock);
    this.cleanup = new Cleanup(providers, roles, effects, slots, observations);
  }

  @Override
  public List<EventSource<?, CapacityProvider>> prepareEventSources(
      EventSourceContext<CapacityProvider> context) {
    cache = () -> context.getPrimaryCache().list().toList();
    scanner =
        new DriftScanner(
            providers::describeAll,
            partition -> roles.of(partition).verify(),
            cp -> {
              Desired desired = Desired.of(cp, config);
              return desired.partition().isPresent() ? desired.key() : null;
            },
            cache,
            config.resyncInterval(),
            // The naive baseline polls each resource instead (below).
            () -> leading.getAsBoolean() && !config.naiveBaseline(),
            metrics,
            clock);
    convergence = new Convergence(providers, roles, metrics, effects, scanner, slots, observations);
    observation = new Observation(providers, effects, scanner);
    return List.of(scanner);
  }

  /** Whether drift scans complete (true before the scanner starts and on a standby). */
  public boolean scannerHealthy(Instant now) {
    DriftScanner current = scanner;
    return current == null || current.healthy(now);
  }

  /**
   * The names of the watched providers in {@code key}'s region and cluster, from the informer cache
   * (indexed at most once a second: a thousand reconciles do not each walk a thousand resources).
   */
  private Set<String> neighbours(ProviderKey key) {
    Neighbourhood current = neighbourhood;
    Instant now = clock.instant();
    if (current.at().isBefore(now.minusSeconds(1))) {
      Map<List<String>, Set<String>> names = new HashMap<>();
      for (CapacityProvider cp : cache.get()) {
        if (cp.getSpec() != null) {
          ProviderKey k = Desired.keyOf(cp, config);
          names
              .computeIfAbsent(List.of(k.region(), k.cluster()), c -> new HashSet<>())
              .add(k.name());
        }
      }
      current = new Neighbourhood(names, now);
      neighbourhood = current;
    }
    return current.names().getOrDefault(List.of(key.region(), key.cluster()), Set.of());
  }

  /** The watched resources as the informer has them (for metrics); empty before start. */
  public List<CapacityProvider> resources() {
    return cache.get();
  }

  @Override
  public UpdateControl<CapacityProvider> reconcile(
      CapacityProvider resource, Context<CapacityProvider> context) {
    Step step;
    try {
      Desired desired = Desired.of(resource, config);
      step =
          desired.management() == ManagementPolicy.OBSERVE_ONLY
              ? observation.run(resource, desired)
              : convergence.run(resource, desired);
    } catch (RuntimeException e) {
      step = internalError(resource, "Reconcile", e);
    }
    CapacityProviderStatus next =
        nextStatus(resource, step.outcome().lookingAgain(step.requeue(), clock.instant()));
    UpdateControl<CapacityProvider> control =
        StatusFactory.worthPatching(resource.getStatus(), next, config.resyncInterval())
            ? UpdateControl.patchStatus(withStatus(resource, next))
            : UpdateControl.noUpdate();
    step.requeue()
        .or(() -> config.naiveBaseline() ? Optional.of(config.resyncInterval()) : Optional.empty())
        .ifPresent(control::rescheduleAfter);
    return control;
  }

  @Override
  public DeleteControl cleanup(CapacityProvider resource, Context<CapacityProvider> context) {
    Cleanup.Result result;
    try {
      result = cleanup.run(resource, Desired.of(resource, config));
    } catch (RuntimeException e) {
      Step step = internalError(resource, "Cleanup", e);
      result =
          new Cleanup.Result(
              false, Optional.of(step.outcome()), step.requeue().orElse(Duration.ofHours(1)));
    }
    Duration requeue = result.requeue();
    if (result.done()) {
      scanner.forget(resource);
      metrics.forget(resource.getMetadata().getUid());
      return DeleteControl.defaultDelete();
    }
    result
        .outcome()
        .ifPresent(
            outcome -> {
              CapacityProviderStatus next =
                  nextStatus(resource, outcome.lookingAgain(Optional.of(requeue), clock.instant()));
              if (StatusFactory.worthPatching(
                  resource.getStatus(), next, config.resyncInterval())) {
                patchStatus(context, withStatus(resource, next));
              }
            });
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(requeue);
  }

  /** A bug of the operator outside an AWS call: Stalled (InternalError), logged and counted. */
  private Step internalError(CapacityProvider resource, String operation, RuntimeException e) {
    Plan plan = ConvergencePlanner.failed(effects.failure(resource, operation, e), null);
    effects.recordAll(resource, plan);
    return new Step(plan.outcome(), effects.requeue(resource, plan));
  }

  private CapacityProviderStatus nextStatus(CapacityProvider resource, Outcome outcome) {
    Instant now = clock.instant();
    CapacityProviderStatus next =
        StatusFactory.next(
            resource.getStatus(), outcome, resource.getMetadata().getGeneration(), now);
    boolean wasReady =
        resource.getStatus() != null
            && Conditions.isTrue(resource.getStatus().conditions(), Conditions.READY);
    if (!wasReady && Conditions.isTrue(next.conditions(), Conditions.READY)) {
      metrics.firstReady(
          resource.getMetadata().getUid(),
          Duration.between(Instant.parse(resource.getMetadata().getCreationTimestamp()), now));
    }
    return next;
  }

  /** A fresh object with only what the status patch owns (server-side apply). */
  private static CapacityProvider withStatus(
      CapacityProvider resource, CapacityProviderStatus status) {
    CapacityProvider fresh = new CapacityProvider();
    fresh.getMetadata().setName(resource.getMetadata().getName());
    fresh.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    fresh.setStatus(status);
    return fresh;
  }

  /** Status writes outside reconcile (during cleanup), as the same field manager. */
  private static void patchStatus(Context<CapacityProvider> context, CapacityProvider fresh) {
    context
        .getClient()
        .resource(fresh)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withForce(true)
                .withFieldManager(
                    Objects.requireNonNull(context.getControllerConfiguration().fieldManager()))
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .build());
  }
}
