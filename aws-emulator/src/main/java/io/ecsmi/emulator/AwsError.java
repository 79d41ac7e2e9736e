package io.ecsmi.emulator;

/**
 * An error the emulated AWS service answers with, exactly as the real service would put it on the
 * wire: the error code (ECS {@code __type}, IAM {@code <Code>}), the message and the HTTP status.
 */
public final class AwsError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  public AwsError(String code, String message, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** ECS errors are HTTP 400 except {@code ServerException} (500). */
  public static AwsError ecs(String code, String message) {
    return new AwsError(code, message, "ServerException".equals(code) ? 500 : 400);
  }

  public static AwsError iam(String code, String message, int httpStatus) {
    return new AwsError(code, message, httpStatus);
  }

  @Override
  public String toString() {
    return code + " (" + httpStatus + "): " + getMessage();
  }
}
