package io.ecsmi.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsmi.emulator.ManualClock;
import io.ecsmi.operator.aws.RoleLedger.Deletion;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.Policy;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.Release;
import io.ecsmi.operator.aws.ServiceLinkedRoleCoordinator.RoleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's guarantees, one race each: single-flight without a lock across IAM, one
 * deletion for many last-ones-out, a decision that survives a restart (the ledger), holders read at
 * the moment of the decision, and never Ready against a role being deleted.
 */
class ServiceLinkedRoleCoordinatorTest {

  private final FakeServiceLinkedRoles iam = new FakeServiceLinkedRoles();
  private final ManualClock clock = new ManualClock();
  private final InMemoryRoleLedger ledger = new InMemoryRoleLedger();
  private volatile Set<String> holders = Set.of();
  private final ServiceLinkedRoleCoordinator roles = coordinator(Policy.DELETE_WHEN_UNUSED);
  private final ExecutorService pool = Executors.newFixedThreadPool(20);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A coordinator on the shared ledger: a second one is this operator after a restart. */
  private ServiceLinkedRoleCoordinator coordinator(Policy policy) {
    return new ServiceLinkedRoleCoordinator(iam, ledger, () -> holders, clock, policy);
  }

  @Test
  void anExistingRoleIsFoundOnceAndCachedForEveryone() throws Exception {
    iam.exists = true;

    List<RoleState> states = concurrently(50, roles::ensure);

    assertThat(states)
        .allSatisfy(s -> assertThat(s).isEqualTo(new RoleState.Ready(FakeServiceLinkedRoles.ARN)));
    assertThat(iam.gets).hasValue(1);
    assertThat(iam.creates).hasValue(0);
  }

  @Test
  void aRoleDeletedBehindTheOperatorsBackIsFoundByVerifyAndCreatedByTheNextEnsure() {
    iam.exists = true;
    assertThat(roles.ensure()).isInstanceOf(RoleState.Ready.class);

    // Someone deletes it; the cache would trust it for 15 minutes, the drift scan asks now.
    iam.exists = false;
    clock.advance(Duration.ofMinutes(5));
    assertThat(roles.verify()).contains(false);
    assertThat(roles.present()).contains(false);

    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.creates).as("ensure creates it again at once").hasValue(1);
  }

  @Test
  void aRoleGoneRightAfterItsCreationIsCreatedAgainWithinSeconds() {
    roles.ensure();
    assertThat(iam.creates).hasValue(1);

    // ECS's clean-up of an unused role deletes it just after the operator created it.
    iam.exists = false;
    clock.advance(Duration.ofSeconds(3));
    roles.ensure();
    assertThat(iam.creates).as("within IAM's propagation: not yet").hasValue(1);

    clock.advance(Duration.ofSeconds(8));
    roles.ensure();
    assertThat(iam.creates).hasValue(2);
  }

  @Test
  void verifyNeverMakesARoleBeingDeletedReady() {
    iam.exists = true;
    roles.ensure();
    assertThat(roles.release("a")).isInstanceOf(Release.Pending.class); // the deletion runs

    assertThat(roles.verify()).as("IAM still shows it").contains(true);

    assertThat(roles.ensure())
        .as("the deletion is followed, not trusted away")
        .isNotInstanceOf(RoleState.Ready.class);
  }

  @Test
  void verifyRefreshesTheCacheSoReconcilesAskIamNoMoreThanOncePerScan() {
    iam.exists = true;
    roles.ensure();
    clock.advance(ServiceLinkedRoleCoordinator.CACHE.minusSeconds(1));

    assertThat(roles.verify()).contains(true);
    clock.advance(Duration.ofSeconds(2)); // past the first lookup's cache period, not verify's

    assertThat(roles.ensure()).isInstanceOf(RoleState.Ready.class);
    assertThat(iam.gets).as("ensure, verify; no third").hasValue(2);
  }

  @Test
  void aResourceWantingTheRoleWhileTheLastOneOutDeletesItSendsNoSecondDeletion() throws Exception {
    iam.exists = true;
    roles.ensure();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    iam.onDelete =
        () -> {
          inside.countDown();
          await().atMost(Duration.ofSeconds(10)).until(() -> letGo.getCount() == 0);
        };
    Future<Release> lastOneOut = pool.submit(() -> roles.release("a"));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    // The deletion is decided in the ledger, its task not known yet: a new resource wants the role.
    RoleState wanting = pool.submit(roles::ensure).get(5, TimeUnit.SECONDS);
    letGo.countDown();
    lastOneOut.get(10, TimeUnit.SECONDS);

    assertThat(wanting).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.deletes).as("the release's deletion only").hasValue(1);
  }

  /** GetRole that hangs until {@link #letGo}: an IAM call taking its time. */
  private final class SlowGetRole {
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);

    SlowGetRole() {
      iam.onGet =
          () -> {
            inside.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> letGo.getCount() == 0);
          };
    }

    /** Starts an ensure() and returns once it is inside GetRole. */
    Future<RoleState> ensureInside() throws InterruptedException {
      Future<RoleState> ensure = pool.submit(roles::ensure);
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      return ensure;
    }

    void letGo() {
      letGo.countDown();
    }
  }

  @Test
  void aSlowIamCallHoldsNoLock() throws Exception {
    iam.exists = true;
    SlowGetRole getRole = new SlowGetRole();
    Future<RoleState> slow = getRole.ensureInside();

    // While GetRole hangs, the coordinator still answers what does not need IAM.
    assertThat(pool.submit(roles::present).get(2, TimeUnit.SECONDS)).isEmpty();
    pool.submit(roles::invalidate).get(2, TimeUnit.SECONDS);
    Future<RoleState> sharing = pool.submit(roles::ensure);
    getRole.letGo();

    assertThat(slow.get(10, TimeUnit.SECONDS)).isInstanceOf(RoleState.Ready.class);
    assertThat(sharing.get(10, TimeUnit.SECONDS)).isInstanceOf(RoleState.Ready.class);
    assertThat(iam.gets).as("the second caller shared the first call").hasValue(1);
  }

  @Test
  void callersSharingTheCreatingCallDoNotEachReportTheCreation() throws Exception {
    SlowGetRole getRole = new SlowGetRole();
    Future<RoleState> creating = getRole.ensureInside();
    AtomicReference<Thread> second = new AtomicReference<>();
    Future<RoleState> sharing =
        pool.submit(
            () -> {
              second.set(Thread.currentThread());
              return roles.ensure();
            });
    await("the second caller waits for the first one's call")
        .atMost(Duration.ofSeconds(10))
        .until(() -> second.get() != null && second.get().getState() == Thread.State.TIMED_WAITING);
    getRole.letGo();

    RoleState first = creating.get(10, TimeUnit.SECONDS);
    RoleState shared = sharing.get(10, TimeUnit.SECONDS);
    assertThat(iam.creates).hasValue(1);
    assertThat(first)
        .isInstanceOfSatisfying(RoleState.Pending.class, p -> assertThat(p.created()).isTrue());
    assertThat(shared)
        .as("one ServiceLinkedRoleCreated Event, not one per waiting resource")
        .isInstanceOfSatisfying(RoleState.Pending.class, p -> assertThat(p.created()).isFalse());
  }

  @Test
  void aMissingRoleIsCreatedOnceThenAwaitedWithBackoffUntilIamShowsIt() {
    iam.invisibleGets = 2;

    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.creates).hasValue(1);
    assertThat(roles.ensure())
        .as("no IAM call before the backoff")
        .isInstanceOf(RoleState.Pending.class);
    assertThat(iam.gets).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class);
    clock.advance(Duration.ofSeconds(4));

    assertThat(roles.ensure()).isEqualTo(new RoleState.Ready(FakeServiceLinkedRoles.ARN));
    assertThat(iam.creates).as("created once, not once per poll").hasValue(1);
    assertThat(iam.gets).hasValue(4);
  }

  @Test
  void aVanishedRoleIsLookedUpAgainAfterInvalidation() {
    iam.exists = true;
    roles.ensure();
    iam.exists = false; // ECS deleted it after the last provider

    roles.invalidate();

    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.creates).hasValue(1);
  }

  @Test
  void theRoleIsKeptWhileAnotherResourceHoldsAProvider() {
    iam.exists = true;
    holders = Set.of("a", "b");

    Release release = roles.release("a");

    assertThat(release)
        .isInstanceOfSatisfying(
            Release.Done.class, d -> assertThat(d.reason()).isEqualTo("RoleStillUsed"));
    assertThat(iam.deletes).hasValue(0);
  }

  @Test
  void theLastOneOutDeletesTheRoleOnceAndFollowsTheTask() {
    iam.exists = true;
    holders = Set.of("a");
    iam.deletionStates = List.of("NOT_STARTED", "IN_PROGRESS", "SUCCEEDED");

    assertThat(roles.release("a")).isInstanceOf(Release.Pending.class);
    assertThat(roles.release("a")).as("before the backoff").isInstanceOf(Release.Pending.class);
    assertThat(iam.statuses).hasValue(0);
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.release("a")).isInstanceOf(Release.Pending.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(roles.release("a")).isInstanceOf(Release.Pending.class);
    clock.advance(Duration.ofSeconds(4));

    assertThat(roles.release("a"))
        .isEqualTo(new Release.Done("RoleDeleted", "deleted the AWSServiceRoleForECSCompute role"));
    assertThat(iam.deletes).hasValue(1);
    assertThat(iam.exists).isFalse();
  }

  @Test
  void twentyResourcesReleasedAtOnceDeleteTheRoleExactlyOnce() throws Exception {
    iam.exists = true;
    List<String> uids = IntStream.range(0, 20).mapToObj(i -> "uid-" + i).toList();
    holders = Set.copyOf(uids); // all still exist: their finalizers wait on the release

    List<Release> first = concurrently(20, i -> roles.release(uids.get(i)));
    clock.advance(Duration.ofSeconds(1));
    List<Release> second = concurrently(20, i -> roles.release(uids.get(i)));

    assertThat(iam.deletes).hasValue(1);
    assertThat(first).anySatisfy(r -> assertThat(r).isInstanceOf(Release.Pending.class));
    assertThat(second).allSatisfy(r -> assertThat(r).isInstanceOf(Release.Done.class));
    assertThat(iam.exists).isFalse();
  }

  @Test
  void theHoldersAreReadAtTheMomentOfTheDecision() {
    iam.exists = true;
    holders = Set.of("a");
    roles.ensure();

    holders = Set.of("a", "new"); // created after the cache was filled, before the decision

    assertThat(roles.release("a"))
        .isInstanceOfSatisfying(
            Release.Done.class, d -> assertThat(d.reason()).isEqualTo("RoleStillUsed"));
    assertThat(iam.deletes).hasValue(0);
  }

  @Test
  void aNewLeaderResumesARunningDeletionInsteadOfStartingOne() {
    iam.exists = true;
    holders = Set.of("a");
    iam.deletionStates = List.of("IN_PROGRESS", "SUCCEEDED");
    roles.release("a"); // the old leader started the deletion, then died

    ServiceLinkedRoleCoordinator successor = coordinator(Policy.DELETE_WHEN_UNUSED);
    clock.advance(Duration.ofSeconds(1));

    assertThat(successor.ensure())
        .as("not Ready: GetRole would still find the role being deleted")
        .isInstanceOfSatisfying(
            RoleState.Pending.class,
            p -> assertThat(p.reason()).isEqualTo("RoleDeletionInProgress"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(successor.release("a")).isInstanceOf(Release.Done.class);
    assertThat(iam.deletes).as("one deletion task").hasValue(1);
    assertThat(iam.gets).as("never Ready from GetRole mid-deletion").hasValue(0);
  }

  @Test
  void aDecisionWhoseTaskWasNeverRecordedIsResumedWithTheSameTask() {
    iam.exists = true;
    // The old leader decided and died between DeleteServiceLinkedRole and recording the task.
    ledger.write(
        RoleLedger.Entry.EMPTY.withDeletion(new Deletion(Instant.EPOCH, Optional.empty())), null);
    iam.deletionStates = List.of("IN_PROGRESS", "SUCCEEDED");
    iam.delete(FakeServiceLinkedRoles.ROLE_NAME); // that call did reach IAM

    ServiceLinkedRoleCoordinator successor = coordinator(Policy.DELETE_WHEN_UNUSED);

    assertThat(successor.ensure()).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.deletes).as("IAM answers the running task's id again").hasValue(2);
    assertThat(iam.tasksStarted).as("still one deletion task").hasValue(1);
    assertThat(ledger.read().entry().deletion().orElseThrow().taskId()).isPresent();
  }

  @Test
  void releasedHoldersSurviveARestart() {
    iam.exists = true;
    holders = Set.of("a", "b");
    assertThat(roles.release("a")).isInstanceOf(Release.Done.class); // b still holds

    ServiceLinkedRoleCoordinator successor = coordinator(Policy.DELETE_WHEN_UNUSED);

    assertThat(successor.release("b"))
        .as("a let go before the restart: b is the last one out")
        .isInstanceOf(Release.Pending.class);
    assertThat(iam.deletes).hasValue(1);
  }

  @Test
  void aFailedDeletionKeepsTheRoleAndNamesWhoUsesIt() {
    iam.exists = true;
    iam.deletionStates = List.of("FAILED");
    iam.usage =
        Map.of("eu-west-1", List.of("arn:aws:ecs:eu-west-1:123456789012:capacity-provider/other"));
    roles.release("a");
    clock.advance(Duration.ofSeconds(1));

    Release release = roles.release("a");

    assertThat(release).isInstanceOf(Release.InUseElsewhere.class);
    assertThat(((Release.InUseElsewhere) release).usage()).isEqualTo(iam.usage);
    assertThat(((Release.InUseElsewhere) release).message()).contains("capacity-provider/other");
    assertThat(iam.exists).isTrue();
    assertThat(ledger.read().entry().deletion()).as("the decision is history").isEmpty();
  }

  @Test
  void theOthersReleasedWithARefusedDeletionSendNoSecondOne() {
    iam.exists = true;
    iam.deletionStates = List.of("FAILED");
    holders = Set.of("a", "b"); // both being deleted: their finalizers wait on the release
    roles.release("a");
    roles.release("b"); // the deletion runs: b waits for it
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.release("a")).isInstanceOf(Release.InUseElsewhere.class);

    clock.advance(Duration.ofSeconds(3)); // b's retry comes after the refusal
    Release b = roles.release("b");

    assertThat(iam.deletes).as("one DeleteServiceLinkedRole for one last one out").hasValue(1);
    assertThat(b)
        .isInstanceOfSatisfying(
            Release.Done.class, d -> assertThat(d.reason()).isEqualTo("RoleInUseElsewhere"));
    assertThat(iam.exists).isTrue();
  }

  @Test
  void aHolderReleasedAfterARefusalIsALastOneOutOfItsOwn() {
    iam.exists = true;
    iam.deletionStates = List.of("FAILED");
    holders = Set.of("a");
    roles.release("a");
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.release("a")).isInstanceOf(Release.InUseElsewhere.class);

    holders = Set.of("a", "c"); // c was created later and now goes too
    clock.advance(Duration.ofMinutes(5));
    roles.release("c");

    assertThat(iam.deletes).as("the role may be unused by now: asked again").hasValue(2);
  }

  @Test
  void aTaskIamForgotIsConfirmedWithGetRole() {
    iam.exists = true;
    iam.forgetsTasks = true;
    roles.release("a");
    clock.advance(Duration.ofSeconds(1));

    assertThat(roles.release("a")).isInstanceOf(Release.Done.class);
    assertThat(iam.gets).as("GetRole confirmed the deletion").hasValue(1);
  }

  @Test
  void anAlreadyDeletedRoleNeedsNoTask() {
    assertThat(roles.release("a"))
        .isInstanceOfSatisfying(
            Release.Done.class, d -> assertThat(d.reason()).isEqualTo("RoleGone"));
    assertThat(iam.deletes).hasValue(1);
    assertThat(iam.statuses).hasValue(0);
  }

  @Test
  void aCreateDuringADeletionWaitsForItThenCreatesTheRoleAgain() {
    iam.exists = true;
    iam.deletionStates = List.of("IN_PROGRESS", "SUCCEEDED");
    roles.release("a");
    clock.advance(Duration.ofSeconds(1));

    assertThat(roles.ensure())
        .isInstanceOfSatisfying(
            RoleState.Pending.class,
            p -> assertThat(p.reason()).isEqualTo("RoleDeletionInProgress"));
    clock.advance(Duration.ofSeconds(2));
    RoleState afterDeletion = roles.ensure();

    assertThat(afterDeletion).isInstanceOf(RoleState.Pending.class);
    assertThat(iam.creates).as("created again once the deletion finished").hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.ensure()).isInstanceOf(RoleState.Ready.class);
    assertThat(ledger.read().entry())
        .as("the role is wanted again")
        .isEqualTo(RoleLedger.Entry.EMPTY);
  }

  @Test
  void aRoleThisOperatorCreatedIsCreatedAgainRightAfterItsDeletion() {
    assertThat(roles.ensure()).isInstanceOf(RoleState.Pending.class); // creates it
    clock.advance(Duration.ofSeconds(1));
    assertThat(roles.ensure()).isInstanceOf(RoleState.Ready.class);
    iam.deletionStates = List.of("IN_PROGRESS", "SUCCEEDED");
    roles.release("a");
    clock.advance(Duration.ofSeconds(1));
    roles.ensure(); // the task is still running
    clock.advance(Duration.ofSeconds(2));

    roles.ensure(); // the task succeeded: the role is gone

    assertThat(iam.creates).as("not held back by the first creation's timestamp").hasValue(2);
  }

  @Test
  void theRoleIsLookedUpAndDeletedByTheNameIamGaveIt() {
    iam.createdName = "AWSServiceRoleForecs-compute"; // what moto answers

    RoleState created = roles.ensure();
    clock.advance(Duration.ofSeconds(1));
    RoleState ready = roles.ensure();

    assertThat(created)
        .isInstanceOfSatisfying(
            RoleState.Pending.class,
            p -> {
              assertThat(p.created()).isTrue();
              assertThat(p.roleName()).isEqualTo("AWSServiceRoleForecs-compute");
              assertThat(p.message()).contains("AWSServiceRoleForecs-compute");
            });
    assertThat(ready).isInstanceOf(RoleState.Ready.class);
    roles.release("a");
    assertThat(iam.namesAsked)
        .containsExactly(
            "AWSServiceRoleForECSCompute",
            "AWSServiceRoleForecs-compute",
            "AWSServiceRoleForecs-compute");
  }

  @Test
  void anAlreadyExistingRoleIsNotAFailure() {
    iam.exists = true;
    iam.invisibleGets = 1; // exists, but GetRole does not show it yet

    RoleState state = roles.ensure();

    assertThat(state)
        .isInstanceOfSatisfying(
            RoleState.Pending.class,
            p -> {
              assertThat(p.created()).as("not created by us").isFalse();
              assertThat(p.message()).startsWith("IAM says it already has");
            });
    assertThat(iam.creates).hasValue(1);
  }

  @Test
  void theRetainPolicyNeverDeletesTheRole() {
    var retaining = coordinator(Policy.RETAIN);
    iam.exists = true;

    assertThat(retaining.release("a"))
        .isEqualTo(
            new Release.Done("RoleRetained", "serviceLinkedRolePolicy is Retain: the role stays"));
    assertThat(iam.deletes).hasValue(0);
  }

  @Test
  void backoffDoublesUpToTenSeconds() {
    assertThat(Backoff.delay(Backoff.Track.IAM, 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.delay(Backoff.Track.IAM, 2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.delay(Backoff.Track.IAM, 9)).isEqualTo(Duration.ofSeconds(10));
  }

  private <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
    return concurrently(n, i -> call.call());
  }

  private interface Indexed<T> {
    T call(int i) throws Exception;
  }

  private <T> List<T> concurrently(int n, Indexed<T> call) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return call.call(index);
              }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get());
    }
    return results.stream().collect(Collectors.toList());
  }
}
