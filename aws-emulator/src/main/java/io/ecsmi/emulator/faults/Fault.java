package io.ecsmi.emulator.faults;

import io.ecsmi.emulator.AwsError;

/**
 * What fault injection decided for one call: an AWS error, a connection dropped before the service
 * sees the call, or one dropped after it carried the call out.
 */
public sealed interface Fault {

  record Error(AwsError error) implements Fault {}

  record ConnectionReset() implements Fault {}

  record ResponseLost() implements Fault {}
}
