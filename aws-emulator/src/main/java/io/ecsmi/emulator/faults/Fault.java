package io.ecsmi.emulator.faults;

import io.ecsmi.emulator.AwsError;

/** What fault injection decided for one call: an AWS error or a dropped connection. */
public sealed interface Fault {

  record Error(AwsError error) implements Fault {}

  record ConnectionReset() implements Fault {}
}
