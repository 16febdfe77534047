package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.DeploymentCarrier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Deployment configurations as named factory configurations of {@code serve.deployment}, bound to no bundle location. */
final class ConfigAdminDeploymentCarrier implements DeploymentCarrier {
    private final ConfigurationAdmin admin;

    ConfigAdminDeploymentCarrier(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    private Configuration configuration(String app, String deployment) throws IOException {
        return admin.getFactoryConfiguration(DeploymentComponent.PID, app + "." + deployment, "?");
    }

    @Override
    public void write(String app, String deployment, Map<String, Object> properties) {
        try {
            configuration(app, deployment).update(new Hashtable<>(properties));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of deployment " + deployment, e);
        }
    }

    @Override
    public void delete(String app, String deployment) {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid(app, deployment) + ")");
            if (found != null) {
                for (Configuration c : found) {
                    c.delete();
                }
            }
        } catch (IOException | IllegalStateException | InvalidSyntaxException e) {
            // already gone
        }
    }

    @Override
    public void deleteAll() {
        try {
            Configuration[] all = admin.listConfigurations("(service.factoryPid=" + DeploymentComponent.PID + ")");
            if (all != null) {
                for (Configuration c : all) {
                    c.delete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list deployment configurations", e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String pid(String app, String deployment) {
        return DeploymentComponent.PID + "~" + app + "." + deployment;
    }
}
