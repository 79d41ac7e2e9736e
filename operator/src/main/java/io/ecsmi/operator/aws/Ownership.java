package io.ecsmi.operator.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns a capacity provider, recorded in AWS tags: the Kubernetes cluster, the resource
 * (namespace/name) and its UID. The operator changes and deletes only what it owns.
 */
public record Ownership(String clusterId, String owner, String uid) {

  public static final String PREFIX = "ecsmi.io/";
  public static final String OWNER_CLUSTER_TAG = PREFIX + "owner-cluster";
  public static final String OWNER_TAG = PREFIX + "owner";
  public static final String UID_TAG = PREFIX + "uid";

  /** How a capacity provider's tags relate to this owner. */
  public enum Claim {
    /** Tagged with this resource's UID. */
    OURS,
    /** No ownership tags at all: created outside the operator. */
    UNCLAIMED,
    /** Tagged for this cluster and namespace/name, another UID: an earlier incarnation. */
    EARLIER_INCARNATION,
    /** Owned by another resource or another cluster. */
    FOREIGN
  }

  public Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(OWNER_CLUSTER_TAG, clusterId);
    tags.put(OWNER_TAG, owner);
    tags.put(UID_TAG, uid);
    return tags;
  }

  public Claim claimOf(Map<String, String> tags) {
    if (uid.equals(tags.get(UID_TAG))) {
      return Claim.OURS;
    }
    if (tags.keySet().stream().noneMatch(k -> k.startsWith(PREFIX))) {
      return Claim.UNCLAIMED;
    }
    if (clusterId.equals(tags.get(OWNER_CLUSTER_TAG)) && owner.equals(tags.get(OWNER_TAG))) {
      return Claim.EARLIER_INCARNATION;
    }
    return Claim.FOREIGN;
  }

  /** "namespace/name (uid ...)" of the owner recorded in {@code tags}, for messages. */
  public static String describeOwner(Map<String, String> tags) {
    return tags.getOrDefault(OWNER_TAG, "?")
        + " in cluster "
        + tags.getOrDefault(OWNER_CLUSTER_TAG, "?")
        + " (uid "
        + tags.getOrDefault(UID_TAG, "?")
        + ")";
  }
}
