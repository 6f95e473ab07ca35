package io.ciosync;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test did not run: surefire and failsafe print only "Skipped: 1", and the reason (set
 * {@code CIO_SYNC_TEST_PG_URL}, install prometheus, chromium…) was to be found in {@code target/*-reports} only.
 * Registered for every test run in {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        say(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) { // an assumption did not hold
            say(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void say(TestIdentifier test, String reason) {
        String name = test.getSource()
                .map(source -> source instanceof MethodSource m
                        ? m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "." + m.getMethodName()
                        : source instanceof ClassSource c ? c.getClassName() : test.getDisplayName())
                .orElse(test.getDisplayName());
        System.out.println("[SKIPPED] " + name + ": " + reason);
    }
}
