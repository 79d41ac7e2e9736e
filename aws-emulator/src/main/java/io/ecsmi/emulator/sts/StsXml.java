package io.ecsmi.emulator.sts;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.QueryXml;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * STS's Query-protocol responses (botocore {@code sts/2011-06-15/service-2.json}: the {@code
 * <OpResult>} wrapper, namespace {@code https://sts.amazonaws.com/doc/2011-06-15/}) and its {@code
 * <ErrorResponse>}.
 */
public final class StsXml {

  private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private StsXml() {}

  public static String assumeRole(Session session, String requestId) {
    return response(
        "AssumeRole",
        "<AssumedRoleUser><AssumedRoleId>"
            + esc(session.assumedRoleId())
            + "</AssumedRoleId><Arn>"
            + esc(session.arn())
            + "</Arn></AssumedRoleUser><Credentials><AccessKeyId>"
            + esc(session.accessKeyId())
            + "</AccessKeyId><SecretAccessKey>"
            + esc(session.secretAccessKey())
            + "</SecretAccessKey><SessionToken>"
            + esc(session.sessionToken())
            + "</SessionToken><Expiration>"
            + DateTimeFormatter.ISO_INSTANT.format(
                session.expiration().truncatedTo(ChronoUnit.SECONDS))
            + "</Expiration></Credentials>",
        requestId);
  }

  public static String callerIdentity(String userId, String account, String arn, String requestId) {
    return response(
        "GetCallerIdentity",
        "<Arn>"
            + esc(arn)
            + "</Arn><UserId>"
            + esc(userId)
            + "</UserId><Account>"
            + esc(account)
            + "</Account>",
        requestId);
  }

  public static String error(AwsError error, String requestId) {
    return QueryXml.error(NS, error, requestId);
  }

  private static String response(String operation, String result, String requestId) {
    return QueryXml.response(NS, operation, result, requestId);
  }

  private static String esc(String s) {
    return QueryXml.esc(s);
  }
}
