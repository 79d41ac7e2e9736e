package io.ecsmi.operator.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * An AWS partition the operator serves: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. The
 * region decides it (the SDK's partition data, from AWS's partitions.json), and it decides the IAM
 * endpoint and signing region (IAM is global per partition: botocore endpoints.json {@code iam}:
 * aws-global, aws-cn-global, aws-us-gov-global) and every ARN the operator builds ({@code
 * arn:${Partition}:...}, Service Authorization Reference).
 *
 * @param id the partition id, the second field of its ARNs
 * @param iamRegion the SDK region of the partition's global IAM endpoint
 */
public record Partition(String id, Region iamRegion) {

  public static final Partition AWS = new Partition("aws", Region.AWS_GLOBAL);
  public static final Partition AWS_CN = new Partition("aws-cn", Region.AWS_CN_GLOBAL);
  public static final Partition AWS_US_GOV = new Partition("aws-us-gov", Region.AWS_US_GOV_GLOBAL);

  /** The partitions the operator and its emulator are tested in. */
  public static final List<Partition> SUPPORTED = List.of(AWS, AWS_CN, AWS_US_GOV);

  /** The partition of {@code region}, or empty for one the operator does not support. */
  public static Optional<Partition> of(String region) {
    String id = PartitionMetadata.of(Region.of(region)).id();
    return SUPPORTED.stream().filter(p -> p.id.equals(id)).findFirst();
  }

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
  public String arn(String service, String region, String account, String resource) {
    return "arn:" + id + ":" + service + ":" + region + ":" + account + ":" + resource;
  }

  /**
   * Whether ECS launches Managed Instances with FIPS when {@code fipsEnabled} is not given: "If not
   * specified, instances are launched with FIPS enabled in AWS GovCloud (US) regions and FIPS
   * disabled in other regions" (ECS API Reference, InstanceLaunchTemplate.fipsEnabled).
   */
  public boolean fipsByDefault() {
    return id.equals(AWS_US_GOV.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
