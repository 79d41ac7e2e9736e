package io.ecsmi.emulator.iam;

import io.ecsmi.emulator.AwsError;
import io.ecsmi.emulator.QueryXml;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * IAM's Query-protocol responses: XML with the mandatory {@code <OpResult>} wrapper (without it the
 * SDK silently returns nulls) and the {@code <ErrorResponse>} error shape.
 */
public final class IamXml {

  private static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";

  private IamXml() {}

  public static String getRole(ServiceLinkedRole role, String requestId) {
    return response("GetRole", role(role), requestId);
  }

  public static String createServiceLinkedRole(ServiceLinkedRole role, String requestId) {
    return response("CreateServiceLinkedRole", role(role), requestId);
  }

  public static String deleteServiceLinkedRole(String taskId, String requestId) {
    return response(
        "DeleteServiceLinkedRole",
        "<DeletionTaskId>" + esc(taskId) + "</DeletionTaskId>",
        requestId);
  }

  public static String deletionStatus(DeletionTask task, String requestId) {
    StringBuilder body = new StringBuilder("<Status>").append(task.status()).append("</Status>");
    if ("FAILED".equals(task.status())) {
      body.append("<Reason><Reason>").append(esc(task.failureReason())).append("</Reason>");
      body.append("<RoleUsageList>");
      for (Map.Entry<String, List<String>> usage : task.roleUsage().entrySet()) {
        body.append("<member><Region>").append(esc(usage.getKey())).append("</Region><Resources>");
        usage.getValue().forEach(r -> body.append("<member>").append(esc(r)).append("</member>"));
        body.append("</Resources></member>");
      }
      body.append("</RoleUsageList></Reason>");
    }
    return response("GetServiceLinkedRoleDeletionStatus", body.toString(), requestId);
  }

  public static String error(AwsError error, String requestId) {
    return QueryXml.error(NS, error, requestId);
  }

  private static String role(ServiceLinkedRole role) {
    return "<Role><Path>"
        + esc(role.path())
        + "</Path><RoleName>"
        + esc(role.roleName())
        + "</RoleName><RoleId>"
        + esc(role.roleId())
        + "</RoleId><Arn>"
        + esc(role.arn())
        + "</Arn><CreateDate>"
        + DateTimeFormatter.ISO_INSTANT.format(role.createDate())
        + "</CreateDate><AssumeRolePolicyDocument>"
        + esc(URLEncoder.encode(ServiceLinkedRole.TRUST_POLICY, StandardCharsets.UTF_8))
        + "</AssumeRolePolicyDocument><Description>"
        + esc(ServiceLinkedRole.DESCRIPTION)
        + "</Description><MaxSessionDuration>3600</MaxSessionDuration></Role>";
  }

  private static String response(String operation, String result, String requestId) {
    return QueryXml.response(NS, operation, result, requestId);
  }

  private static String esc(String s) {
    return QueryXml.esc(s);
  }
}
