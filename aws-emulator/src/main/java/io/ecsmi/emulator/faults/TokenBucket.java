package io.ecsmi.emulator.faults;

/** A token bucket: {@code perSecond} sustained, {@code burst} at once. Thread-safe. */
final class TokenBucket {

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  TokenBucket(double perSecond, double burst, long nowNanos) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate limit needs perSecond > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** A fresh, full bucket with the same limits (for per-region limits from one setting). */
  TokenBucket copy(long nowNanos) {
    return new TokenBucket(perSecond, burst, nowNanos);
  }

  synchronized boolean tryAcquire(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
