package io.osgiserve.runtime.controller;

import io.osgiserve.api.BoundDeployment;
import io.osgiserve.api.BoundMethod;
import io.osgiserve.api.ReplicaContext;
import io.osgiserve.lifecycle.ReplicaLifecycle;
import io.osgiserve.runtime.routing.DeploymentRouter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Makes a deployment's user object: its bound arguments (handles for graph edges), then the replica context if asked for. */
final class Constructors {
    private Constructors() {
    }

    /**
     * @param code the identity of the code the replica runs: its handles prefer replicas of their target
     *     that run the same code, so user types never cross bundle versions during a code update
     */
    static Callable<Object> of(BoundDeployment node, ReplicaContext context, Map<String, DeploymentRouter> routers,
            String code) {
        Class<?> type = node.deployment().type();
        List<Object> bound = node.args();
        Object[] args = new Object[bound.size()];
        for (int i = 0; i < args.length; i++) {
            Object a = bound.get(i);
            if (a instanceof BoundDeployment d) {
                args[i] = Handles.to(d.deployment().name(), routers, code);
            } else if (a instanceof BoundMethod m) {
                args[i] = Handles.to(m.target().deployment().name(), routers, code).method(m.method());
            } else {
                args[i] = a;
            }
        }
        return () -> {
            Constructor<?> chosen = ReplicaLifecycle.of(type).constructor(args.length); // the @Inject one, if marked
            boolean withContext = chosen != null && chosen.getParameterCount() == args.length + 1;
            for (Constructor<?> c : chosen != null ? new Constructor<?>[0] : type.getConstructors()) {
                Class<?>[] p = c.getParameterTypes();
                if (p.length == args.length + 1 && p[p.length - 1] == ReplicaContext.class) {
                    chosen = c;
                    withContext = true;
                    break;
                }
                if (p.length == args.length) {
                    chosen = c;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException(type.getName() + " has no public constructor taking the "
                        + args.length + " bound argument(s)" + (args.length == 0 ? "" : " " + bound)
                        + " (optionally followed by a ReplicaContext)");
            }
            Object[] actual = args;
            if (withContext) {
                actual = java.util.Arrays.copyOf(args, args.length + 1);
                actual[args.length] = context;
            }
            try {
                return chosen.newInstance(actual);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw (Exception) e.getCause();
            }
        };
    }

    record Context(String appName, String deploymentName, String replicaId, Map<String, String> envVars)
            implements ReplicaContext {
    }
}
