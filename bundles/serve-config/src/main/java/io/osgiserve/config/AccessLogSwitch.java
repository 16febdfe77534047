package io.osgiserve.config;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a config asks for the ingress's access log on an application's route: the
 * {@code logging_config.enable_access_log} written nearest to the route wins (the route's deployment,
 * then its application, then the document's top level, as Ray's logging_config nests); empty when
 * none is written, and then the node's {@code serve.access.log} decides.
 */
public final class AccessLogSwitch {

    private static final String LOGGING = "logging_config";
    private static final String ENABLE = "enable_access_log";

    private AccessLogSwitch() {
    }

    /** @param deployment the deployment the application's route leads to */
    public static Optional<Boolean> written(ConfigDocument doc, AppConfig app, String deployment) {
        Object fromDeployment = app.deployment(deployment).map(d -> switchIn(d.written())).orElse(null);
        for (Object value : new Object[] {fromDeployment, switchIn(app.written()), switchIn(doc.written())}) {
            if (value instanceof Boolean on) {
                return Optional.of(on);
            }
        }
        return Optional.empty();
    }

    private static Object switchIn(Map<String, Object> written) {
        return written.get(LOGGING) instanceof Map<?, ?> logging ? logging.get(ENABLE) : null;
    }
}
