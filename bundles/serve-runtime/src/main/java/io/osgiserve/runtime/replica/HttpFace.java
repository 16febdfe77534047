package io.osgiserve.runtime.replica;

import io.osgiserve.api.HttpRequest;
import java.util.concurrent.CompletionStage;

/** How a replica answers the ingress's HTTP requests when its class is not called by method name (a REST resource). */
public interface HttpFace {
    CompletionStage<?> answer(Object instance, HttpRequest request);
}
