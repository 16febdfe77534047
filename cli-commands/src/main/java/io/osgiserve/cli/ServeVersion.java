package io.osgiserve.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (Bundle-Version), or "development" when run from classes. */
final class ServeVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"serve " + (version == null ? "(development build)" : version)};
    }
}
