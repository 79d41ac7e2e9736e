package io.ecsmi.operator.config;

/** The operator's version, from the jar manifest ("dev" when run from classes). */
public final class OperatorVersion {

  private OperatorVersion() {}

  public static String get() {
    String version = OperatorVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
