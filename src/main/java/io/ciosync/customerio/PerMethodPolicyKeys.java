package io.ciosync.customerio;

import java.util.List;
import java.util.Objects;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Keeps the per-method fault-tolerance keys of {@link CustomerIo} working now that its policy is declared on the class,
 * where SmallRye Fault Tolerance reads only the class key: asked for
 * {@code quarkus.fault-tolerance."io.ciosync.customerio.CustomerIo".retry.max-retries} (or its
 * {@code smallrye.faulttolerance.} spelling) and finding none, it answers with the same setting under
 * {@code "...CustomerIo/identify"} or {@code "...CustomerIo/batch"}. One policy serves both calls (a job uses one of
 * them), so the two per-method keys set to different values are refused, naming the class key to use instead.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public class PerMethodPolicyKeys implements ConfigSourceInterceptor {

    static final String CLASS = "io.ciosync.customerio.CustomerIo";
    private static final String KEY_PREFIX = "quarkus.fault-tolerance.";
    private static final List<String> PREFIXES = List.of(KEY_PREFIX, "smallrye.faulttolerance.");
    private static final List<String> METHODS = List.of("identify", "batch");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String setting = value == null ? classSetting(name) : null;
        if (setting == null) {
            return value;
        }
        ConfigValue found = null;
        for (String method : METHODS) {
            ConfigValue perMethod = context.proceed(key(CLASS + "/" + method, setting));
            if (perMethod == null || perMethod.getValue() == null) {
                continue;
            }
            if (found != null && !Objects.equals(found.getValue(), perMethod.getValue())) {
                throw new IllegalArgumentException(found.getName() + "=" + found.getValue() + " and "
                        + perMethod.getName() + "=" + perMethod.getValue()
                        + " differ, but one fault-tolerance policy serves both calls now: set "
                        + key(CLASS, setting) + " instead");
            }
            found = found == null ? perMethod : found;
        }
        return found == null ? null : found.withName(name);
    }

    /** The setting ({@code retry.max-retries}) a class key of {@link CustomerIo} names, or null for any other key. */
    private static String classSetting(String name) {
        for (String prefix : PREFIXES) {
            String classKey = prefix + '"' + CLASS + "\".";
            if (name.startsWith(classKey)) {
                return name.substring(classKey.length());
            }
        }
        return null;
    }

    static String key(String target, String setting) {
        return KEY_PREFIX + '"' + target + "\"." + setting;
    }
}
