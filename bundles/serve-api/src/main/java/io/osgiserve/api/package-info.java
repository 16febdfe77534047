/**
 * What a user writes deployments against: deployment definitions, binding them into an application
 * graph, handles to call other deployments, the replica's context, and the built-in {@link DAGDriver}.
 */
@Export
@Version("1.3.0")
package io.osgiserve.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
