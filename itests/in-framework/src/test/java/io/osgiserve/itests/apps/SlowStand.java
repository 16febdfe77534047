package io.osgiserve.itests.apps;

import io.osgiserve.api.HttpRequest;

/** A routed deployment whose every request waits in the {@link Turnstile}. */
public final class SlowStand {
    public String call(HttpRequest request) throws InterruptedException {
        return Turnstile.pass();
    }
}
