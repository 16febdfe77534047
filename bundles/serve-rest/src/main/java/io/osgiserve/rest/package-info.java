/**
 * Jakarta REST resources as deployments: one {@link io.osgiserve.rest.RestIngress} per deployment
 * version answers requests in process against the replica instance the router chose.
 */
@Export
@Version("1.1.0")
package io.osgiserve.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
