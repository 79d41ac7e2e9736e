package io.ecsmi.operator.aws;

import io.ecsmi.operator.aws.RoleLedger.Deletion;
import io.ecsmi.operator.aws.RoleLedger.Entry;
import io.ecsmi.operator.aws.RoleLedger.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The {@code AWSServiceRoleForECSCompute} role of one partition's account, shared by every capacity
 * provider there.
 *
 * <ul>
 *   <li>{@link #ensure()}: GetRole, else CreateServiceLinkedRole, then wait (with backoff) until
 *       IAM shows it. Single-flight: concurrent callers share one IAM call; the answer is cached.
 *   <li>{@link #release}: "last one out". Once a holder's capacity provider is gone it is recorded
 *       as released; when no other holder (read fresh: {@link RoleHolders}) still holds or wants a
 *       provider, DeleteServiceLinkedRole once and follow the task. A FAILED task with a role usage
 *       list means resources outside the operator still use the role: it is kept.
 * </ul>
 *
 * <p>What must outlive this process (a deletion decided and its task, a deletion finished, the
 * released holders) is in the {@link RoleLedger}: a new leader resumes a running deletion instead
 * of starting another, and never reports the role Ready while a deletion it knows of runs. No lock
 * is held across an AWS or Kubernetes call: callers share futures.
 */
public final class ServiceLinkedRoleCoordinator {

  /** What to do with the role once nothing uses it. */
  public enum Policy {
    DELETE_WHEN_UNUSED,
    RETAIN
  }

  /** The outcome of {@link #ensure()}. */
  public sealed interface RoleState {
    record Ready(String arn) implements RoleState {}

    /**
     * Not usable yet.
     *
     * @param created this call created the role (worth an Event)
     * @param roleName the role's name as IAM answered it
     */
    record Pending(
        String reason, String message, Duration retryAfter, boolean created, String roleName)
        implements RoleState {}

    record Failed(AwsFailure failure) implements RoleState {}
  }

  /** The outcome of {@link #release}. */
  public sealed interface Release {
    /** The role is gone (or deleting it is not this holder's business). */
    record Done(String reason, String message) implements Release {}

    /** Deletion was refused: AWS resources outside the operator still use the role. */
    record InUseElsewhere(String message, Map<String, List<String>> usage) implements Release {}

    record Pending(String message, Duration retryAfter) implements Release {}

    record Failed(AwsFailure failure) implements Release {}
  }

  /** How long a role IAM showed is trusted without asking again. */
  public static final Duration CACHE = Duration.ofMinutes(15);

  /**
   * How long after creating the role a GetRole that does not find it is taken as IAM's eventual
   * consistency rather than the role gone again. Creating it again early costs nothing: IAM answers
   * "has been taken" for a role that exists (one name per account), which counts as present. Short,
   * because ECS deletes a role it sees unused (the reliability suite caught one created during such
   * a clean-up and gone seconds later, which waited a minute with 60 s here).
   */
  private static final Duration RECREATE_AFTER = Duration.ofSeconds(10);

  private static final Duration FORGET_RELEASED = Duration.ofHours(1);

  /** How long a caller waits for a call another caller started (an IAM call times out at 30 s). */
  private static final Duration AWAIT = Duration.ofSeconds(45);

  private static final int LEDGER_ATTEMPTS = 10;

  private final ServiceLinkedRoles iam;
  private final RoleLedger ledger;
  private final RoleHolders holders;
  private final Clock clock;
  private final Policy policy;
  private final Duration cache;

  // Guarded by this; never held across a call.
  private String roleName = ServiceLinkedRoles.ROLE_NAME;
  private String arn;
  private Instant verifiedAt;
  private Instant createdAt;
  private boolean existedBefore;
  private boolean knownAbsent;
  private RoleState lastState;
  private Instant nextCall = Instant.MIN;
  private int waits;
  private CompletableFuture<RoleState> ensuring;
  private Decision deciding;

  /** Releases recorded so far; a decision covers the releases recorded before it started. */
  private final AtomicLong releases = new AtomicLong();

  private record Decision(long covers, CompletableFuture<Release> result) {}

  public ServiceLinkedRoleCoordinator(
      ServiceLinkedRoles iam, RoleLedger ledger, RoleHolders holders, Clock clock, Policy policy) {
    this(iam, ledger, holders, clock, policy, CACHE);
  }

  /**
   * @param cache how long a role IAM showed is trusted ({@link #CACHE}; zero asks IAM on every
   *     ensure, as the benchmark's naive baseline does)
   */
  public ServiceLinkedRoleCoordinator(
      ServiceLinkedRoles iam,
      RoleLedger ledger,
      RoleHolders holders,
      Clock clock,
      Policy policy,
      Duration cache) {
    this.iam = iam;
    this.ledger = ledger;
    this.holders = holders;
    this.clock = clock;
    this.policy = policy;
    this.cache = cache;
  }

  // ---- ensure ---------------------------------------------------------------------------------

  public RoleState ensure() {
    Instant now = clock.instant();
    CompletableFuture<RoleState> flight;
    synchronized (this) {
      if (arn != null && now.isBefore(verifiedAt.plus(cache))) {
        return new RoleState.Ready(arn);
      }
      if (ensuring != null) {
        flight = ensuring;
      } else if (lastState != null && now.isBefore(nextCall)) {
        return again(lastState, now); // no IAM call before the backoff has passed
      } else {
        flight = null;
        ensuring = new CompletableFuture<>();
      }
    }
    if (flight != null) {
      return shared(await(flight)); // another caller's lookup answers this one too
    }
    RoleState state = lookUp(now);
    CompletableFuture<RoleState> mine;
    synchronized (this) {
      mine = ensuring;
      ensuring = null;
      lastState = state;
    }
    mine.complete(state);
    return state;
  }

  /** One look at the role: first any deletion the ledger knows of, then IAM. */
  private RoleState lookUp(Instant now) {
    try {
      Versioned known = ledger.read();
      Optional<Deletion> deletion = known.entry().deletion();
      if (deletion.isPresent()) {
        Optional<RoleState> stillDeleting = followDeletion(deletion.get(), now);
        if (stillDeleting.isPresent()) {
          return stillDeleting.get();
        }
      }
      String name;
      synchronized (this) {
        name = roleName;
      }
      Optional<String> found = iam.arn(name);
      if (found.isPresent()) {
        synchronized (this) {
          arn = found.get();
          verifiedAt = now;
          knownAbsent = false;
          waits = 0;
          nextCall = Instant.MIN;
        }
        return new RoleState.Ready(found.get());
      }
      boolean create;
      synchronized (this) {
        arn = null;
        knownAbsent = true;
        create = createdAt == null || !now.isBefore(createdAt.plus(RECREATE_AFTER));
      }
      boolean created = false;
      if (create) {
        update(e -> Entry.EMPTY); // the role is wanted again: earlier decisions are history
        ServiceLinkedRoles.Created answer = iam.create();
        synchronized (this) {
          // Names come from IAM's answer: other IAM implementations name the role differently.
          answer.roleName().ifPresent(n -> roleName = n);
          createdAt = now;
          created = answer.roleName().isPresent();
          existedBefore = !created;
        }
      }
      synchronized (this) {
        nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
        return waiting(now, created);
      }
    } catch (AwsCallException e) {
      return retryLater(now, e.failure());
    } catch (RuntimeException e) {
      // The ledger could not be read or written (the API server): nothing is decided on a guess.
      return retryLater(now, AwsErrors.classify("ServiceLinkedRoleLedger", e));
    }
  }

  /**
   * A deletion the ledger knows of: resumes it if its task is unknown (IAM answers a running task's
   * id again), polls it, and once it finished records so. Empty when the role can be looked up.
   */
  private Optional<RoleState> followDeletion(Deletion deletion, Instant now) {
    String task = deletion.taskId().orElse(null);
    if (task == null) {
      synchronized (this) {
        if (deciding != null) {
          // This replica's last one out is sending the deletion and will record its task: a
          // second DeleteServiceLinkedRole would be a duplicate (found by the reliability suite).
          return Optional.of(deletionPending(now, ""));
        }
      }
      // Decided by a replica that is gone (a crash between decision and call): resume it.
      Optional<String> started = iam.delete(currentName());
      if (started.isEmpty()) {
        update(e -> e.deleted(now));
        forgetRole();
        return Optional.empty();
      }
      task = started.get();
      String known = task;
      update(e -> e.withDeletion(new Deletion(deletion.decidedAt(), Optional.of(known))));
    }
    String state = deletionState(task);
    if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
      update(e -> state.equals("SUCCEEDED") ? e.deleted(now) : e.withoutDeletion());
      forgetRole();
      return Optional.empty();
    }
    synchronized (this) {
      arn = null;
      return Optional.of(deletionPending(now, " (task " + task + ", " + state + ")"));
    }
  }

  /** The role is being deleted ({@code detail}): look again after the next IAM wait. */
  private RoleState.Pending deletionPending(Instant now, String detail) {
    nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
    return new RoleState.Pending(
        "RoleDeletionInProgress",
        "the "
            + roleName
            + " role is being deleted"
            + detail
            + "; it is created again once that finishes",
        Duration.between(now, nextCall),
        false,
        roleName);
  }

  /**
   * Asks IAM now whether the role exists (the drift scan does, once per resync and partition): a
   * role deleted behind the operator's back, by an administrator or by ECS once it saw no provider
   * for a while, is noticed within one resync instead of one {@link #CACHE} period. Creates
   * nothing; {@link #ensure()} does, from the reconciles this answer triggers. Empty if IAM did not
   * answer, or a lookup of {@link #ensure()} is in flight (its answer will tell).
   */
  public Optional<Boolean> verify() {
    String name;
    synchronized (this) {
      if (ensuring != null) {
        return Optional.empty();
      }
      name = roleName;
    }
    Optional<String> found;
    try {
      found = iam.arn(name);
    } catch (AwsCallException e) {
      return Optional.empty();
    }
    synchronized (this) {
      if (found.isPresent()) {
        // Still there: a role ensure() found Ready stays trusted. Never made Ready here: a role
        // being deleted still answers GetRole, and only ensure() follows the deletion.
        if (arn != null) {
          verifiedAt = clock.instant();
        }
      } else {
        arn = null;
        knownAbsent = true;
        nextCall = Instant.MIN; // the next ensure() looks again, and creates the role
      }
    }
    return Optional.of(found.isPresent());
  }

  /** Whether the role exists as last seen: empty before the first look. */
  public synchronized Optional<Boolean> present() {
    if (arn != null) {
      return Optional.of(true);
    }
    return knownAbsent ? Optional.of(false) : Optional.empty();
  }

  /** ECS could not use the role: ask IAM again next time. */
  public synchronized void invalidate() {
    arn = null;
    verifiedAt = null;
    lastState = null;
    nextCall = Instant.MIN;
  }

  // ---- release --------------------------------------------------------------------------------

  /**
   * Called once {@code holder}'s capacity provider is confirmed gone. Deletes the role when no
   * other holder still holds or wants one (holders already released do not count).
   */
  public Release release(String holder) {
    Instant now = clock.instant();
    if (policy == Policy.RETAIN) {
      return new Release.Done("RoleRetained", "serviceLinkedRolePolicy is Retain: the role stays");
    }
    try {
      update(e -> e.withReleased(holder, now, now.minus(FORGET_RELEASED)));
    } catch (RuntimeException e) {
      return retryRelease(now, AwsErrors.classify("ServiceLinkedRoleLedger", e));
    }
    long mine = releases.incrementAndGet();
    while (true) {
      Decision decision;
      boolean run = false;
      synchronized (this) {
        if (deciding == null) {
          deciding = new Decision(releases.get(), new CompletableFuture<>());
          decision = deciding;
          run = true;
        } else {
          decision = deciding;
        }
      }
      if (run) {
        Release result;
        try {
          result = decide(now);
        } catch (RuntimeException e) {
          result = retryRelease(now, AwsErrors.classify("ServiceLinkedRoleRelease", e));
        }
        synchronized (this) {
          deciding = null;
        }
        decision.result().complete(result);
        return result;
      }
      Release shared = awaitRelease(decision.result());
      if (decision.covers() >= mine) {
        return shared; // that decision already counted this release
      }
    }
  }

  private Release decide(Instant now) {
    for (int attempt = 1; ; attempt++) {
      Optional<Release> decided = decideOnce(now);
      if (decided.isPresent()) {
        return decided.get();
      }
      if (attempt == LEDGER_ATTEMPTS) {
        return pendingRelease(now, "the role ledger kept changing; deciding again");
      }
    }
  }

  /** One decision on the ledger as read now; empty when someone wrote to it in between. */
  private Optional<Release> decideOnce(Instant now) {
    Versioned known = ledger.read();
    Entry entry = known.entry();
    if (entry.deletion().isPresent()) {
      return Optional.of(followDeletionForRelease(entry.deletion().get(), now));
    }
    Set<String> holding = new HashSet<>(holders.current());
    holding.removeAll(entry.released().keySet());
    if (!holding.isEmpty()) {
      return Optional.of(
          new Release.Done(
              "RoleStillUsed",
              holding.size() + " other CapacityProvider resource(s) still use the role"));
    }
    if (entry.deletedAt().isPresent()) {
      return Optional.of(
          new Release.Done("RoleDeleted", "the " + currentName() + " role was deleted"));
    }
    if (entry.settledByRefusal()) {
      // One DeleteServiceLinkedRole per last one out: the holders released with the one IAM
      // refused retry after it and must not send another (found by the reliability suite).
      return Optional.of(
          new Release.Done(
              "RoleInUseElsewhere",
              "IAM refused to delete the "
                  + currentName()
                  + " role: resources outside the operator use it; it is kept"));
    }
    // Decide, durably, before the call: a successor resumes this deletion instead of starting one.
    if (!ledger.write(entry.withDeletion(new Deletion(now, Optional.empty())), known.version())) {
      return Optional.empty(); // someone wrote in between: look again
    }
    synchronized (this) {
      arn = null; // never Ready against a role being deleted
      lastState = null;
    }
    try {
      Optional<String> task = iam.delete(currentName());
      if (task.isEmpty()) {
        update(e -> e.deleted(now));
        forgetRole();
        return Optional.of(
            new Release.Done(
                "RoleGone",
                "the "
                    + currentName()
                    + " role is already gone (ECS deletes it after the last Managed Instances"
                    + " capacity provider)"));
      }
      update(e -> e.withDeletion(new Deletion(now, task)));
      synchronized (this) {
        waits = 1;
        nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, waits));
        return Optional.of(
            new Release.Pending(
                "deleting the " + roleName + " role (task " + task.get() + ")",
                Duration.between(now, nextCall)));
      }
    } catch (AwsCallException e) {
      if (!e.failure().retryable()) {
        update(Entry::withoutDeletion); // refused: the decision is void, the role stays
        return Optional.of(new Release.Failed(e.failure()));
      }
      return Optional.of(retryRelease(now, e.failure()));
    }
  }

  private Release followDeletionForRelease(Deletion deletion, Instant now) {
    if (deletion.taskId().isEmpty()) {
      Optional<String> task = iam.delete(currentName());
      if (task.isEmpty()) {
        update(e -> e.deleted(now));
        forgetRole();
        return new Release.Done("RoleDeleted", "the " + currentName() + " role is deleted");
      }
      update(e -> e.withDeletion(new Deletion(deletion.decidedAt(), task)));
      return pendingRelease(
          now, "deleting the " + currentName() + " role (task " + task.get() + ")");
    }
    String task = deletion.taskId().get();
    synchronized (this) {
      if (now.isBefore(nextCall)) {
        return new Release.Pending(
            "waiting for the role deletion task " + task, Duration.between(now, nextCall));
      }
    }
    Optional<ServiceLinkedRoles.DeletionStatus> status = iam.deletionStatus(task);
    if (status.isEmpty() && iam.arn(currentName()).isEmpty()) {
      status = Optional.of(new ServiceLinkedRoles.DeletionStatus("SUCCEEDED", null, Map.of()));
    }
    if (status.isEmpty()) {
      // IAM forgot the task and the role is still there: the decision stands, start it again.
      update(e -> e.withDeletion(new Deletion(deletion.decidedAt(), Optional.empty())));
      return pendingRelease(now, "the role deletion task was lost; deleting again");
    }
    ServiceLinkedRoles.DeletionStatus s = status.get();
    switch (s.status()) {
      case "SUCCEEDED" -> {
        update(e -> e.deleted(now));
        forgetRole();
        return new Release.Done("RoleDeleted", "deleted the " + currentName() + " role");
      }
      case "FAILED" -> {
        update(Entry::withRefusal);
        return new Release.InUseElsewhere(
            "IAM refused to delete "
                + currentName()
                + ": "
                + s.reason()
                + " Still in use by: "
                + s.usage(),
            s.usage());
      }
      default -> {
        return pendingRelease(now, "role deletion task " + task + " is " + s.status());
      }
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  /** A deletion task's state; a task IAM no longer knows is judged by whether the role is gone. */
  private String deletionState(String task) {
    Optional<ServiceLinkedRoles.DeletionStatus> status = iam.deletionStatus(task);
    if (status.isPresent()) {
      return status.get().status();
    }
    return iam.arn(currentName()).isEmpty() ? "SUCCEEDED" : "FAILED";
  }

  /** Changes the ledger's entry with {@code change}, reading again after a concurrent write. */
  private void update(UnaryOperator<Entry> change) {
    for (int attempt = 0; attempt < LEDGER_ATTEMPTS; attempt++) {
      Versioned current = ledger.read();
      if (ledger.write(change.apply(current.entry()), current.version())) {
        return;
      }
    }
    throw new IllegalStateException(
        "the service-linked role ledger kept changing under " + LEDGER_ATTEMPTS + " writes");
  }

  private synchronized String currentName() {
    return roleName;
  }

  private synchronized void forgetRole() {
    arn = null;
    verifiedAt = null;
    createdAt = null;
    knownAbsent = true;
    lastState = null;
    waits = 0;
    nextCall = Instant.MIN;
  }

  /** A shared answer: only the caller whose call created the role reports the creation. */
  private static RoleState shared(RoleState state) {
    return state instanceof RoleState.Pending p && p.created()
        ? new RoleState.Pending(p.reason(), p.message(), p.retryAfter(), false, p.roleName())
        : state;
  }

  private RoleState await(CompletableFuture<RoleState> flight) {
    try {
      return flight.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new RoleState.Pending(
          "IamSlow", "IAM has not answered yet", Duration.ofSeconds(5), false, currentName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for IAM", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the role lookup failed", e.getCause());
    }
  }

  private Release awaitRelease(CompletableFuture<Release> flight) {
    try {
      return flight.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Release.Pending("the role decision is still running", Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the role decision", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the role decision failed", e.getCause());
    }
  }

  /** A cached pending answer, with the wait left until the next IAM call. */
  private RoleState again(RoleState state, Instant now) {
    if (state instanceof RoleState.Pending p) {
      return new RoleState.Pending(
          p.reason(), p.message(), Duration.between(now, nextCall), false, p.roleName());
    }
    return state;
  }

  private RoleState waiting(Instant now, boolean created) {
    return new RoleState.Pending(
        "WaitingForIam",
        (existedBefore ? "IAM says it already has the " : "created the ")
            + roleName
            + " role; waiting for IAM to make it visible",
        Duration.between(now, nextCall),
        created,
        roleName);
  }

  private synchronized RoleState retryLater(Instant now, AwsFailure failure) {
    if (!failure.retryable()) {
      return new RoleState.Failed(failure);
    }
    nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
    return new RoleState.Pending(
        "IamUnavailable", failure.describe(), Duration.between(now, nextCall), false, roleName);
  }

  private synchronized Release pendingRelease(Instant now, String message) {
    nextCall = now.plus(Backoff.delay(Backoff.Track.IAM, ++waits));
    return new Release.Pending(message, Duration.between(now, nextCall));
  }

  private Release retryRelease(Instant now, AwsFailure failure) {
    if (!failure.retryable() && failure.kind() != AwsFailure.Kind.INTERNAL) {
      return new Release.Failed(failure);
    }
    return pendingRelease(now, failure.describe());
  }
}
