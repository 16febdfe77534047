package io.osgiserve.runtime.controller;

import io.osgiserve.config.AppConfig;
import io.osgiserve.config.ConfigDocument;
import io.osgiserve.config.ConfigException;
import io.osgiserve.config.ConfigForm;
import io.osgiserve.runtime.code.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One accepted deploy: the config, when it was accepted, a number that grows with each goal, and where
 * it came from (its code is fetched with that caller's {@code file:} policy). The controller keeps one
 * for the whole document and one per application (a one-application document).
 */
record ConfigGoal(ConfigDocument doc, double timestamp, long generation, Caller caller) {

    /** {@code app} of {@code doc} as a document of its own: the top-level fields and that application only. */
    static ConfigDocument alone(ConfigDocument doc, AppConfig app) {
        if (doc.form() == ConfigForm.SINGLE_APP || doc.applications().size() == 1) {
            return doc;
        }
        Map<String, Object> written = new LinkedHashMap<>(doc.written());
        written.put("applications", List.of(app.written()));
        try {
            return ConfigDocument.parseJson(UserConfigs.toJson(written));
        } catch (ConfigException e) {
            throw new IllegalStateException("an application of a valid document is not valid alone: " + e.getMessage(), e);
        }
    }
}
