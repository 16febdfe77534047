/**
 * The node's dashboard: its static pages ({@link io.osgiserve.dashboard.DashboardHandler}, under
 * {@code /dashboard/}) and the exchange of the agent's token for a session cookie
 * ({@link io.osgiserve.dashboard.DashboardSessions}) that the agent's own check accepts for the
 * dashboard's reads.
 */
@Export
@Version("1.0.0")
package io.osgiserve.dashboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
