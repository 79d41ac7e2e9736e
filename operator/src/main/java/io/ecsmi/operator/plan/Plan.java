package io.ecsmi.operator.plan;

import io.ecsmi.operator.aws.Backoff.Track;
import io.ecsmi.operator.status.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a planner decided: the AWS actions to take, the status to report, the Events to record and
 * when to look again. Pure data: planners make it without I/O, executors carry it out.
 *
 * @param actions the AWS changes, in order; none when the plan only reports
 * @param outcome the status to report; with actions, what to report if they all succeed is computed
 *     again from AWS afterwards ({@link ConvergencePlanner#report})
 * @param pace when to look again
 * @param notices Events to record now (before any action)
 * @param report what the report after the actions needs to know
 * @param attempt a kind of retry this plan makes, so its next wait grows (a refused update retried)
 * @param after an exact delay that overrides {@code pace} (when a coordinator says when to ask)
 * @param finished the finalizer's work is done: remove it
 */
public record Plan(
    List<Action> actions,
    Outcome outcome,
    Pace pace,
    List<Notice> notices,
    Report report,
    Optional<Track> attempt,
    Optional<Duration> after,
    boolean finished) {

  public Plan {
    actions = List.copyOf(actions);
    notices = List.copyOf(notices);
  }

  /**
   * What the report after a plan's actions needs: whether the provider was adopted and which fields
   * were set back as drift (both null when not applicable).
   */
  public record Report(Boolean adopted, List<String> drift) {
    public static final Report NONE = new Report(null, null);
  }

  /** Report {@code outcome}, no AWS change. */
  public static Plan report(Outcome outcome, Pace pace, Notice... notices) {
    return new Plan(
        List.of(),
        outcome,
        pace,
        List.of(notices),
        Report.NONE,
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** Report {@code outcome} and look again after exactly {@code delay}. */
  public static Plan reportAfter(Outcome outcome, Duration delay, Notice... notices) {
    return new Plan(
        List.of(),
        outcome,
        Pace.POLL,
        List.of(notices),
        Report.NONE,
        Optional.empty(),
        Optional.of(delay),
        false);
  }

  /** Take {@code actions}; the outcome comes from what AWS says afterwards. */
  public static Plan act(List<Action> actions, List<Notice> notices, Report report) {
    return new Plan(
        actions, null, Pace.SETTLED, notices, report, Optional.empty(), Optional.empty(), false);
  }

  /** The finalizer's work is done. */
  public static Plan finish(Notice... notices) {
    return new Plan(
        List.of(),
        null,
        Pace.SETTLED,
        List.of(notices),
        Report.NONE,
        Optional.empty(),
        Optional.empty(),
        true);
  }

  public Plan counting(Track track) {
    return new Plan(actions, outcome, pace, notices, report, Optional.of(track), after, finished);
  }

  /** This plan, with Events of {@code first} recorded before its own. */
  public Plan withNoticesFirst(List<Notice> first) {
    List<Notice> all = new java.util.ArrayList<>(first);
    all.addAll(notices);
    return new Plan(actions, outcome, pace, all, report, attempt, after, finished);
  }

  /** This plan, looking again after exactly {@code delay}. */
  public Plan lookingAgainAfter(Duration delay) {
    return new Plan(actions, outcome, pace, notices, report, attempt, Optional.of(delay), finished);
  }

  public Plan withOutcome(Outcome value) {
    return new Plan(actions, value, pace, notices, report, attempt, after, finished);
  }
}
