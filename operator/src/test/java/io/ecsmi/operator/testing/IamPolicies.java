package io.ecsmi.operator.testing;

import io.ecsmi.emulator.AwsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's shipped IAM policy ({@code config/iam/operator-policy.json}), rendered for a
 * partition and an account the way its README tells users to: every {@code ${AWS::Partition}} and
 * {@code ${AWS::AccountId}} replaced.
 */
public final class IamPolicies {

  public static final Path SHIPPED =
      KubeVersions.projectRoot().resolve("config/iam/operator-policy.json");

  private IamPolicies() {}

  public static String shipped(String partition) {
    return render(read(SHIPPED), partition, AwsEmulator.DEFAULT_ACCOUNT_ID);
  }

  public static String render(String template, String partition, String accountId) {
    return template.replace("${AWS::Partition}", partition).replace("${AWS::AccountId}", accountId);
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
