package io.ecsmi.e2e.reliability;

import java.time.Duration;
import java.util.List;

/**
 * One scenario's line of the table.
 *
 * @param operations what was asked of the operator: creates, spec updates and deletes of resources
 * @param faults AWS calls that failed by injection (throttled, 5xx, connections dropped)
 * @param crashes operator processes killed (SIGKILL) and started again
 * @param convergence from the last fault (or crash) to every invariant holding
 * @param violations what did not hold; must be none
 */
record Outcome(
    String scenario,
    long operations,
    long faults,
    int crashes,
    Duration convergence,
    List<String> violations) {}
