/**
 * The application config of Ray Serve's {@code ServeApplicationSchema} on the JVM: parsing from YAML or
 * JSON (keeping exactly what the user wrote), validation with one {@link io.osgiserve.config.FieldError}
 * per problem, the typed view with its {@link io.osgiserve.config.Defaults}, and the
 * {@link io.osgiserve.config.UpdatePlanner} that says what a redeploy must change.
 */
@Export
@Version("1.0.0")
package io.osgiserve.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
