/**
 * The config of Ray Serve on the JVM, in both its forms ({@link io.osgiserve.config.ConfigForm}): Ray 2.0's
 * one-application {@code ServeApplicationSchema} and current Ray's multi-application
 * {@code ServeDeploySchema}. Parsing from YAML or JSON (keeping exactly what the user wrote), validation
 * with one {@link io.osgiserve.config.FieldError} per problem, the typed view with its
 * {@link io.osgiserve.config.Defaults}, the {@link io.osgiserve.config.UpdatePlanner} that says what a
 * redeploy must change, and the config parts of the details document.
 */
@Export
@Version("1.1.0")
package io.osgiserve.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
