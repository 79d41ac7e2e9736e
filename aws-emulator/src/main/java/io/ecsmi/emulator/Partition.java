package io.ecsmi.emulator;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AWS partitions the emulator serves. A partition is a separate copy of AWS: its ARNs start
 * with {@code arn:<partition>:}, and its IAM (roles, deletion tasks) is not visible from another
 * partition.
 *
 * <p>Which regions belong to which partition follows the {@code regionRegex} of botocore's {@code
 * botocore/data/partitions.json} (research note iam-authorization.md §4.1). IAM has one endpoint
 * per partition; its signing regions are the partition endpoint names {@code aws-global}, {@code
 * aws-cn-global}, {@code aws-us-gov-global} (what the SDK signs with when given an endpoint
 * override) and the {@code credentialScope.region} of botocore's {@code endpoints.json} ({@code
 * us-east-1}, {@code cn-north-1}, {@code us-gov-west-1}, what it signs with against the real
 * endpoints; iam-authorization.md §4.2).
 */
public enum Partition {
  AWS("aws", "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$", "aws-global", "us-east-1"),
  AWS_CN("aws-cn", "^cn\\-\\w+\\-\\d+$", "aws-cn-global", "cn-north-1"),
  AWS_US_GOV("aws-us-gov", "^us\\-gov\\-\\w+\\-\\d+$", "aws-us-gov-global", "us-gov-west-1");

  private final String id;
  private final Pattern regions;
  private final List<String> iamSigningRegions;

  Partition(String id, String regionRegex, String globalEndpoint, String iamCredentialScope) {
    this.id = id;
    this.regions = Pattern.compile(regionRegex);
    this.iamSigningRegions = List.of(globalEndpoint, iamCredentialScope);
  }

  /**
   * The partition's name as it appears in ARNs: {@code aws}, {@code aws-cn}, {@code aws-us-gov}.
   */
  public String id() {
    return id;
  }

  /**
   * The partition of a region, e.g. {@code cn-north-1} → {@link #AWS_CN}.
   *
   * @throws IllegalArgumentException when the region belongs to no emulated partition
   */
  public static Partition of(String region) {
    return find(region)
        .orElseThrow(() -> new IllegalArgumentException(notEmulated("region", region)));
  }

  /** The partition of a region, if the emulator serves it. */
  public static Optional<Partition> find(String region) {
    if (region == null) {
      return Optional.empty();
    }
    for (Partition p : values()) {
      if (p.regions.matcher(region).matches()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * A partition by its name, e.g. {@code "aws-cn"}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Partition byId(String id) {
    for (Partition p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "the emulator does not emulate the partition '"
            + id
            + "'; it emulates aws, aws-cn and aws-us-gov");
  }

  /** The partition whose IAM endpoint signs with {@code region}, if it is one of the six. */
  public static Optional<Partition> ofIamSigningRegion(String region) {
    for (Partition p : values()) {
      if (p.iamSigningRegions.contains(region)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
  public String arn(String service, String region, String account, String resource) {
    return "arn:" + id + ":" + service + ":" + region + ":" + account + ":" + resource;
  }

  static String notEmulated(String what, String region) {
    return "The emulator does not emulate the partition of "
        + what
        + " '"
        + region
        + "': it emulates aws ("
        + AWS.regions.pattern()
        + "), aws-cn ("
        + AWS_CN.regions.pattern()
        + ") and aws-us-gov ("
        + AWS_US_GOV.regions.pattern()
        + ").";
  }
}
