package io.osgiserve.itests.apps;

/**
 * The applications the acceptance tests deploy, by {@code import_path: itest:<field>} (the tester
 * bundle's manifest names this class {@code itest} in its {@code Serve-Module} header).
 */
public final class TestApps {
    private TestApps() {
    }
}
