package io.ecsmi.operator;

import io.ecsmi.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who reconciles when several replicas run: leader election with a Lease, on the operator's terms.
 *
 * <ul>
 *   <li>Work that only the leader does (resource gauges, drift scans) starts when it leads ({@link
 *       #whenLeading}); a standby makes no AWS call and exports no resource gauges.
 *   <li>On shutdown the leader releases the Lease once it stopped reconciling, as client-go's
 *       {@code ReleaseOnCancel} does, so a standby takes over at its next retry instead of after
 *       the lease duration. (JOSDK 5.2.3 builds its elector without release on cancel, and with
 *       exit-on-stop-leading calls {@code System.exit} from inside the shutdown hook, which hangs
 *       the JVM; this class turns that off and handles both itself.)
 *   <li>Losing leadership while running (the Lease could not be renewed) exits the process, so
 *       Kubernetes restarts it as a standby and two leaders never reconcile at once.
 * </ul>
 */
final class Leadership {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /**
   * The longest wait between a standby's attempts to take the Lease. The elector adds up to 120%
   * jitter, so a released Lease is taken within about 1.8 s.
   */
  static final Duration MAX_RETRY = Duration.ofMillis(800);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final Clock clock;
  private final Runnable lost;
  private final AtomicBoolean leading;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Runnable> onLeading = new ArrayList<>();

  /**
   * @param lost what to do when leadership is lost while running (production: exit the process)
   */
  Leadership(OperatorConfig config, KubernetesClient client, Clock clock, Runnable lost) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    this.lost = lost;
    this.leading = new AtomicBoolean(!config.leadership().enabled());
  }

  /** Exits the JVM from a thread of its own (never from a callback the shutdown may wait on). */
  static Runnable exitProcess() {
    return () -> {
      Thread exit = new Thread(() -> System.exit(1), "lost-leadership-exit");
      exit.start();
    };
  }

  boolean enabled() {
    return config.leadership().enabled();
  }

  boolean leading() {
    return leading.get();
  }

  /** Runs {@code work} once this replica leads: now if it does, else when it starts to. */
  synchronized void whenLeading(Runnable work) {
    if (leading.get()) {
      work.run();
    } else {
      onLeading.add(work);
    }
  }

  private synchronized void startLeading() {
    leading.set(true);
    LOG.info("{} is now the leader: reconciling", config.identity());
    onLeading.forEach(Runnable::run);
    onLeading.clear();
  }

  private void stopLeading() {
    if (stopping.get()) {
      return; // our own shutdown: the Lease is released once reconciling has stopped
    }
    LOG.error(
        "{} lost the leadership (the Lease could not be renewed): exiting so that Kubernetes"
            + " restarts it as a standby",
        config.identity());
    lost.run();
  }

  /** The shutdown has begun: a stop of leading from now on is ours, not a loss. */
  void stopping() {
    stopping.set(true);
  }

  LeaderElectionConfiguration configuration() {
    Duration lease = config.leadership().leaseDuration();
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                config.leadership().leaseName())
            .withIdentity(config.identity())
            .withLeaseDuration(lease)
            .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(retryPeriod(lease))
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    this::startLeading,
                    this::stopLeading,
                    leader -> LOG.info("the leader is {}", leader)));
    config.leadership().leaseNamespace().ifPresent(builder::withLeaseNamespace);
    return builder.build();
  }

  /** A seventh of the lease (as before), but at most {@link #MAX_RETRY}. */
  static Duration retryPeriod(Duration lease) {
    Duration seventh = lease.dividedBy(7);
    return seventh.compareTo(MAX_RETRY) < 0 ? seventh : MAX_RETRY;
  }

  /**
   * Gives the Lease up if this replica holds it: no holder, a one-second lease, renewed now (what
   * client-go and fabric8 write on release), with optimistic concurrency.
   *
   * @return whether the Lease was released
   */
  boolean release() {
    if (!enabled()) {
      return false;
    }
    String namespace =
        config
            .leadership()
            .leaseNamespace()
            .orElseGet(() -> client.getConfiguration().getNamespace());
    try {
      Lease lease =
          client.leases().inNamespace(namespace).withName(config.leadership().leaseName()).get();
      if (lease == null
          || lease.getSpec() == null
          || !config.identity().equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).lockResourceVersion().update();
      LOG.info(
          "{} released the Lease {}/{}: a standby takes over now",
          config.identity(),
          namespace,
          config.leadership().leaseName());
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not release the Lease {}/{} ({}): a standby takes over when it expires",
          namespace,
          config.leadership().leaseName(),
          e.getMessage());
      return false;
    }
  }
}
