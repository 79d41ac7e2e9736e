package io.ecsmi.emulator;

/**
 * The AWS Query protocol's XML (IAM, STS): a response with the mandatory {@code <OpResult>} wrapper
 * (without it the SDK silently returns nulls) and the {@code <ErrorResponse>} error shape, in a
 * service's namespace.
 */
public final class QueryXml {

  private QueryXml() {}

  public static String response(
      String namespace, String operation, String result, String requestId) {
    return "<"
        + operation
        + "Response xmlns=\""
        + namespace
        + "\"><"
        + operation
        + "Result>"
        + result
        + "</"
        + operation
        + "Result><ResponseMetadata><RequestId>"
        + esc(requestId)
        + "</RequestId></ResponseMetadata></"
        + operation
        + "Response>";
  }

  public static String error(String namespace, AwsError error, String requestId) {
    String type = error.httpStatus() >= 500 ? "Receiver" : "Sender";
    return "<ErrorResponse xmlns=\""
        + namespace
        + "\"><Error><Type>"
        + type
        + "</Type><Code>"
        + esc(error.code())
        + "</Code><Message>"
        + esc(error.getMessage())
        + "</Message></Error><RequestId>"
        + esc(requestId)
        + "</RequestId></ErrorResponse>";
  }

  /** {@code s} as XML text (empty for null). */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
