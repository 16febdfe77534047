package io.osgiserve.runtime.osgi;

import io.osgiserve.runtime.controller.ReplicaConfig;
import io.osgiserve.runtime.controller.ReplicaTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Replica configurations as named factory configurations of {@code serve.replica}, bound to no bundle location. */
final class ConfigAdminTransport implements ReplicaTransport {
    private final ConfigurationAdmin admin;

    ConfigAdminTransport(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    private Configuration configuration(String replicaId) throws IOException {
        return admin.getFactoryConfiguration(ReplicaComponent.PID, replicaId.replace('#', '.'), "?");
    }

    @Override
    public void create(ReplicaConfig config) {
        try {
            configuration(config.replicaId()).update(config.toProperties());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of replica " + config.replicaId(), e);
        }
    }

    @Override
    public void delete(String replicaId) {
        try {
            configuration(replicaId).delete();
        } catch (IOException | IllegalStateException e) {
            // already gone
        }
    }

    @Override
    public void deleteAll() {
        try {
            Configuration[] all = admin.listConfigurations("(service.factoryPid=" + ReplicaComponent.PID + ")");
            if (all != null) {
                for (Configuration c : all) {
                    c.delete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list replica configurations", e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
