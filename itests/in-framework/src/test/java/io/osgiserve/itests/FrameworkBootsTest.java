package io.osgiserve.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;

/** The harness itself: the framework the acceptance tests need is up, with our bundles active. */
class FrameworkBootsTest {

    @InjectBundleContext
    BundleContext context;

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.felix.scr", "org.apache.felix.configadmin", "serve-config", "serve-api",
        "serve-runtime", "serve-http", "serve-example-fruit"})
    void bundleIsActive(String symbolicName) {
        Bundle bundle = Bundles.bySymbolicName(context, symbolicName);
        assertNotNull(bundle, symbolicName + " is not installed");
        assertEquals(Bundle.ACTIVE, bundle.getState(), symbolicName + " is not ACTIVE");
    }

    @Test
    void declarativeServicesAndConfigAdminAreRegisteredByFelix() {
        assertEquals("org.apache.felix.scr", providerOf(ServiceComponentRuntime.class));
        assertEquals("org.apache.felix.configadmin", providerOf(ConfigurationAdmin.class));
    }

    private String providerOf(Class<?> service) {
        var reference = context.getServiceReference(service);
        assertNotNull(reference, "no " + service.getSimpleName() + " service");
        return reference.getBundle().getSymbolicName();
    }
}
