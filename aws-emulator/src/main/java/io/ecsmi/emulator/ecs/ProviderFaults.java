package io.ecsmi.emulator.ecs;

/**
 * Failures arranged for one capacity provider (by region and name, before or after it exists).
 *
 * @param updateFailure when set, every update ends in UPDATE_FAILED with this reason
 * @param deleteFailure when set, every deletion ends in DELETE_FAILED with this reason
 * @param inUse when true, DeleteCapacityProvider is refused: the provider is in use
 */
public record ProviderFaults(String updateFailure, String deleteFailure, boolean inUse) {

  public static final ProviderFaults NONE = new ProviderFaults(null, null, false);
}
