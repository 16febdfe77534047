package io.osgiserve.runtime.controller;

import io.osgiserve.config.ConfigDocument;
import io.osgiserve.runtime.code.Caller;

/**
 * One accepted deploy: the config, when it was accepted, a number that grows with each goal, and where
 * it came from (its code is fetched with that caller's {@code file:} policy).
 */
record ConfigGoal(ConfigDocument doc, double timestamp, long generation, Caller caller) {
}
