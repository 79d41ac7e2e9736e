package io.ecsmi.operator;

import io.ecsmi.operator.config.OperatorConfig;

/**
 * Chooses the logback configuration before the first logger exists: {@code logback.xml} (text) or
 * {@code logback-json.xml} (one JSON object per line), both at the configured level. The resource's
 * namespace and name ride along on every reconcile log line (JOSDK's MDC).
 */
final class Logging {

  private Logging() {}

  static void configure(OperatorConfig.Logging logging) {
    System.setProperty("ecsmi.log.level", logging.level());
    if (logging.format() == OperatorConfig.LogFormat.JSON) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
