package io.ecsmi.operator.api.v1alpha1;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A list whose items are unique and unordered: the build marks it {@code x-kubernetes-list-type:
 * set} in the CRD, so the API server refuses duplicates (naming the field) and server-side apply
 * merges it as a set. Used for the lists AWS's model calls sets ({@code *Set} shapes of ECS's
 * InstanceRequirementsRequest).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SetSemantics {}
