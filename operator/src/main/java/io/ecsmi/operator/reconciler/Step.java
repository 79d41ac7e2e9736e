package io.ecsmi.operator.reconciler;

import io.ecsmi.operator.status.Outcome;
import java.time.Duration;
import java.util.Optional;

/** What a reconcile decided: the status it reports and when to look again (empty: on events). */
record Step(Outcome outcome, Optional<Duration> requeue) {}
