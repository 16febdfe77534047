/**
 * The client of a node's agent REST API: address resolution, the requests, and errors turned into
 * one line a user can act on. Used by the {@code serve} command line and the Karaf shell commands.
 */
@Export
@Version("1.0.0")
package io.osgiserve.cli.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
