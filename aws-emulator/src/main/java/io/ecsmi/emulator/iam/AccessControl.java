package io.ecsmi.emulator.iam;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.Partition;
import io.ecsmi.emulator.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity-based policies of the emulated account's callers, and the authorization of each call
 * against them. A caller is the access key ID of the request's SigV4 credential scope. A caller
 * without a policy is unrestricted; a caller with one is authorized, check by check, before the
 * call runs, and a denied call fails as AWS fails it. Thread-safe.
 */
public final class AccessControl {

  /** The principal a caller's policy belongs to. */
  private static final String ROLE_SESSION = "assumed-role/ecs-mi-operator/";

  /**
   * A policy attached to a caller.
   *
   * @param principalArn the principal denials name; {@code null} for {@code
   *     arn:<partition>:sts::<account>:assumed-role/ecs-mi-operator/<accessKeyId>}
   */
  public record Attached(
      String accessKeyId, Policy policy, String policyJson, String principalArn) {}

  private final Map<String, Attached> policies = new ConcurrentHashMap<>();

  /**
   * Attaches {@code policyJson} to the caller {@code accessKeyId}, replacing any policy it had.
   *
   * @throws IllegalArgumentException when the policy is one the evaluator does not understand
   */
  public void attach(String accessKeyId, String policyJson, String principalArn) {
    if (accessKeyId == null || accessKeyId.isEmpty()) {
      throw new IllegalArgumentException("an access key ID is required");
    }
    policies.put(
        accessKeyId, new Attached(accessKeyId, Policy.parse(policyJson), policyJson, principalArn));
  }

  /** Makes the caller unrestricted again. */
  public void detach(String accessKeyId) {
    policies.remove(accessKeyId);
  }

  public Optional<Attached> attached(String accessKeyId) {
    return Optional.ofNullable(policies.get(accessKeyId));
  }

  public List<Attached> attached() {
    return policies.values().stream()
        .sorted(java.util.Comparator.comparing(Attached::accessKeyId))
        .toList();
  }

  public void clear() {
    policies.clear();
  }

  /**
   * Authorizes a call of {@code accessKeyId}: every check must be allowed; the first that is not
   * fails the call.
   *
   * @throws AwsError ECS: {@code AccessDeniedException} (HTTP 400); IAM: {@code AccessDenied} (HTTP
   *     403); the message in AWS's words (research iam-authorization.md §5)
   */
  public void authorize(
      String accessKeyId,
      Service service,
      Partition partition,
      String accountId,
      List<Authorization.Check> checks) {
    Attached attached = policies.get(accessKeyId);
    if (attached == null) {
      return;
    }
    for (Authorization.Check check : checks) {
      PolicyEvaluator.Decision decision =
          PolicyEvaluator.evaluate(
              attached.policy(), check.action(), check.resource(), check.context());
      if (!decision.allowed()) {
        String principal =
            attached.principalArn() != null
                ? attached.principalArn()
                : defaultPrincipal(partition, accountId, accessKeyId);
        throw denial(service, principal, check, decision);
      }
    }
  }

  /** The principal of a caller whose policy names none: a session of the operator's role. */
  public static String defaultPrincipal(Partition partition, String accountId, String accessKeyId) {
    return partition.arn("sts", "", accountId, ROLE_SESSION + accessKeyId);
  }

  /**
   * "User: arn:aws:sts::…:assumed-role/…/… is not authorized to perform: ecs:RunTask on resource:
   * arn:… because no identity-based policy allows the ecs:RunTask action", or "... with an explicit
   * deny in an identity-based policy" (research iam-authorization.md §5).
   */
  private static AwsError denial(
      Service service, String principal, Authorization.Check check, PolicyEvaluator.Decision d) {
    String message =
        "User: "
            + principal
            + " is not authorized to perform: "
            + check.action()
            + " on resource: "
            + check.named()
            + (d == PolicyEvaluator.Decision.EXPLICIT_DENY
                ? " with an explicit deny in an identity-based policy"
                : " because no identity-based policy allows the " + check.action() + " action");
    return service == Service.ECS
        ? AwsError.ecs("AccessDeniedException", message)
        : AwsError.iam("AccessDenied", message, 403);
  }
}
