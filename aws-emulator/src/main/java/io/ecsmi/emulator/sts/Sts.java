package io.ecsmi.emulator.sts;

import io.ecsmi.emulator.AwsError;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * STS's {@code AssumeRole}: the request checked as AWS checks it, the role's trust policy
 * evaluated, temporary credentials issued and remembered (sessions), each valid until its
 * expiration. The constraints are the STS model's (botocore {@code sts/2011-06-15/service-2.json}:
 * RoleArn 20-2048 characters, RoleSessionName 2-64 of {@code [\w+=,.@-]}, DurationSeconds
 * 900-43200, ExternalId 2-1224 of {@code [\w+=,.@:/-]}); the answers AWS gives outside the model
 * (AccessDenied 403 for a role one may not assume, or that does not exist: the same answer; the
 * ValidationErrors of a duration over the role's maximum or over the hour of role chaining) are in
 * AWS's words as observed. Thread-safe.
 */
public final class Sts {

  /** Who calls: an account's principal (a user, a role session of its own, or one STS issued). */
  public record Caller(String accountId, String arn, boolean roleSession) {

    /** The ARN a trust policy names for this caller: a role session by its role. */
    String trustedArn() {
      var m = ASSUMED_ROLE.matcher(arn);
      return m.matches()
          ? "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3)
          : arn;
    }
  }

  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:([a-z-]+):sts::(\\d{12}):assumed-role/([^/]+)/.*");

  static final Duration DEFAULT_DURATION = Duration.ofHours(1);
  static final Duration CHAINED_MAXIMUM = Duration.ofHours(1);
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
  private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Random random;

  public Sts(Random random) {
    this.random = random;
  }

  /**
   * Assumes the role {@code form} names for {@code caller}.
   *
   * @param roles the role an ARN names, in its account; empty when there is none
   * @param lifetime how long sessions last at most, whatever was asked (a test's short sessions);
   *     empty: as asked
   */
  public Session assumeRole(
      Caller caller,
      Map<String, String> form,
      Function<String, Optional<AssumableRole>> roles,
      Instant now,
      Optional<Duration> lifetime) {
    String roleArn = required(form, "RoleArn", "roleArn");
    length(roleArn, "roleArn", 20, 2048);
    String sessionName = required(form, "RoleSessionName", "roleSessionName");
    length(sessionName, "roleSessionName", 2, 64);
    pattern(sessionName, "roleSessionName", SESSION_NAME);
    Optional<String> externalId = Optional.ofNullable(form.get("ExternalId"));
    externalId.ifPresent(
        id -> {
          length(id, "externalId", 2, 1224);
          pattern(id, "externalId", EXTERNAL_ID);
        });
    Duration duration = duration(form.get("DurationSeconds"));

    AccessDeniedAnswer denied = new AccessDeniedAnswer(caller.arn(), roleArn);
    AssumableRole role = roles.apply(roleArn).orElseThrow(denied::error);
    if (!role.trust().allows(caller.accountId(), caller.trustedArn(), externalId)) {
      throw denied.error();
    }
    if (duration.compareTo(role.maxSessionDuration()) > 0) {
      throw validation(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    if (caller.roleSession() && duration.compareTo(CHAINED_MAXIMUM) > 0) {
      throw validation(
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
              + " chaining.");
    }
    Duration lasts = lifetime.filter(l -> l.compareTo(duration) < 0).orElse(duration);
    String account = AssumableRole.accountOf(role.arn());
    Session session =
        new Session(
            "ASIA" + random(16),
            random(40),
            "IQoJb3JpZ2luX2VjE" + random(120),
            now.plus(lasts).truncatedTo(ChronoUnit.SECONDS), // as reported: to the second
            account,
            role.arn(),
            "arn:"
                + AssumableRole.partitionOf(role.arn())
                + ":sts::"
                + account
                + ":assumed-role/"
                + role.name()
                + "/"
                + sessionName,
            role.roleId() + ":" + sessionName);
    sessions.put(session.accessKeyId(), session);
    return session;
  }

  public Optional<Session> session(String accessKeyId) {
    return Optional.ofNullable(sessions.get(accessKeyId));
  }

  public void clear() {
    sessions.clear();
  }

  /** A new role ID, as IAM makes them ({@code AROA} and 17 characters). */
  public String roleId() {
    return "AROA" + random(17);
  }

  private record AccessDeniedAnswer(String caller, String roleArn) {
    AwsError error() {
      return new AwsError(
          "AccessDenied",
          "User: "
              + caller
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + roleArn,
          403);
    }
  }

  private static Duration duration(String seconds) {
    if (seconds == null) {
      return DEFAULT_DURATION;
    }
    long value;
    try {
      value = Long.parseLong(seconds);
    } catch (NumberFormatException e) {
      throw validation(
          "Value '"
              + seconds
              + "' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
    }
    if (value < 900) {
      throw constraint(
          seconds, "durationSeconds", "Member must have value greater than or equal to 900");
    }
    if (value > 43200) {
      throw constraint(
          seconds, "durationSeconds", "Member must have value less than or equal to 43200");
    }
    return Duration.ofSeconds(value);
  }

  private static String required(Map<String, String> form, String member, String field) {
    String value = form.get(member);
    if (value == null) {
      throw constraint("null", field, "Member must not be null");
    }
    return value;
  }

  private static void length(String value, String field, int min, int max) {
    if (value.length() < min) {
      throw constraint(value, field, "Member must have length greater than or equal to " + min);
    }
    if (value.length() > max) {
      throw constraint(value, field, "Member must have length less than or equal to " + max);
    }
  }

  private static void pattern(String value, String field, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw constraint(
          value, field, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
  }

  /** AWS's wording for a member outside the model's constraints. */
  private static AwsError constraint(String value, String field, String rule) {
    return validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + field
            + "' failed to satisfy constraint: "
            + rule);
  }

  private static AwsError validation(String message) {
    return new AwsError("ValidationError", message, 400);
  }

  private String random(int length) {
    StringBuilder s = new StringBuilder(length);
    synchronized (random) {
      for (int i = 0; i < length; i++) {
        s.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
      }
    }
    return s.toString();
  }
}
