package io.osgiserve.http.agent;

import org.eclipse.jetty.server.Request;

/**
 * How the agent tells an operator's request from anyone else's. The bearer token is the one there is now;
 * a dashboard may add a session cookie (obtained with the token) as another, combined with {@link #or}.
 */
interface AgentAuthentication {

    /** Whether the request carries a credential this accepts. */
    boolean admits(Request request);

    default AgentAuthentication or(AgentAuthentication other) {
        return request -> admits(request) || other.admits(request);
    }

    /** Every request is admitted: {@code --no-auth}. */
    AgentAuthentication NONE = request -> true;
}
