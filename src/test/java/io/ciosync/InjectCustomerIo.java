package io.ciosync;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link CustomerIoStandIn} field of a test using {@link CustomerIoStandInResource}; the resource
 * injects the stand-in of that region.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectCustomerIo {

    /** "us" (the default) or "eu". */
    String region() default "us";
}
