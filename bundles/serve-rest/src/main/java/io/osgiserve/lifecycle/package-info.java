/**
 * The Jakarta lifecycle and injection annotations ({@code @Inject} constructor, {@code @PostConstruct},
 * {@code @PreDestroy}) on deployment classes, for the runtime that makes and retires replicas.
 */
@Export
@Version("1.0.0")
package io.osgiserve.lifecycle;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
