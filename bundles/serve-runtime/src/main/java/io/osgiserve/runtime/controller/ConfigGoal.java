package io.osgiserve.runtime.controller;

import io.osgiserve.config.ConfigDocument;

/** One accepted deploy: the config, when it was accepted, and a number that grows with each goal. */
record ConfigGoal(ConfigDocument doc, double timestamp, long generation) {
}
