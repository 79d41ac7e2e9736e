package io.ecsmi.emulator;

import java.time.Duration;
import java.time.Instant;

/** The emulated account's clock and its queue of AWS's asynchronous transitions. */
public interface EmulatedTime {

  Instant now();

  /** Runs {@code action} once {@code delay} has passed, under the account lock. */
  void after(Duration delay, Runnable action);
}
