package io.ecsmi.emulator.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmi.emulator.AwsError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Server-side validation of CreateCapacityProvider / UpdateCapacityProvider and tagging, with
 * messages in ECS's style that name the offending member. Each rule has a source: the ECS API
 * reference and botocore model (research ecs-semantics.md §1b), other AWS documentation, or, for
 * the capacity-reservation combinations AWS is silent on, Terraform's rules (§3). Nothing without a
 * source is checked: the model bounds neither subnets nor security groups, nor the instance
 * requirement ranges (no minimum, no min &le; max), so neither does the emulator.
 */
final class EcsValidation {

  /** "Up to 255 characters ... letters ..., numbers, underscores (_), and hyphens (-)". */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  /**
   * IAM ARN formats (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
   */
  static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

  static final Pattern INSTANCE_PROFILE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]+");

  /**
   * A resource group's ARN: arn:${Partition}:resource-groups:${Region}:${Account}:group/${Name}.
   */
  static final Pattern RESERVATION_GROUP_ARN =
      Pattern.compile("arn:aws[a-z-]*:resource-groups:[a-z0-9-]+:\\d{12}:group/[\\w.-]+");

  /** EC2 resource IDs: a type prefix and an ID (EC2 would reject a malformed one). */
  static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-zA-Z]+");

  static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]+");

  /** The model's Tags: max 50; TagKey 1..128, TagValue 0..256. */
  static final int MAX_TAGS = 50;

  private static final Map<String, Set<String>> ENUMS =
      Map.ofEntries(
          Map.entry("monitoring", Set.of("BASIC", "DETAILED")),
          Map.entry("capacityOptionType", Set.of("ON_DEMAND", "SPOT", "RESERVED")),
          Map.entry("propagateTags", Set.of("CAPACITY_PROVIDER", "NONE")),
          Map.entry("actionsStatus", Set.of("ENABLED", "DISABLED")),
          Map.entry(
              "reservationPreference",
              Set.of("RESERVATIONS_ONLY", "RESERVATIONS_FIRST", "RESERVATIONS_EXCLUDED")),
          Map.entry("cpuManufacturers", Set.of("intel", "amd", "amazon-web-services")),
          Map.entry("instanceGenerations", Set.of("current", "previous")),
          Map.entry("bareMetal", Set.of("included", "required", "excluded")),
          Map.entry("burstablePerformance", Set.of("included", "required", "excluded")),
          Map.entry("localStorage", Set.of("included", "required", "excluded")),
          Map.entry("localStorageTypes", Set.of("hdd", "ssd")),
          Map.entry("acceleratorTypes", Set.of("gpu", "fpga", "inference")),
          Map.entry(
              "acceleratorManufacturers",
              Set.of("amazon-web-services", "amd", "nvidia", "xilinx", "habana")),
          Map.entry(
              "acceleratorNames",
              Set.of(
                  "a100",
                  "inferentia",
                  "k520",
                  "k80",
                  "m60",
                  "radeon-pro-v520",
                  "t4",
                  "vu9p",
                  "v100",
                  "a10g",
                  "h100",
                  "t4g")));

  private static final List<String> INTEGER_RANGES =
      List.of(
          "vCpuCount",
          "memoryMiB",
          "networkInterfaceCount",
          "baselineEbsBandwidthMbps",
          "acceleratorCount",
          "acceleratorTotalMemoryMiB");
  private static final List<String> DECIMAL_RANGES =
      List.of("memoryGiBPerVCpu", "totalLocalStorageGB", "networkBandwidthGbps");

  private EcsValidation() {}

  static void name(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid("name is required.");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()
        || lower.startsWith("aws")
        || lower.startsWith("ecs")
        || lower.startsWith("fargate")) {
      throw AwsError.ecs(
          "ClientException",
          "The specified capacity provider name is invalid. Up to 255 characters are allowed,"
              + " including letters (upper and lowercase), numbers, underscores, and hyphens. The"
              + " name cannot be prefixed with \"aws\", \"ecs\", or \"fargate\".");
    }
  }

  /** The create form of {@code managedInstancesProvider}. */
  static void createConfiguration(JsonNode mi) {
    configuration(mi, true);
    JsonNode template = mi.path("instanceLaunchTemplate");
    enumValue(template, "capacityOptionType", "managedInstancesProvider.instanceLaunchTemplate");
    bool(template, "fipsEnabled", "managedInstancesProvider.instanceLaunchTemplate");
  }

  /** The update form: no {@code capacityOptionType} or {@code fipsEnabled} (they are immutable). */
  static void updateConfiguration(JsonNode mi) {
    configuration(mi, false);
  }

  /**
   * The combinations of capacity-reservation members, checked on the configuration a create or
   * update results in. AWS's docs are silent on them (the API reference only says the reservations
   * are "to be used when using the RESERVED capacity option type"); these are the four rules
   * Terraform enforces (hashicorp/terraform-provider-aws PR #48816; research ecs-semantics.md §3).
   */
  static void capacityReservationRules(JsonNode mi) {
    String p = "managedInstancesProvider.instanceLaunchTemplate";
    JsonNode template = mi.path("instanceLaunchTemplate");
    JsonNode reservations = template.path("capacityReservations");
    boolean reserved = "RESERVED".equals(template.path("capacityOptionType").asText());
    boolean hasReservations = reservations.isObject();
    if (hasReservations && !reserved) {
      throw invalid(
          p + ".capacityReservations can only be specified when capacityOptionType is RESERVED.");
    }
    if (reserved && !hasReservations) {
      throw invalid(p + ".capacityReservations is required when capacityOptionType is RESERVED.");
    }
    if (!hasReservations) {
      return;
    }
    String preference = reservations.path("reservationPreference").asText("");
    if (reservations.hasNonNull("reservationGroupArn") && !preference.equals("RESERVATIONS_ONLY")) {
      throw invalid(
          p
              + ".capacityReservations.reservationGroupArn can only be specified when"
              + " reservationPreference is RESERVATIONS_ONLY.");
    }
    if ((preference.equals("RESERVATIONS_ONLY") || preference.equals("RESERVATIONS_FIRST"))
        && !template.path("instanceRequirements").isObject()) {
      throw invalid(
          p
              + ".instanceRequirements is required when capacityReservations.reservationPreference"
              + " is RESERVATIONS_ONLY or RESERVATIONS_FIRST.");
    }
  }

  static void tags(JsonNode tags, int existingOtherKeys) {
    if (tags == null || tags.isNull() || tags.isMissingNode()) {
      return;
    }
    if (!tags.isArray()) {
      throw invalid("tags must be a list of key/value pairs.");
    }
    if (tags.size() + existingOtherKeys > MAX_TAGS) {
      throw invalid(
          "Too many tags: a resource can have at most " + MAX_TAGS + " tags (user-defined).");
    }
    for (JsonNode tag : tags) {
      String key = tag.path("key").asText(null);
      String value = tag.path("value").asText("");
      tagKey(key);
      if (value.length() > 256) {
        throw invalid("Tag value for key '" + key + "' is longer than 256 characters.");
      }
    }
  }

  static void tagKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 128) {
      throw invalid("Tag keys must be between 1 and 128 characters long.");
    }
    if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      throw invalid("Tag keys with the prefix 'aws:' are reserved for AWS use: " + key);
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  private static void configuration(JsonNode mi, boolean create) {
    String p = "managedInstancesProvider";
    if (mi == null || !mi.isObject()) {
      throw invalid(p + " is required.");
    }
    String role = text(mi, "infrastructureRoleArn");
    if (role == null) {
      throw invalid(p + ".infrastructureRoleArn is required.");
    }
    if (!ROLE_ARN.matcher(role).matches()) {
      throw invalid(p + ".infrastructureRoleArn is not a valid IAM role ARN: " + role + ".");
    }
    enumValue(mi, "propagateTags", p);
    JsonNode optimization = mi.path("infrastructureOptimization");
    if (optimization.has("scaleInAfter")) {
      int seconds = integer(optimization, "scaleInAfter", p + ".infrastructureOptimization");
      if (seconds != -1 && (seconds < 0 || seconds > 3600)) {
        throw invalid(
            p
                + ".infrastructureOptimization.scaleInAfter must be -1 or between 0 and 3600"
                + " seconds.");
      }
    }
    enumValue(mi.path("autoRepairConfiguration"), "actionsStatus", p + ".autoRepairConfiguration");

    String t = p + ".instanceLaunchTemplate";
    JsonNode template = mi.path("instanceLaunchTemplate");
    if (!template.isObject()) {
      throw invalid(t + " is required.");
    }
    String profile = text(template, "ec2InstanceProfileArn");
    if (profile == null && create) {
      throw invalid(t + ".ec2InstanceProfileArn is required.");
    }
    if (profile != null && !INSTANCE_PROFILE_ARN.matcher(profile).matches()) {
      throw invalid(t + ".ec2InstanceProfileArn is not a valid instance profile ARN: " + profile);
    }
    JsonNode network = template.path("networkConfiguration");
    if (create && !network.isObject()) {
      throw invalid(t + ".networkConfiguration is required.");
    }
    if (network.isObject()) {
      // The ECS model bounds neither list; CloudFormation's AWS::ECS::CapacityProvider schema
      // requires Subnets (research ecs-semantics.md §1b, aws-api.md §1), so at least one.
      JsonNode subnets = network.path("subnets");
      if (!subnets.isArray() || subnets.isEmpty()) {
        throw invalid(t + ".networkConfiguration.subnets must contain at least one subnet.");
      }
      ids(subnets, SUBNET, t + ".networkConfiguration.subnets", "subnet ID");
      ids(network.path("securityGroups"), SECURITY_GROUP, t + ".networkConfiguration", "sg ID");
    }
    JsonNode storage = template.path("storageConfiguration");
    if (storage.has("storageSizeGiB")
        && integer(storage, "storageSizeGiB", t + ".storageConfiguration") < 1) {
      throw invalid(t + ".storageConfiguration.storageSizeGiB must be at least 1.");
    }
    bool(template.path("localStorageConfiguration"), "useLocalStorage", t);
    bool(template, "instanceMetadataTagsPropagation", t);
    enumValue(template, "monitoring", t);
    instanceRequirements(template.path("instanceRequirements"), t + ".instanceRequirements");
    capacityReservations(template.path("capacityReservations"), t + ".capacityReservations");
  }

  private static void instanceRequirements(JsonNode r, String p) {
    if (r.isMissingNode() || r.isNull()) {
      return;
    }
    // The model requires vCpuCount and memoryMiB, each with a min.
    if (!r.path("vCpuCount").has("min")) {
      throw invalid(p + ".vCpuCount.min is required.");
    }
    if (!r.path("memoryMiB").has("min")) {
      throw invalid(p + ".memoryMiB.min is required.");
    }
    for (String range : INTEGER_RANGES) {
      range(r.path(range), p + "." + range, true);
    }
    for (String range : DECIMAL_RANGES) {
      range(r.path(range), p + "." + range, false);
    }
    for (String list :
        List.of(
            "cpuManufacturers",
            "instanceGenerations",
            "localStorageTypes",
            "acceleratorTypes",
            "acceleratorManufacturers",
            "acceleratorNames")) {
      for (JsonNode value : r.path(list)) {
        if (!ENUMS.get(list).contains(value.asText())) {
          throw badEnum(p + "." + list, value.asText(), list);
        }
      }
    }
    for (String scalar : List.of("bareMetal", "burstablePerformance", "localStorage")) {
      enumValue(r, scalar, p);
    }
    for (String percent :
        List.of(
            "spotMaxPricePercentageOverLowestPrice",
            "onDemandMaxPricePercentageOverLowestPrice",
            "maxSpotPriceAsPercentageOfOptimalOnDemandPrice")) {
      if (r.has(percent)) {
        integer(r, percent, p);
      }
    }
    // EC2's InstanceRequirements: "Only one of SpotMaxPricePercentageOverLowestPrice or
    // MaxSpotPriceAsPercentageOfOptimalOnDemandPrice can be specified" and AllowedInstanceTypes /
    // ExcludedInstanceTypes: "one of the following parameters, but not both in the same request"
    // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceRequirementsRequest.html).
    if (r.has("spotMaxPricePercentageOverLowestPrice")
        && r.has("maxSpotPriceAsPercentageOfOptimalOnDemandPrice")) {
      throw invalid(
          p
              + ": specify either spotMaxPricePercentageOverLowestPrice or"
              + " maxSpotPriceAsPercentageOfOptimalOnDemandPrice, not both.");
    }
    if (!r.path("allowedInstanceTypes").isEmpty() && !r.path("excludedInstanceTypes").isEmpty()) {
      throw invalid(
          p + ": specify either allowedInstanceTypes or excludedInstanceTypes, not both.");
    }
    bool(r, "requireHibernateSupport", p);
  }

  /**
   * A range's bounds have the model's types (BoxedInteger or BoxedDouble). The model sets no bounds
   * and AWS documents no check of min against max, so there is none.
   */
  private static void range(JsonNode range, String p, boolean integral) {
    if (range.isMissingNode() || range.isNull()) {
      return;
    }
    for (String bound : List.of("min", "max")) {
      JsonNode v = range.path(bound);
      if (!v.isMissingNode()
          && !v.isNull()
          && (!v.isNumber() || (integral && !v.isIntegralNumber()))) {
        throw invalid(p + "." + bound + " must be " + (integral ? "an integer." : "a number."));
      }
    }
  }

  /** The form of capacityReservations; its combinations are {@link #capacityReservationRules}. */
  private static void capacityReservations(JsonNode reservations, String p) {
    if (reservations.isMissingNode() || reservations.isNull()) {
      return;
    }
    String group = text(reservations, "reservationGroupArn");
    if (group != null && !RESERVATION_GROUP_ARN.matcher(group).matches()) {
      throw invalid(p + ".reservationGroupArn is not a valid resource group ARN: " + group);
    }
    enumValue(reservations, "reservationPreference", p);
  }

  private static void ids(JsonNode list, Pattern pattern, String p, String what) {
    for (JsonNode id : list) {
      if (!pattern.matcher(id.asText()).matches()) {
        throw invalid(p + " contains an invalid " + what + ": " + id.asText());
      }
    }
  }

  private static void enumValue(JsonNode parent, String member, String p) {
    JsonNode v = parent.path(member);
    if (v.isMissingNode() || v.isNull()) {
      return;
    }
    if (!ENUMS.get(member).contains(v.asText())) {
      throw badEnum(p + "." + member, v.asText(), member);
    }
  }

  private static AwsError badEnum(String path, String value, String member) {
    return invalid(
        "Invalid value '"
            + value
            + "' for "
            + path
            + ". Valid values: "
            + String.join(", ", ENUMS.get(member).stream().sorted().toList())
            + ".");
  }

  private static void bool(JsonNode parent, String member, String p) {
    JsonNode v = parent.path(member);
    if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
      throw invalid(p + "." + member + " must be a boolean.");
    }
  }

  private static int integer(JsonNode parent, String member, String p) {
    JsonNode v = parent.path(member);
    if (!v.isIntegralNumber()) {
      throw invalid(p + "." + member + " must be an integer.");
    }
    return v.asInt();
  }

  private static String text(JsonNode parent, String member) {
    JsonNode v = parent.path(member);
    return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }

  static AwsError invalid(String message) {
    return AwsError.ecs("InvalidParameterException", message);
  }
}
