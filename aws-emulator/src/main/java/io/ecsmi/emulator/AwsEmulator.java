package io.ecsmi.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ecsmi.emulator.ecs.CapacityProviderState;
import io.ecsmi.emulator.ecs.EcsAccount;
import io.ecsmi.emulator.ecs.ProviderFaults;
import io.ecsmi.emulator.faults.Faults;
import io.ecsmi.emulator.iam.AccessControl;
import io.ecsmi.emulator.iam.Authorization;
import io.ecsmi.emulator.iam.DeletionTask;
import io.ecsmi.emulator.iam.IamAccount;
import io.ecsmi.emulator.iam.ServiceLinkedRole;
import io.ecsmi.emulator.sts.AssumableRole;
import io.ecsmi.emulator.sts.Session;
import io.ecsmi.emulator.sts.Sts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A stateful local emulator of the IAM and ECS calls the operator makes, served over HTTP on
 * loopback so the real AWS SDK clients talk to it through an endpoint override. One emulator is one
 * AWS account in any number of regions (taken from each request's SigV4 scope) of the partitions
 * {@code aws}, {@code aws-cn} and {@code aws-us-gov} (see {@link Partition}). The account has the
 * same id in every partition; IAM state (the service-linked role and its deletion tasks) is
 * separate per partition, as in AWS.
 *
 * <p>Control methods without a partition argument mean the {@code aws} partition.
 *
 * <p>The Java methods here are the control plane for tests; {@code /_emulator/...} exposes the same
 * over HTTP for the demo and other processes.
 */
public final class AwsEmulator implements AutoCloseable {

  public static final String DEFAULT_ACCOUNT_ID = "123456789012";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Object lock = new Object();
  private final String accountId;
  private final Clock clock;
  private final Timeline timeline;
  private final Behaviour initialBehaviour;
  private final AtomicReference<Behaviour> behaviour;
  private final EmulatedTime time;
  private final Random random;
  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Account primary;
  private final Map<Partition, IamAccount> iam;
  private final EcsAccount ecs;
  private final Sts sts;
  private final AtomicReference<Optional<Duration>> sessionLifetime =
      new AtomicReference<>(Optional.empty());
  private final Faults faults;
  private final AccessControl accessControl = new AccessControl();
  private final CallLog calls = new CallLog();
  private final HttpServer server;
  private final ExecutorService executor;

  private AwsEmulator(Builder b) throws IOException {
    this.accountId = b.accountId;
    this.clock = b.clock;
    this.timeline = new Timeline(clock);
    this.initialBehaviour = b.behaviour;
    this.behaviour = new AtomicReference<>(b.behaviour);
    this.time =
        new EmulatedTime() {
          @Override
          public Instant now() {
            return timeline.now();
          }

          @Override
          public void after(Duration delay, Runnable action) {
            timeline.after(delay, action);
          }
        };
    this.random = new Random(b.seed);
    this.primary = new Account(b.accountId, time, behaviour::get, random);
    accounts.put(primary.id, primary);
    this.iam = primary.iam;
    this.ecs = primary.ecs;
    this.sts = new Sts(random);
    this.faults = new Faults(b.seed, System::nanoTime);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", new AwsApiHandler(this));
    server.createContext(ControlApiHandler.PREFIX, new ControlApiHandler(this));
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An emulator on a random loopback port with {@link Behaviour#instant()}. */
  public static AwsEmulator start() {
    return builder().start();
  }

  /** The endpoint to give the SDK clients ({@code endpointOverride}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  // ---- control plane --------------------------------------------------------------------------

  /** Forgets every resource, fault, call and setting; the endpoint stays the same. */
  public void reset() {
    synchronized (lock) {
      timeline.clear();
      primary.reset();
      accounts.keySet().retainAll(List.of(primary.id));
      behaviour.set(initialBehaviour);
    }
    sts.clear();
    sessionLifetime.set(Optional.empty());
    faults.clear();
    accessControl.clear();
    calls.clear();
  }

  /**
   * Adds another AWS account, with IAM and ECS of its own (the first is the builder's {@link
   * Builder#accountId}). Callers reach it with credentials of its own: an access key whose policy
   * names one of its principals ({@link #attachPolicy(String, String, String)}), or a session of
   * one of its roles ({@link EmulatedAccount#createRole}, STS AssumeRole). Idempotent.
   */
  public EmulatedAccount addAccount(String accountId) {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("an account ID is 12 digits, not '" + accountId + "'");
    }
    synchronized (lock) {
      accounts.computeIfAbsent(accountId, id -> new Account(id, time, behaviour::get, random));
    }
    return account(accountId);
  }

  /** The account {@code accountId} (the builder's, or one added), to set up and inspect. */
  public EmulatedAccount account(String accountId) {
    synchronized (lock) {
      Account account = accounts.get(accountId);
      if (account == null) {
        throw new IllegalArgumentException(
            "no account " + accountId + "; the emulator has " + accounts.keySet());
      }
      return new EmulatedAccount(this, account);
    }
  }

  /**
   * Sessions STS issues from now on last at most {@code lifetime}, whatever was asked (AWS: as
   * asked, at least 15 minutes), so a test sees credentials expire and be refreshed.
   */
  public void limitSessionLifetime(Duration lifetime) {
    sessionLifetime.set(Optional.of(lifetime));
  }

  /**
   * Creates an ECS cluster; clusters are not managed through the emulated API. Idempotent.
   *
   * @return the cluster's ARN (in the region's partition)
   * @throws IllegalArgumentException for a region of a partition the emulator does not emulate
   */
  public String createCluster(String region, String name) {
    return first().createCluster(region, name);
  }

  /**
   * Deletes a cluster, as ECS would: refused while the cluster has capacity providers that are not
   * INACTIVE; afterwards every call naming it answers ClusterNotFoundException "Cluster not
   * found.".
   *
   * @throws IllegalStateException while the cluster has providers that are not INACTIVE
   * @throws IllegalArgumentException when there is no such cluster
   */
  public void deleteCluster(String region, String name) {
    inAccount(
        () -> {
          ecs.deleteCluster(region, name);
          return null;
        });
  }

  public Behaviour behaviour() {
    return behaviour.get();
  }

  /** Changes the account's behaviour, e.g. {@code configure(b -> b.updateDelay(ofSeconds(2)))}. */
  public Behaviour configure(UnaryOperator<Behaviour.Builder> change) {
    return behaviour.updateAndGet(b -> change.apply(b.toBuilder()).build());
  }

  public Faults faults() {
    return faults;
  }

  public CallLog calls() {
    return calls;
  }

  /** Every capacity provider, including INACTIVE ones still visible, in every region. */
  public List<CapacityProviderState> providers() {
    return first().providers();
  }

  public Optional<CapacityProviderState> provider(String region, String name) {
    return first().provider(region, name);
  }

  public Map<String, List<String>> clusters() {
    return first().clusters();
  }

  private EmulatedAccount first() {
    return new EmulatedAccount(this, primary);
  }

  /**
   * The {@code aws} partition's service-linked role as IAM stores it (also while not yet visible to
   * GetRole).
   */
  public Optional<ServiceLinkedRole> role() {
    return role(Partition.AWS.id());
  }

  /**
   * The service-linked role of {@code partition} ({@code "aws"}, {@code "aws-cn"} or {@code
   * "aws-us-gov"}) as IAM stores it.
   */
  public Optional<ServiceLinkedRole> role(String partition) {
    return withIam(Partition.byId(partition), IamAccount::role);
  }

  /** The {@code aws} partition's role deletion tasks. */
  public List<DeletionTask> deletionTasks() {
    return deletionTasks(Partition.AWS.id());
  }

  /** The role deletion tasks of {@code partition}. */
  public List<DeletionTask> deletionTasks(String partition) {
    return withIam(Partition.byId(partition), IamAccount::deletionTasks);
  }

  /**
   * Puts the {@code aws} partition's service-linked role in place, visible at once, as if it had
   * existed for long.
   */
  public void seedRole() {
    seedRole(Partition.AWS.id());
  }

  /** Puts the service-linked role of {@code partition} in place, visible at once. */
  public void seedRole(String partition) {
    withIam(
        Partition.byId(partition),
        roles -> {
          roles.seedRole();
          return null;
        });
  }

  /** Removes the {@code aws} partition's service-linked role out of band. */
  public void removeRole() {
    removeRole(Partition.AWS.id());
  }

  /** Removes the service-linked role of {@code partition} out of band. */
  public void removeRole(String partition) {
    withIam(
        Partition.byId(partition),
        roles -> {
          roles.deleteRoleForEcs();
          return null;
        });
  }

  /**
   * Attaches an identity-based IAM policy to the caller that signs with {@code accessKeyId},
   * replacing any it had. From then on every ECS and IAM call of that caller is authorized against
   * {@link Authorization}'s table before it runs; a denied call fails as AWS fails it and changes
   * nothing. Callers without a policy stay unrestricted. Denials name the principal {@code
   * arn:<partition>:sts::<account>:assumed-role/ecs-mi-operator/<accessKeyId>}.
   *
   * @throws IllegalArgumentException when the policy uses grammar the evaluator does not understand
   *     (see {@link io.ecsmi.emulator.iam.Policy})
   */
  public void attachPolicy(String accessKeyId, String policyJson) {
    accessControl.attach(accessKeyId, policyJson, null);
  }

  /** As {@link #attachPolicy(String, String)}, with the principal ARN denials name. */
  public void attachPolicy(String accessKeyId, String policyJson, String principalArn) {
    accessControl.attach(accessKeyId, policyJson, principalArn);
  }

  /** Removes the caller's policy: it is unrestricted again. */
  public void detachPolicy(String accessKeyId) {
    accessControl.detach(accessKeyId);
  }

  /** Arranges failures for a provider (it need not exist yet). */
  public void setProviderFaults(String region, String name, ProviderFaults providerFaults) {
    inAccount(
        () -> {
          ecs.setFaults(region, name, providerFaults);
          return null;
        });
  }

  /**
   * Whether EC2 has subnet {@code id} in {@code region}: every well-formed ID does until it is said
   * not to; capacity providers naming a missing one are refused (InvalidParameterException).
   */
  public void subnetExists(String region, String id, boolean exists) {
    inAccount(
        () -> {
          ecs.subnetExists(region, id, exists);
          return null;
        });
  }

  /**
   * Changes a provider's configuration behind the operator's back with a JSON merge patch on its
   * {@code managedInstancesProvider}, e.g. {@code
   * {"instanceLaunchTemplate":{"monitoring":"DETAILED"}}}.
   */
  public void driftConfiguration(String region, String name, String mergePatchJson) {
    var patch = parse(mergePatchJson);
    inAccount(
        () -> {
          ecs.driftConfiguration(region, name, patch);
          return null;
        });
  }

  /** Sets (non-null value) or removes (null value) a provider's tags behind the operator's back. */
  public void driftTags(String region, String name, Map<String, String> changes) {
    inAccount(
        () -> {
          ecs.driftTags(region, name, changes);
          return null;
        });
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- for the HTTP handlers ------------------------------------------------------------------

  /** Runs {@code work} on the account, after every transition that is due. */
  <T> T inAccount(java.util.function.Supplier<T> work) {
    synchronized (lock) {
      timeline.advance();
      T result = work.get();
      timeline.advance(); // zero-delay transitions a call scheduled are visible to the next call
      return result;
    }
  }

  /**
   * Authorizes a call of {@code caller} against the table, with the account's current state (call
   * under the account lock, before the operation runs).
   */
  void authorize(
      String caller,
      Account account,
      Service service,
      String operation,
      Authorization.Request request) {
    accessControl.authorize(
        caller,
        service,
        request.partition(),
        account.id,
        Authorization.required(service, operation, request));
  }

  /** What authorization reads from the account: resource tags and role ARNs. */
  Authorization.State authorizationState(Account account, Partition partition) {
    return new Authorization.State() {
      @Override
      public Map<String, String> tagsOf(String arn) {
        return account.ecs.tagsOf(arn);
      }

      @Override
      public Optional<String> roleArn(String roleName) {
        return account.iam.get(partition).roleArn(roleName);
      }
    };
  }

  String accountId() {
    return accountId;
  }

  /**
   * Who signs with {@code accessKeyId}: a session STS issued (its role's account), a caller whose
   * policy names a principal of an account (that account), else a role session of the first
   * account, as the operator's own identity (IRSA) is.
   *
   * @throws AwsError for a session that expired ({@code ExpiredTokenException} from ECS, HTTP 400;
   *     {@code ExpiredToken} from IAM and STS, HTTP 403: "The security token included in the
   *     request is expired"), or whose token is not the one issued
   */
  Sts.Caller caller(String accessKeyId, String securityToken, Service service) {
    Optional<Session> session = sts.session(accessKeyId);
    if (session.isPresent()) {
      Session s = session.get();
      if (!s.sessionToken().equals(securityToken)) {
        throw service == Service.ECS
            ? AwsError.ecs(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.")
            : AwsError.iam(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                403);
      }
      if (s.expired(timeline.now())) {
        String message = "The security token included in the request is expired";
        throw service == Service.ECS
            ? AwsError.ecs("ExpiredTokenException", message)
            : AwsError.iam("ExpiredToken", message, 403);
      }
      return new Sts.Caller(s.accountId(), s.arn(), true);
    }
    String principal =
        accessControl.attached(accessKeyId).map(AccessControl.Attached::principalArn).orElse(null);
    if (principal != null) {
      String[] parts = principal.split(":");
      String account = parts.length > 4 && accounts.containsKey(parts[4]) ? parts[4] : accountId;
      return new Sts.Caller(account, principal, principal.contains(":assumed-role/"));
    }
    return new Sts.Caller(
        accountId, AccessControl.defaultPrincipal(Partition.AWS, accountId, accessKeyId), true);
  }

  Account accountOf(Sts.Caller caller) {
    synchronized (lock) {
      return accounts.get(caller.accountId());
    }
  }

  /**
   * STS AssumeRole for {@code caller}: the session, whose calls are authorized by the role's
   * policy.
   */
  Session assumeRole(Sts.Caller caller, String accessKeyId, Map<String, String> form) {
    synchronized (lock) {
      String roleArn = form.get("RoleArn");
      if (roleArn != null && AssumableRole.isRoleArn(roleArn)) {
        // The identity side: the caller's own policy must allow sts:AssumeRole on the role.
        accessControl.authorize(
            accessKeyId,
            Service.STS,
            Partition.AWS,
            caller.accountId(),
            List.of(
                new Authorization.Check(
                    "sts:AssumeRole",
                    roleArn,
                    Map.of(),
                    roleArn,
                    "Service Authorization Reference, AWS STS: AssumeRole, resource type role")));
      }
      Session session =
          sts.assumeRole(
              caller,
              form,
              arn ->
                  Optional.ofNullable(accounts.get(AssumableRole.accountOf(arn)))
                      .flatMap(a -> a.role(arn)),
              timeline.now(),
              sessionLifetime.get());
      AssumableRole role = accounts.get(session.accountId()).role(session.roleArn()).orElseThrow();
      accessControl.attach(
          session.accessKeyId(),
          role.permissionsJson() != null ? role.permissionsJson() : NO_PERMISSIONS,
          session.arn());
      return session;
    }
  }

  private static final String NO_PERMISSIONS = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

  Object lock() {
    return lock;
  }

  Sts sts() {
    return sts;
  }

  EmulatedTime time() {
    return time;
  }

  AccessControl accessControl() {
    return accessControl;
  }

  <T> T withEcs(Function<EcsAccount, T> work) {
    return inAccount(() -> work.apply(ecs));
  }

  <T> T withIam(Partition partition, Function<IamAccount, T> work) {
    return inAccount(() -> work.apply(iam.get(partition)));
  }

  <T> T withEcs(Account account, Function<EcsAccount, T> work) {
    return inAccount(() -> work.apply(account.ecs));
  }

  <T> T withIam(Account account, Partition partition, Function<IamAccount, T> work) {
    return inAccount(() -> work.apply(account.iam.get(partition)));
  }

  ObjectMapper json() {
    return JSON;
  }

  Clock clock() {
    return clock;
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "aws-emulator");
      t.setDaemon(true);
      return t;
    };
  }

  /** Options of a new emulator. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private Behaviour behaviour = Behaviour.instant();
    private long seed = 42;
    private String accountId = DEFAULT_ACCOUNT_ID;

    /** The loopback port; 0 (the default) picks a free one. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    public Builder behaviour(Behaviour value) {
      behaviour = value;
      return this;
    }

    /** Seed of the random choices (fault injection, ids): the same seed, the same run. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder accountId(String value) {
      accountId = value;
      return this;
    }

    public AwsEmulator start() {
      try {
        return new AwsEmulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the AWS emulator on port " + port, e);
      }
    }
  }
}
